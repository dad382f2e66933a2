"""A fully connected network (multi-layer perceptron) in batched NumPy.

Conventions (TF Playground's, unless noted):
- ``sizes = [d_in, h_1, ..., d_out]``; layer ``l`` maps ``sizes[l]`` to ``sizes[l+1]``.
- ``weights[l]`` is ``(sizes[l], sizes[l+1])``: a column is one unit's incoming weights.
  ``biases[l]`` is ``(sizes[l+1],)``. All parameters are float64.
- Initialisation: weights ``U(-0.5, 0.5)``, biases ``0.1`` (``init="zero"`` sets every
  weight to 0, TF Playground's ``initZero``).
- Output: ``output_activation`` names an activation (applied elementwise) or "softmax"
  (multiclass). The loss follows it (see :mod:`pyplayground.outputs`):
  an activation gives the square loss ``mean over samples of 0.5 * sum over outputs of
  (output - y)**2`` (with one output, TF Playground's square error averaged over the
  batch; ``y`` is ``(n,)`` or ``(n, d_out)``); "softmax" gives the cross-entropy
  ``mean over samples of -log p[class]`` with ``y`` class labels ``(n,)`` (0, 1, ...,
  as ints or floats) or one-hot rows ``(n, d_out)``. ``forward`` returns the
  probabilities ``p (n, d_out)``; the gradient at the logits is ``(p - onehot) / n``.
- One SGD step is TF Playground's ``updateWeights`` (its ``nn.ts``), on the batch-mean
  gradient: ``b -= lr * d_b`` (biases are never regularized); each live weight takes the
  data step ``w1 = w - lr * d_w``, then the regularization step
  ``w2 = w1 - lr * regularization_rate * R'(w)``, ``R'`` evaluated at ``w`` from before the
  data step, as TF's code does (so L2 and no regularization equal one combined step). With
  L1, a weight the regularization step carries across zero (``w1 * w2 < 0``) is set to 0 and
  its link is dead: ``dead[l] (sizes[l], sizes[l+1])`` bool marks it, and every later step
  skips it (no data step, no penalty, it stays exactly 0), whatever the regularization, until
  the network is rebuilt or its parameters replaced.
Every layer is one matrix product over the whole batch; nothing loops over samples.
"""
import numpy as np

from .. import activations as _activations
from .. import outputs as _outputs
from .. import regularization as _regularization

FORMAT = "pyplayground.mlp"
FORMAT_VERSION = 1
MAX_LAYERS, MAX_UNITS = 64, 1024  # what from_dict accepts, so a bad file cannot exhaust memory
INITS = ("uniform", "zero")


class MLP:
    """Multi-layer perceptron trained by TF Playground's rule: SGD with its L1/L2 steps, and
    links that L1 carries across zero dead for good (``dead``); see the module docstring."""

    def __init__(self, sizes, activation="tanh", output_activation="tanh", seed=0, init="uniform"):
        sizes = [int(s) for s in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError("sizes must list at least an input and an output size, all >= 1; got %r" % (sizes,))
        if init not in INITS:
            raise ValueError("unknown init %r; valid: %s" % (init, ", ".join(map(repr, INITS))))
        self._act = _activations.get(activation)
        self._out_act = _outputs.get(output_activation)  # an OutputLayer: function + loss
        self.sizes = sizes
        self.activation = activation
        self.output_activation = output_activation
        rng = np.random.default_rng(seed)
        self.weights = []  # weights[l]: (sizes[l], sizes[l+1])
        self.biases = []   # biases[l]: (sizes[l+1],)
        for d_in, d_out in zip(sizes[:-1], sizes[1:]):
            w = rng.uniform(-0.5, 0.5, (d_in, d_out))
            self.weights.append(np.zeros_like(w) if init == "zero" else w)
            self.biases.append(np.full(d_out, 0.1))
        self.dead = [np.zeros(w.shape, dtype=bool) for w in self.weights]  # dead[l]: like weights[l]; True: L1 switched it off

    @property
    def output_layer(self):
        """The output layer (:class:`pyplayground.outputs.OutputLayer`): its function, targets and loss."""
        return self._out_act

    # -- forward -------------------------------------------------------------
    def _layer_activation(self, layer):
        return self._out_act if layer == len(self.weights) - 1 else self._act

    def _forward_all(self, X):
        """Return ``(zs, acts)``: pre-activations per layer and ``[X, a_1, ..., a_L]``."""
        acts = [_as_batch(X, self.sizes[0])]
        zs = []
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            z = acts[-1] @ w + b
            zs.append(z)
            acts.append(self._layer_activation(layer).fn(z))
        return zs, acts

    def forward(self, X):
        """Network output for ``X (n, d_in)``: ``(n, d_out)``."""
        return self._forward_all(X)[1][-1]

    def activations(self, X):
        """``[X (n, d_in), a_1 (n, h_1), ..., output (n, d_out)]``."""
        return self._forward_all(X)[1]

    def loss(self, X, y):
        """Batch-mean loss of the output layer (square or cross-entropy); no regularization term."""
        return self.loss_and_output(X, y)[0]

    def loss_and_output(self, X, y):
        """``(loss, output (n, d_out))`` from a single forward pass."""
        zs, acts = self._forward_all(X)
        out = acts[-1]
        return self._out_act.loss(zs[-1], out, self._out_act.targets(y, out.shape)), out

    # -- backward ------------------------------------------------------------
    def gradients(self, X, y):
        """Exact gradients of :meth:`loss`: ``(d_weights, d_biases)``, shaped like the parameters."""
        return self._backprop(X, y)[:2]

    def _backprop(self, X, y):
        zs, acts = self._forward_all(X)
        out = acts[-1]
        target = self._out_act.targets(y, out.shape)
        last = len(self.weights) - 1
        d_z = self._out_act.d_z(zs[last], out, target)  # d loss / d z of the output layer
        d_ws, d_bs = [None] * len(self.weights), [None] * len(self.weights)
        for layer in range(last, -1, -1):
            if layer < last:
                d_z = d_a * self._act.der(zs[layer])
            d_ws[layer] = acts[layer].T @ d_z
            d_bs[layer] = d_z.sum(axis=0)
            if layer:
                d_a = d_z @ self.weights[layer].T  # d loss / d a of the layer below
        return d_ws, d_bs, self._out_act.loss(zs[last], out, target)

    def step(self, X, y, learning_rate, regularization=None, regularization_rate=0.0):
        """One SGD update on the batch ``X (n, d_in), y (n,) or (n, d_out)`` by TF Playground's
        ``updateWeights`` (see the module docstring: data step, then penalty step; L1 kills links).

        Replaces ``weights``/``biases``/``dead`` with new arrays and returns the batch loss
        measured before the update.
        """
        reg = _regularization.get(regularization)
        lr = float(learning_rate)
        rate = float(regularization_rate)
        d_ws, d_bs, batch_loss = self._backprop(X, y)
        new_weights, new_dead = [], []
        for w, d_w, was_dead in zip(self.weights, d_ws, self.dead):
            new_w = w - lr * d_w  # the data step
            dead = was_dead
            if reg is not None:
                regularized = new_w - (lr * rate) * reg.der(w)  # TF: R' of the weight before the data step
                if regularization == "L1":
                    crossed = (new_w * regularized < 0) & ~was_dead
                    regularized[crossed] = 0.0
                    dead = was_dead | crossed
                new_w = regularized
            if was_dead.any():
                new_w = np.where(was_dead, w, new_w)  # dead links are skipped: they stay 0
            new_weights.append(new_w)
            new_dead.append(dead)
        self.weights, self.dead = new_weights, new_dead
        self.biases = [b - lr * d_b for b, d_b in zip(self.biases, d_bs)]
        return batch_loss

    def set_dead(self, dead=None):
        """Replace ``dead`` with ``dead (list of (sizes[l], sizes[l+1]) bool)``, None for all live.

        A dead link's weight must be exactly 0 (ValueError otherwise; nothing changes on error).
        """
        self.dead = dead_masks(dead, self.weights)

    def penalty(self, regularization):
        """Regularization term ``sum over layers of R(w)`` (0.0 for none)."""
        reg = _regularization.get(regularization)
        return 0.0 if reg is None else float(sum(reg.penalty(w) for w in self.weights))

    # -- serialization -------------------------------------------------------
    def to_dict(self):
        """Plain JSON-serializable dict; ``MLP.from_dict`` restores it exactly."""
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "sizes": list(self.sizes),
            "activation": self.activation,
            "output_activation": self.output_activation,
            "weights": [w.tolist() for w in self.weights],
            "biases": [b.tolist() for b in self.biases],
            "dead": [d.tolist() for d in self.dead],  # dead[l][i][j]: the link of weights[l][i][j] is dead
        }

    @classmethod
    def from_dict(cls, d):
        """Rebuild a network saved by :meth:`to_dict`; malformed input raises ValueError.
        A file without ``dead`` (saved before links could die) loads with every link live."""
        if not isinstance(d, dict) or d.get("format") != FORMAT:
            raise ValueError("not a saved pyplayground network (expected format %r)" % FORMAT)
        if d.get("version") != FORMAT_VERSION:
            raise ValueError("unsupported network format version %r (this build reads %d)"
                             % (d.get("version"), FORMAT_VERSION))
        missing = [k for k in ("sizes", "activation", "output_activation", "weights", "biases") if k not in d]
        if missing:
            raise ValueError("saved network lacks %s" % ", ".join(missing))
        try:
            return cls._restore(d)
        except (TypeError, KeyError) as err:
            raise ValueError("saved network is malformed: %s" % err) from None

    @classmethod
    def _restore(cls, d):
        sizes = d["sizes"]
        if not isinstance(sizes, list) or len(sizes) > MAX_LAYERS + 1 or \
                not all(isinstance(n, int) and 1 <= n <= MAX_UNITS for n in sizes):
            raise ValueError("saved network sizes must list at most %d layer sizes in [1, %d], got %r"
                             % (MAX_LAYERS + 1, MAX_UNITS, sizes if len(repr(sizes)) < 200 else "..."))
        net = cls(sizes, d["activation"], d["output_activation"])
        if len(d["weights"]) != len(net.weights) or len(d["biases"]) != len(net.biases):
            raise ValueError("saved network has the wrong number of layers for sizes %r" % (net.sizes,))
        net.weights = [_param(v, w.shape, "weights[%d]" % i) for i, (v, w) in enumerate(zip(d["weights"], net.weights))]
        net.biases = [_param(v, b.shape, "biases[%d]" % i) for i, (v, b) in enumerate(zip(d["biases"], net.biases))]
        net.set_dead(d.get("dead"))
        return net


def dead_masks(values, weights):
    """Dead-link masks for ``weights``: ``values`` lists one bool array (or nested lists of
    true/false) per layer shaped like ``weights[l]``, or is None (every link live). A dead link
    must have weight 0. Returns a list of bool arrays; ValueError for anything malformed."""
    if values is None:
        return [np.zeros(w.shape, dtype=bool) for w in weights]
    if not isinstance(values, (list, tuple)) or len(values) != len(weights):
        raise ValueError("dead must list %d layers, one per weight matrix" % len(weights))
    masks = []
    for layer, (v, w) in enumerate(zip(values, weights)):
        try:
            mask = np.asarray(v)
        except ValueError:  # ragged lists (numpy 2 refuses them)
            mask = None
        if mask is None or mask.shape != w.shape or mask.dtype != bool:
            raise ValueError("dead[%d] must be true/false values of shape %r" % (layer, w.shape))
        if np.any(w[mask] != 0):
            raise ValueError("dead[%d] marks links whose weights are not 0" % layer)
        masks.append(mask.copy())
    return masks


def _param(values, shape, name):
    arr = np.array(values, dtype=np.float64)
    if arr.shape != shape:
        raise ValueError("%s has shape %r, expected %r" % (name, arr.shape, shape))
    if not np.all(np.isfinite(arr)):
        raise ValueError("%s holds a value that is not a finite number" % name)
    return arr


def _as_batch(X, d_in):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2 or X.shape[1] != d_in:
        raise ValueError("X must be (n, %d), got shape %r" % (d_in, X.shape))
    return X
