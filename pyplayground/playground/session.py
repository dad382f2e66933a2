"""A playground session: one dataset, one network, one training position.

This is what the browser trains, expressed with plain values so it can be driven
from Python too (see :mod:`pyplayground.bridge` for the worker's side). The config
(keys, defaults, validation) lives in :mod:`pyplayground.playground.config`; ``DEFAULTS``,
``HYPERPARAMETERS`` and ``validate`` are re-exported here.

Conventions:
- ``x_train (n_train, 2)``, ``x_test (n_test, 2)`` are the raw points (what the page
  draws); the network sees them expanded with the config's ``features``:
  ``(n, len(features))``.
- The output layer follows the dataset's problem: "classification" -> 1 tanh unit
  (labels +1/-1), "regression" -> 1 linear unit, "multiclass" -> softmax over the
  classes (labels 0.0, 1.0, ...), trained with cross-entropy.
- Neuron layers are numbered as the network diagram draws them: layer 0 holds the
  input (feature) nodes, layer ``L`` the outputs. ``net.weights[l]`` links neuron
  layer ``l`` to ``l + 1``; ``net.biases[l]`` belongs to neuron layer ``l + 1``.
- The rewind point is the network right after the last ``configure``, ``reset`` or
  ``load_model``; :meth:`Session.rewind` goes back to it exactly (dead links included).
- ``net.dead[l]`` marks the links L1 switched off for good (see :class:`pyplayground.nn.MLP`);
  they stay dead until the network is rebuilt, rewound or replaced, or a link's weight is set.
- Each epoch visits the training points in :func:`pyplayground.playground.shuffle.epoch_order`
  ``(n_train, init_seed, epoch)``, the order the WebGPU backend uses too.
"""
import math
import time

import numpy as np

from .. import nn
from ..errors import DivergedError
from ..explain.neurons import neuron_relevance
from ..landscape.live import MAX_POINTS, live_slice
from ..landscape.path import WeightPath
from . import datasets, features, shuffle
from .epoch_trainer import EpochTrainer
from .split_stats import SplitStats
from .config import (CUSTOM, DEFAULTS, HYPERPARAMETERS, LIMITS, check_epochs, check_hidden,  # noqa: F401
                     check_resolution, output_layer, problem_of, validate)

PARAM_KINDS = ("weight", "bias")  # what set_param can change
BOUNDED_OUTPUTS = ("tanh", "sigmoid")  # outputs whose square loss is finite whenever the weights are


def load_data(config):
    """All points of a validated config, shuffled: ``X (n, 2)``, ``y (n,)`` float64."""
    if config["dataset"] == CUSTOM:
        X, y = datasets.from_points(config["points"])
        order = np.random.default_rng(config["data_seed"]).permutation(len(X))
        return X[order], y[order]
    return datasets.make(config["dataset"], config["n_samples"], config["noise"], config["data_seed"])


class Session:
    """Data, network and training position for one config (see :func:`validate`)."""

    def __init__(self, config=None):
        self.path = WeightPath()  # the weights training visited since the rewind point (the landscape view's path)
        self.configure(config or {})

    def configure(self, config):
        """Apply a config and start afresh; all or nothing: on any error the session is unchanged.

        Everything (data, split, features, network) is built first, then installed at once.
        """
        c = validate(config)
        X, y = load_data(c)
        x_train, y_train, x_test, y_test = datasets.split(X, y, c["train_fraction"])
        in_train = features.expand(x_train, c["features"])  # network inputs (n_train, n_features)
        in_test = features.expand(x_test, c["features"])    # (n_test, n_features)
        net = _new_network(c)
        self.config, self.problem = c, problem_of(c["dataset"])
        self.x_train, self.y_train, self.x_test, self.y_test = x_train, y_train, x_test, y_test
        self._in_train, self._in_test = in_train, in_test
        self._install(net)

    def update(self, hyperparameters):
        """Change only :data:`HYPERPARAMETERS`, keeping the network and its training position."""
        other = sorted(set(hyperparameters) - set(HYPERPARAMETERS))
        if other:
            raise ValueError("only %s can change without a reset, not %s" % (", ".join(HYPERPARAMETERS), other))
        c = dict(self.config)
        c.update(hyperparameters)
        self.config = validate(c)

    @property
    def feature_labels(self):
        """Display labels of the input nodes, e.g. ``["X₁", "X₂"]``."""
        return features.labels(self.config["features"])

    # -- the network and its rewind point -----------------------------------------
    def reset(self):
        """New weights from ``init_seed``; epoch back to 0; this becomes the rewind point."""
        self._install(_new_network(self.config))

    def _install(self, net):
        self.net = net
        self._trainer = EpochTrainer(net)  # nn.MLP.step's arithmetic in fewer NumPy calls (epoch_trainer.py)
        self._stats = SplitStats(net, [(self._in_train, self.y_train), (self._in_test, self.y_test)],
                                 multiclass=self.problem == "multiclass")
        self._initial = ([w.copy() for w in net.weights], [b.copy() for b in net.biases], [d.copy() for d in net.dead])
        self.rewind()

    def rewind(self):
        """Back to the exact weights (and dead links) of the rewind point and epoch 0 (so the first epoch's shuffle)."""
        weights, biases, dead = self._initial
        self.net.weights = [w.copy() for w in weights]
        self.net.biases = [b.copy() for b in biases]
        self.net.dead = [d.copy() for d in dead]
        self.epoch = 0
        self.path.clear()
        self._record()

    def _record(self):
        self.path.add(nn.flat_parameters(self.net), self.epoch)

    def set_param(self, kind, layer, i, j, value):
        """Set ``weights[layer][i, j]`` (kind "weight") or ``biases[layer][j]`` (kind "bias"; ``i`` ignored).

        Indices are checked, ``value`` must be a finite number; the changed array is
        replaced by a new one, never written in place. The epoch is kept. A weight set by
        hand is a live link again, even if L1 had switched it off.
        """
        if kind not in PARAM_KINDS:
            raise ValueError("unknown parameter kind %r; valid: %s" % (kind, ", ".join(map(repr, PARAM_KINDS))))
        layer = _index(layer, len(self.net.weights), "layer")
        if not _is_finite_number(value):
            raise ValueError("value must be a finite number, got %r" % (value,))
        params = self.net.weights if kind == "weight" else self.net.biases
        new = params[layer].copy()
        if kind == "weight":
            i, j = _index(i, new.shape[0], "i"), _index(j, new.shape[1], "j")
            new[i, j] = float(value)
            dead = list(self.net.dead)
            dead[layer] = dead[layer].copy()
            dead[layer][i, j] = False
        else:
            new[_index(j, new.shape[0], "j")] = float(value)
        params = list(params)
        params[layer] = new
        if kind == "weight":
            self.net.weights, self.net.dead = params, dead
        else:
            self.net.biases = params
        self._record()

    def load_model(self, model):
        """Replace the network with a saved one (``nn.MLP.to_dict`` format).

        The model must take ``len(features)`` inputs and have the output layer the
        problem needs. On success config "hidden" and "activation" follow the model,
        the epoch is 0 and the model is the rewind point; on failure (ValueError)
        nothing changes.
        """
        _check_model_size(model)  # before from_dict builds any array
        net = nn.MLP.from_dict(model)
        c = self.config
        if net.sizes[0] != len(c["features"]):
            raise ValueError("the model takes %d inputs but the session has %d features (%s)"
                             % (net.sizes[0], len(c["features"]), ", ".join(c["features"])))
        output, n_out = output_layer(c["dataset"])
        if (net.sizes[-1], net.output_activation) != (n_out, output):
            raise ValueError("a %s problem needs %d %s output unit(s); the model has %d %s"
                             % (self.problem, n_out, output, net.sizes[-1], net.output_activation))
        new_config = dict(c)
        new_config.update(hidden=net.sizes[1:-1], activation=net.activation)
        self.config = validate(new_config)
        self._install(net)

    # -- training ------------------------------------------------------------------
    def train(self, epochs=1, budget_s=None):
        """Run up to ``epochs`` epochs (at least one), within ``budget_s`` seconds if given: an
        epoch starts only if one more, as long as the last, ends within the budget (so the page's
        play requests answer at a steady pace, not up to an epoch late).

        An epoch is one pass over the shuffled training set in mini-batches of
        ``batch_size``. If an epoch ends with non-finite parameters, the parameters of
        the epoch before are restored and :class:`DivergedError` is raised.
        """
        epochs = check_epochs(epochs)
        start = last = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected below
            for done in range(epochs):
                now = time.perf_counter()
                if done and budget_s is not None and (budget_s <= 0 or (now - start) + (now - last) > budget_s):
                    break
                last = now
                self._epoch()
        return self.stats()

    def _epoch(self):
        """One pass over the shuffled training set; restores the old state if it diverged."""
        c = self.config
        saved = (self.net.weights, self.net.biases, self.net.dead)
        # The shuffle depends only on (init_seed, epoch), so a session restored from its weights and
        # epoch (set_params, e.g. in a restarted worker) trains on exactly as the original would,
        # and the WebGPU backend (site/js/playground/backends/epoch-order.js) visits the points in the same order.
        order = shuffle.epoch_order(len(self._in_train), c["init_seed"], self.epoch)
        finite = self._trainer.run_epoch(self._in_train, self.y_train, order, c["batch_size"], c["learning_rate"],
                                         c["regularization"], c["regularization_rate"])
        if finite and len(self._in_train) and self.net.output_activation not in BOUNDED_OUTPUTS:
            # finite weights can still overflow an unbounded output's loss (tanh's square loss is at most 2)
            with np.errstate(over="ignore", invalid="ignore"):
                finite = math.isfinite(self.net.loss(self._in_train, self.y_train))
        if not finite:
            self.net.weights, self.net.biases, self.net.dead = saved
            raise DivergedError("training diverged at epoch %d (the loss became infinite or NaN): "
                                "lower the learning rate; the network was kept as it was after epoch %d"
                                % (self.epoch + 1, self.epoch))
        self.epoch += 1
        self._record()

    # -- measurements ----------------------------------------------------------------
    def stats(self):
        """``{"epoch", "train_loss", "test_loss"}``, plus ``"train_accuracy"``/``"test_accuracy"``
        (fraction correct: the sign for classification, the argmax for multiclass) for
        classification and multiclass; None where there is no data, and a loss that
        overflows is None (not inf/NaN). Both sets are measured in one forward pass (split_stats.py)."""
        s = {"epoch": self.epoch}
        for split, (loss, accuracy) in zip(("train", "test"), self._stats.measure()):
            s[split + "_loss"] = loss
            if self.problem != "regression":
                s[split + "_accuracy"] = accuracy
        return s

    def set_params(self, weights, biases, epoch, dead=None):
        """Replace every parameter and the epoch at once (another backend handing back its state).

        ``weights``/``biases`` are nested lists or arrays shaped like the network's; every
        value must be finite. ``dead``: the dead-link masks (``nn.MLP.to_dict()["dead"]``'s
        form); without it, the links dead now stay dead where their new weight is 0. On error
        (ValueError) nothing changes.
        """
        new = []
        for name, values, current in (("weights", weights, self.net.weights), ("biases", biases, self.net.biases)):
            if not isinstance(values, (list, tuple)) or len(values) != len(current):
                raise ValueError("%s must list %d layers" % (name, len(current)))
            arrays = [np.array(v, dtype=np.float64) for v in values]
            for layer, (a, c) in enumerate(zip(arrays, current)):
                if a.shape != c.shape or not np.all(np.isfinite(a)):
                    raise ValueError("%s[%d] must be finite numbers of shape %r" % (name, layer, c.shape))
            new.append(arrays)
        epoch = _index(epoch, 2 ** 31, "epoch")
        if dead is None:
            dead = [d & (w == 0) for d, w in zip(self.net.dead, new[0])]
        dead = nn.dead_masks(dead, new[0])
        self.net.weights, self.net.biases = new
        self.net.dead = dead
        self.epoch = epoch
        self._record()

    def landscape(self, resolution=21, directions="random", span=1.0):
        """The loss around the current weights and the path to them: see
        :func:`pyplayground.landscape.live.live_slice` (the directions' seed is ``init_seed``)."""
        return live_slice(self.net, self._in_train, self.y_train, self.path.points, resolution=resolution,
                          directions=directions, span=span, seed=self.config["init_seed"])

    def relevance(self, method, resolution=None, point=None):
        """LRP relevance of every node of the diagram (:func:`pyplayground.explain.neurons.neuron_relevance`),
        explaining the output (the predicted class for multiclass) from its logit.

        Returns ``(grids, at_point, layout)``: ``grids`` ``(n_nodes, resolution**2)`` float32 over
        the view grid (None without ``resolution``), ``at_point`` ``(n_nodes,)`` at input-plane
        point ``point = [x1, x2]`` (None without), rows in :meth:`neuron_grids` order.
        """
        grids = at_point = None
        layout = [[layer, n] for layer, n in enumerate(self.net.sizes)]
        if resolution is not None:
            rows = neuron_relevance(self.net, self._grid_inputs(resolution), method)
            grids = np.concatenate([r.T for r in rows], axis=0).astype(np.float32)
        if point is not None:
            if not (isinstance(point, (list, tuple)) and len(point) == 2 and all(map(_is_finite_number, point))):
                raise ValueError("point must be [x1, x2], two finite numbers, got %r" % (point,))
            inputs = features.expand(np.array([point], dtype=np.float64), self.config["features"])
            at_point = np.concatenate([r[0] for r in neuron_relevance(self.net, inputs, method)]).astype(np.float32)
        return grids, at_point, layout

    def dynamics(self, snapshots=64, seed=0):
        """This run's training dynamics as the Training page draws them (:mod:`pyplayground.dynamics.live`):
        from up to ``snapshots`` of the weight path (evenly spaced, the newest always), on at most
        ``landscape.live.MAX_POINTS`` training inputs; adds field ``every`` None and ``epoch``."""
        from ..dynamics import summarize
        from ..dynamics.live import PathRecorder
        points, epochs = self.path.points, self.path.epochs
        if len(points) > snapshots:
            keep = np.unique(np.linspace(0, len(points) - 1, snapshots).round().astype(int))
            points, epochs = [points[i] for i in keep], [epochs[i] for i in keep]
        X, y = self._in_train[:MAX_POINTS], self.y_train[:MAX_POINTS]
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            recorder = PathRecorder(self.net, points, epochs, X, y)
            return dict(summarize(recorder, seed), epoch=self.epoch, every=None)

    def network_inputs(self):
        """``(train_inputs (n_train, n_features), y_train, test_inputs, y_test)``: what the network sees."""
        return self._in_train, self.y_train, self._in_test, self.y_test

    def grid_inputs(self, resolution):
        """The view grid's points expanded with the features: ``(resolution**2, n_features)``."""
        return self._grid_inputs(resolution)

    def _grid_inputs(self, resolution):
        """The view grid's points expanded with the features: ``(resolution**2, n_features)``."""
        return features.expand(datasets.grid(check_resolution(resolution)), self.config["features"])

    def output_grid(self, resolution):
        """The output over the view's grid, ``(resolution * resolution,)`` float32, top row first.

        The single output for classification and regression; the predicted class index
        (0.0, 1.0, ...) for multiclass (see :meth:`output_probabilities`).
        """
        return self.output_view(resolution)[0]

    def output_view(self, resolution):
        """``(grid, scores)`` from one forward pass: :meth:`output_grid`'s values and, for multiclass,
        the class probabilities ``(resolution * resolution, n_classes)`` float32 (else None)."""
        out = self.net.forward(self._grid_inputs(resolution))
        if self.problem == "multiclass":
            return np.argmax(out, axis=1).astype(np.float32), out.astype(np.float32)
        return out[:, 0].astype(np.float32), None

    def output_probabilities(self, resolution):
        """Class probabilities over the view's grid, ``(resolution * resolution, n_classes)`` float32."""
        if self.problem != "multiclass":
            raise ValueError("output_probabilities needs a multiclass dataset; this one is %s" % self.problem)
        return self.net.forward(self._grid_inputs(resolution)).astype(np.float32)

    def neuron_grids(self, resolution):
        """Every neuron's value over the view's grid.

        Returns ``(values, layout)``: ``values`` is ``(n_neurons, resolution * resolution)``
        float32, rows ordered input feature nodes first (the feature values), then each
        hidden layer's units, then the outputs (probabilities for softmax); ``layout`` is
        ``[[layer, count], ...]`` with layer 0 the inputs.
        """
        acts = self.net.activations(self._grid_inputs(resolution))
        values = np.concatenate([a.T for a in acts], axis=0).astype(np.float32)
        layout = [[layer, int(a.shape[1])] for layer, a in enumerate(acts)]
        return values, layout


def _new_network(c):
    """A fresh network for validated config ``c``: its features in, its problem's output layer out."""
    output, n_out = output_layer(c["dataset"])
    sizes = [len(c["features"])] + c["hidden"] + [n_out]
    return nn.MLP(sizes, c["activation"], output, seed=c["init_seed"], init=c["init"])


def _check_model_size(model):
    """A model dict's declared layer sizes within LIMITS and its weight lists as long as declared,
    checked on the plain lists before any array is built (a file declaring 40 layers of 1024 units
    must not allocate 328 MB before it is refused). Other malformations are left to
    ``nn.MLP.from_dict``, which names them."""
    sizes = model.get("sizes") if isinstance(model, dict) else None
    if not isinstance(sizes, list) or len(sizes) < 2:
        return
    check_hidden(sizes[1:-1])
    for name, n, limit in (("inputs", sizes[0], LIMITS["inputs"]), ("outputs", sizes[-1], LIMITS["classes"])):
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= limit:
            raise ValueError("a model's %s must be an integer in [1, %d], got %r" % (name, limit, n))
    matrices = list(zip(sizes[:-1], sizes[1:]))
    for key, shapes in (("weights", matrices), ("biases", [(n,) for n in sizes[1:]]), ("dead", matrices)):
        layers = model.get(key)
        if not isinstance(layers, list):
            continue
        if len(layers) != len(shapes):
            raise ValueError("a model's %s must list %d layers, one per layer of its sizes" % (key, len(shapes)))
        for layer, (values, shape) in enumerate(zip(layers, shapes)):
            if not isinstance(values, list) or len(values) != shape[0] or (
                    len(shape) == 2 and not all(isinstance(row, list) and len(row) == shape[1] for row in values)):
                raise ValueError("a model's %s[%d] must have shape %r" % (key, layer, shape))


def _is_finite_number(v):
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:  # an int too large for a float
        return False


def _index(v, size, name):
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or not 0 <= v < size:
        raise ValueError("%s must be an integer in [0, %d), got %r" % (name, size, v))
    return int(v)
