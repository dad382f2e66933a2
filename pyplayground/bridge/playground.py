"""The worker's playground requests, on its one :class:`~pyplayground.playground.session.Session`.

Called through :func:`pyplayground.bridge.handle`; every handler returns ``(fields, arrays)``.
Nothing here imports ``js`` or ``pyodide``.

Every reply that carries a snapshot (configure, reset, train, grid, rewind, set_param,
load_model) has fields ``stats`` and ``epoch``, and on request:
- ``grid_resolution: R`` -> array ``grid`` ``(R*R,)``: the output over the view grid
  (the predicted class index for multiclass, with array ``grid_scores`` ``(R*R*3,)``, the
  class probabilities, row-major per point);
- ``neuron_resolution: N`` -> array ``neurons`` ``(n_neurons * N * N,)``, every neuron's
  value over the grid, rows as ``Session.neuron_grids`` orders them, plus fields
  ``neuron_layout`` (``[[layer, count], ...]``, layer 0 the inputs) and
  ``feature_labels`` (the input nodes' labels);
- ``include_model: true`` -> field ``model`` (``nn.MLP.to_dict``; its ``dead`` lists, per weight
  matrix, nested true/false shaped like ``weights``: the links L1 switched off for good);
- ``include_params: true`` -> the same network as arrays, what the page uses every frame: ``params``
  (every weight and bias in one vector: ``w0`` row-major, ``b0``, ``w1``, ``b1``, ...; float64, the
  one array that is not float32: the page's copy restores a restarted worker exactly),
  ``dead`` (1.0 where a weight's link is dead, the weights in the same order) and field ``network``
  (``sizes``, ``activation``, ``output_activation``, ``features``: the inputs, in the network's order);
- ``landscape: {resolution?, directions?, span?}`` -> field ``landscape`` (resolution, span,
  directions, center_loss, explained, off_plane, points, path_epochs, ms), arrays ``landscape``
  ``(R*R,)`` (the loss around the current weights, row i at beta_i, NaN where it overflows) and
  ``landscape_path`` ``(2*T,)`` (the recorded weights' (alpha, beta) pairs): see
  :func:`pyplayground.landscape.live.live_slice`;
- ``relevance: {method, resolution?, point?}`` -> field ``relevance`` (method, layout, point,
  resolution), array ``relevance`` ``(n_nodes * R*R,)`` (every node's LRP relevance over the view
  grid, rows as ``layout``: inputs, hidden layers, outputs) with ``resolution``, array
  ``relevance_point`` ``(n_nodes,)`` at ``point = [x1, x2]``: see :meth:`Session.relevance`.
Requests with their own payload keys: configure ``{config}`` (``config.points`` for the
"custom" dataset; its reply adds fields ``problem`` and ``feature_labels`` and arrays
``train_x``, ``train_y``, ``test_x``, ``test_y``), update ``{config}``, train ``{epochs, budget_ms}`` (epochs in [1, 100000]; it stops
after ``budget_ms``, at most and by default ``vocabulary.REQUEST_LIMITS["train_ms"]``, once one epoch is done), set_param
``{kind, layer, i, j, value}``, load_model ``{model}`` (its reply adds field ``config``,
the session's engine config after loading), set_params ``{weights, biases, epoch, dead?}`` or
``{params, dead?, epoch}`` (binary: ``params`` float64 or float32 bytes in ``include_params`` order,
``dead`` one byte per weight, 1 for dead) (a snapshot; another backend hands back its state; ``dead`` as in ``model``), backend_data ``{grid_resolutions}``
(arrays ``train_inputs``, ``train_targets``, ``test_inputs``, ``test_targets`` and
``grid_inputs_R`` for each resolution R: the network's inputs, features expanded).
``dynamics {snapshots?}``: the run's training dynamics (:meth:`Session.dynamics`, fields only).
"""
from collections import OrderedDict

import numpy as np

from .. import nn, vocabulary
from ..errors import DivergedError
from ..playground.session import Session, check_epochs, check_resolution
from . import checks

_session = None  # the worker's single Session, created by "configure"


def current_session():
    """The worker's Session (None before the first ``configure``)."""
    return _session


VIEW_KEYS = ("grid_resolution", "neuron_resolution", "include_model", "include_params", "landscape",
             "relevance")  # what a snapshot can carry


def _snapshot(session, payload, stats=None, **extra):
    """Fields and arrays of the views ``payload`` asks for; ``stats``: session.stats() if already measured."""
    fields = {"stats": stats if stats is not None else session.stats(), "epoch": session.epoch}
    fields.update(extra)
    arrays = {}
    resolution = payload.get("grid_resolution")
    if resolution:
        # multiclass: the class probabilities too, so the page can draw sharp boundaries between grid points
        arrays["grid"], scores = session.output_view(resolution)
        if scores is not None:
            arrays["grid_scores"] = scores.reshape(-1)
    neuron_resolution = payload.get("neuron_resolution")
    if neuron_resolution:
        values, layout = session.neuron_grids(neuron_resolution)
        arrays["neurons"] = values.reshape(-1)
        fields.update(neuron_layout=layout, feature_labels=session.feature_labels)
    if payload.get("include_model"):
        fields["model"] = session.net.to_dict()
    if payload.get("include_params"):
        net = session.net
        fields["network"] = {"sizes": net.sizes, "activation": net.activation,
                             "output_activation": net.output_activation, "features": session.config["features"]}
        arrays["params"] = nn.flat_parameters(net)
        arrays["dead"] = np.concatenate([d.ravel() for d in net.dead])
    relevance = payload.get("relevance")
    if relevance:
        fields["relevance"], more = _relevance(session, relevance)
        arrays.update(more)
    landscape = payload.get("landscape")
    if landscape:
        fields["landscape"], arrays["landscape"], arrays["landscape_path"] = _landscape(session, landscape)
    return fields, arrays


RELEVANCE_KEYS = ("method", "resolution", "point")


def _relevance(session, options):
    """The diagram's relevance (see Session.relevance): fields and arrays "relevance", "relevance_point"."""
    if not isinstance(options, dict) or set(options) - set(RELEVANCE_KEYS) or "method" not in options:
        raise ValueError("relevance takes an object with a method and optional resolution, point; got %r" % (options,))
    resolution = options.get("resolution")
    if resolution is not None:
        check_resolution(resolution)
    grids, at_point, layout = session.relevance(options["method"], resolution, options.get("point"))
    arrays = {}
    if grids is not None:
        arrays["relevance"] = grids.reshape(-1)
    if at_point is not None:
        arrays["relevance_point"] = at_point
    return {"method": options["method"], "layout": layout, "point": options.get("point"),
            "resolution": resolution}, arrays


LANDSCAPE_KEYS = ("resolution", "directions", "span")


def _landscape(session, options):
    """The landscape view's slice (see Session.landscape): fields, the loss grid, the path's coordinates."""
    if not isinstance(options, dict) or set(options) - set(LANDSCAPE_KEYS):
        raise ValueError("landscape takes an object with keys %s, got %r" % (", ".join(LANDSCAPE_KEYS), options))
    s = session.landscape(**options)
    loss = np.where(np.isfinite(s["loss"]), s["loss"], np.nan)
    fields = {"resolution": len(s["alphas"]), "span": float(s["alphas"][-1]), "directions": s["directions"],
              "center_loss": s["center_loss"] if np.isfinite(s["center_loss"]) else None,
              "explained": s["explained"], "off_plane": s["off_plane"], "points": s["points"],
              "path_epochs": session.path.epochs, "ms": round(s["ms"], 2)}
    return fields, loss.ravel(), np.asarray(s["path"]).ravel()


def configure(payload):
    global _session
    config = payload.get("config", {})
    if _session is None:
        _session = Session(config)
    else:
        _session.configure(config)  # validates first: a bad config leaves the session as it was
    fields, arrays = _snapshot(_session, payload, problem=_session.problem, feature_labels=_session.feature_labels)
    arrays.update(train_x=_session.x_train, train_y=_session.y_train,
                  test_x=_session.x_test, test_y=_session.y_test)
    return fields, arrays


def _require_session():
    if _session is None:
        raise ValueError("no network yet: send a 'configure' request first")
    return _session


def reset(payload):
    session = _require_session()
    session.reset()
    return _snapshot(session, payload)


def update(payload):
    session = _require_session()
    session.update(payload.get("config", {}))
    return {"stats": session.stats(), "epoch": session.epoch}, {}


def train(payload):
    session = _require_session()
    epochs = check_epochs(payload.get("epochs", 1))
    most_ms = checks.MAX_TRAIN_S * 1000
    budget_ms = payload.get("budget_ms", most_ms)
    if not checks.is_number(budget_ms) or not 0 <= budget_ms <= most_ms:
        raise ValueError("budget_ms must be a number of milliseconds in [0, %d], got %r" % (most_ms, budget_ms))
    diverged = stats = None
    try:
        stats = session.train(epochs, budget_ms / 1000.0)
    except DivergedError as err:
        diverged = str(err)
    return _snapshot(session, payload, stats=stats, diverged=diverged)


def grid(payload):
    return _snapshot(_require_session(), payload)


def model(payload):
    return {"model": _require_session().net.to_dict()}, {}


def rewind(payload):
    session = _require_session()
    session.rewind()
    return _snapshot(session, payload)


def set_param(payload):
    session = _require_session()
    checks.require_keys(payload, "set_param", ("kind", "layer", "j", "value"))
    session.set_param(payload["kind"], payload["layer"], payload.get("i"), payload["j"], payload["value"])
    return _snapshot(session, payload)


def load_model(payload):
    session = _require_session()
    if "model" not in payload:
        raise ValueError("load_model needs a model (the format of the 'model' request)")
    session.load_model(payload["model"])
    return _snapshot(session, payload, config=session.config)


def set_params(payload):
    session = _require_session()
    if "params" in payload:
        checks.require_keys(payload, "set_params", ("params", "epoch"))
        weights, biases, dead = _binary_params(session.net, payload["params"], payload.get("dead"))
    else:
        checks.require_keys(payload, "set_params", ("weights", "biases", "epoch"))
        weights, biases, dead = payload["weights"], payload["biases"], payload.get("dead")
    session.set_params(weights, biases, payload["epoch"], dead)
    if any(k in payload for k in VIEW_KEYS):
        return _snapshot(session, payload)
    # The WebGPU backend measured and drew this frame itself: measuring again here would
    # double the work of every frame.
    return {"epoch": session.epoch}, {}


def _binary_params(net, params, dead):
    """``(weights, biases, dead)`` of ``net``'s shapes from set_params' binary ``params`` and ``dead``."""
    if not isinstance(params, np.ndarray) or params.dtype != np.uint8:
        raise ValueError("set_params' params must be binary float64 or float32 values")
    like = nn.mlp_parameters(net)  # w0, b0, w1, b1, ...: the order include_params sends
    n_params = sum(p.size for p in like.values())
    if params.size not in (8 * n_params, 4 * n_params):
        raise ValueError("set_params' params must hold %d float64 or float32 values for sizes %r, got %d bytes"
                         % (n_params, net.sizes, params.size))
    flat = params.view(np.float64 if params.size == 8 * n_params else np.float32).astype(np.float64)
    named = nn.unflatten(flat, like)
    layers = range(len(net.weights))
    weights, biases = [named["w%d" % l] for l in layers], [named["b%d" % l] for l in layers]
    if dead is None:
        return weights, biases, None
    n_weights = sum(w.size for w in net.weights)
    if not isinstance(dead, np.ndarray) or dead.dtype != np.uint8 or dead.size != n_weights:
        raise ValueError("set_params' dead must be %d bytes, one per weight" % n_weights)
    masks = nn.unflatten(dead != 0, OrderedDict(("w%d" % l, net.weights[l]) for l in layers))
    return weights, biases, list(masks.values())


def backend_data(payload):
    """What another backend (WebGPU) needs to train and draw: the network's inputs and targets."""
    session = _require_session()
    train_in, y_train, test_in, y_test = session.network_inputs()
    arrays = {"train_inputs": train_in, "train_targets": y_train, "test_inputs": test_in, "test_targets": y_test}
    resolutions = payload.get("grid_resolutions", [])
    most = vocabulary.REQUEST_LIMITS["backend_grids"]
    if not isinstance(resolutions, list) or len(resolutions) > most:
        raise ValueError("grid_resolutions must be a list of at most %d resolutions" % most)
    for resolution in resolutions:
        arrays["grid_inputs_%d" % int(resolution)] = session.grid_inputs(resolution)
    return {"n_inputs": int(train_in.shape[1]), "epoch": session.epoch}, arrays


def dynamics(payload):
    """The current run's training dynamics (:meth:`Session.dynamics`): JSON fields only."""
    snapshots = payload.get("snapshots", 64)
    low, high = vocabulary.REQUEST_LIMITS["dynamics_snapshots"]
    if isinstance(snapshots, bool) or not isinstance(snapshots, int) or not low <= snapshots <= high:
        raise ValueError("snapshots must be a whole number in [%d, %d], got %r" % (low, high, snapshots))
    return _require_session().dynamics(snapshots), {}
