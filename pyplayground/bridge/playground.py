"""The one module the Web Worker calls: JSON text in, JSON text plus float32 arrays out (float64 for the weights).

The worker posts typed requests (see ``site/js/protocol.js``); for each it calls
``handle(type, payload_json)`` and gets a :class:`Reply`: ``reply.json`` is the
reply's plain fields, ``reply.json["arrays"]`` names the float32 arrays it carries,
read with ``reply.array(name)``. Nothing here imports ``js`` or ``pyodide``.

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
after ``budget_ms``, at most and by default MAX_TRAIN_S, once one epoch is done), set_param
``{kind, layer, i, j, value}``, load_model ``{model}`` (its reply adds field ``config``,
the session's engine config after loading), set_params ``{weights, biases, epoch, dead?}`` or
``{params, dead?, epoch}`` (binary: ``params`` float64 or float32 bytes in ``include_params`` order,
``dead`` one byte per weight, 1 for dead) (a snapshot; another backend hands back its state; ``dead`` as in ``model``), backend_data ``{grid_resolutions}``
(arrays ``train_inputs``, ``train_targets``, ``test_inputs``, ``test_targets`` and
``grid_inputs_R`` for each resolution R: the network's inputs, features expanded).
``dynamics {snapshots?}``: the run's training dynamics (:meth:`Session.dynamics`, fields only).
Model-zoo requests (``load_zoo_model``, ``predict``, ``unload_zoo_model``) live in
:mod:`pyplayground.bridge_models`; ``relevance`` (heatmaps of a loaded zoo model) in
:mod:`pyplayground.bridge_relevance`; the Units page's (``activations``, ``unit_backprop``,
``maximize_start/step/stop``) in :mod:`pyplayground.bridge_units`; the GAN page's
(``gan_configure``, ``gan_train``, ``gan_view``, ``gan_restore``) in :mod:`pyplayground.bridge_gan`. Binary payload fields (a
model file's bytes) do not
travel as JSON: the payload's ``"$binary"`` lists their names and the arrays follow as
extra arguments of :func:`handle` (uint8 arrays, in that order).
"""
import json
from collections import OrderedDict

import numpy as np

from . import __version__, bridge_gan, bridge_models, bridge_relevance, bridge_units
from .landscape.live import _unflatten as unflatten_parameters, flat_parameters, mlp_parameters
from .session import DivergedError, Session, check_epochs, check_resolution

_session = None  # the worker's single Session, created by "configure"

MAX_REQUEST_BYTES = 2 * 2 ** 20  # a request's JSON text (5,000 custom points take about 0.2 MB)
MAX_TRAIN_S = 10.0  # a train request stops after this long even without budget_ms (the page times out at 30 s)


FLOAT64_ARRAYS = ("params",)  # exact weights: a restarted worker restored from the page's copy trains on exactly


class Reply:
    """A reply's JSON fields and its named arrays: float32, but float64 for :data:`FLOAT64_ARRAYS`
    (the JSON's ``float64`` lists those present)."""

    def __init__(self, fields, arrays=None):
        arrays = arrays or {}
        self._arrays = {k: np.ascontiguousarray(v, dtype=np.float64 if k in FLOAT64_ARRAYS else np.float32)
                        for k, v in arrays.items()}
        wide = sorted(k for k in self._arrays if k in FLOAT64_ARRAYS)
        self.json = json.dumps(dict(fields, arrays=sorted(self._arrays), **({"float64": wide} if wide else {})),
                               allow_nan=False)

    def array(self, name):
        return self._arrays[name]


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
        arrays["params"] = flat_parameters(net)
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


def _configure(payload):
    global _session
    config = payload.get("config", {})
    if _session is None:
        _session = Session(config)
    else:
        _session.configure(config)  # validates first: a bad config leaves the session as it was
    fields, arrays = _snapshot(_session, payload, problem=_session.problem, feature_labels=_session.feature_labels)
    arrays.update(train_x=_session.x_train, train_y=_session.y_train,
                  test_x=_session.x_test, test_y=_session.y_test)
    return Reply(fields, arrays)


def _require_session():
    if _session is None:
        raise ValueError("no network yet: send a 'configure' request first")
    return _session


def _reset(payload):
    session = _require_session()
    session.reset()
    return Reply(*_snapshot(session, payload))


def _update(payload):
    session = _require_session()
    session.update(payload.get("config", {}))
    return Reply({"stats": session.stats(), "epoch": session.epoch})


def _train(payload):
    session = _require_session()
    epochs = check_epochs(payload.get("epochs", 1))
    budget_ms = payload.get("budget_ms", MAX_TRAIN_S * 1000)
    if isinstance(budget_ms, bool) or not isinstance(budget_ms, (int, float)) or not 0 <= budget_ms <= MAX_TRAIN_S * 1000:
        raise ValueError("budget_ms must be a number of milliseconds in [0, %d], got %r" % (MAX_TRAIN_S * 1000, budget_ms))
    diverged = stats = None
    try:
        stats = session.train(epochs, budget_ms / 1000.0)
    except DivergedError as err:
        diverged = str(err)
    return Reply(*_snapshot(session, payload, stats=stats, diverged=diverged))


def _grid(payload):
    return Reply(*_snapshot(_require_session(), payload))


def _model(payload):
    return Reply({"model": _require_session().net.to_dict()})


def _rewind(payload):
    session = _require_session()
    session.rewind()
    return Reply(*_snapshot(session, payload))


def _require_keys(payload, kind, keys):
    missing = [k for k in keys if k not in payload]
    if missing:
        raise ValueError("%s needs %s" % (kind, ", ".join(missing)))


def _set_param(payload):
    session = _require_session()
    _require_keys(payload, "set_param", ("kind", "layer", "j", "value"))
    session.set_param(payload["kind"], payload["layer"], payload.get("i"), payload["j"], payload["value"])
    return Reply(*_snapshot(session, payload))


def _load_model(payload):
    session = _require_session()
    if "model" not in payload:
        raise ValueError("load_model needs a model (the format of the 'model' request)")
    session.load_model(payload["model"])
    return Reply(*_snapshot(session, payload, config=session.config))


def _set_params(payload):
    session = _require_session()
    if "params" in payload:
        _require_keys(payload, "set_params", ("params", "epoch"))
        weights, biases, dead = _unflatten(session.net, payload["params"], payload.get("dead"))
    else:
        _require_keys(payload, "set_params", ("weights", "biases", "epoch"))
        weights, biases, dead = payload["weights"], payload["biases"], payload.get("dead")
    session.set_params(weights, biases, payload["epoch"], dead)
    if any(k in payload for k in VIEW_KEYS):
        return Reply(*_snapshot(session, payload))
    # The WebGPU backend measured and drew this frame itself: measuring again here would
    # double the work of every frame.
    return Reply({"epoch": session.epoch})


def _unflatten(net, params, dead):
    """``(weights, biases, dead)`` of ``net``'s shapes from set_params' binary ``params`` and ``dead``."""
    if not isinstance(params, np.ndarray) or params.dtype != np.uint8:
        raise ValueError("set_params' params must be binary float64 or float32 values")
    like = mlp_parameters(net)  # w0, b0, w1, b1, ...: the order include_params sends
    n_params = sum(p.size for p in like.values())
    if params.size not in (8 * n_params, 4 * n_params):
        raise ValueError("set_params' params must hold %d float64 or float32 values for sizes %r, got %d bytes"
                         % (n_params, net.sizes, params.size))
    flat = params.view(np.float64 if params.size == 8 * n_params else np.float32).astype(np.float64)
    named = unflatten_parameters(flat, like)
    layers = range(len(net.weights))
    weights, biases = [named["w%d" % l] for l in layers], [named["b%d" % l] for l in layers]
    if dead is None:
        return weights, biases, None
    n_weights = sum(w.size for w in net.weights)
    if not isinstance(dead, np.ndarray) or dead.dtype != np.uint8 or dead.size != n_weights:
        raise ValueError("set_params' dead must be %d bytes, one per weight" % n_weights)
    masks = unflatten_parameters(dead != 0, OrderedDict(("w%d" % l, net.weights[l]) for l in layers))
    return weights, biases, list(masks.values())


def _backend_data(payload):
    """What another backend (WebGPU) needs to train and draw: the network's inputs and targets."""
    session = _require_session()
    train_in, y_train, test_in, y_test = session.network_inputs()
    arrays = {"train_inputs": train_in, "train_targets": y_train, "test_inputs": test_in, "test_targets": y_test}
    resolutions = payload.get("grid_resolutions", [])
    if not isinstance(resolutions, list) or len(resolutions) > 4:
        raise ValueError("grid_resolutions must be a list of at most 4 resolutions")
    for resolution in resolutions:
        arrays["grid_inputs_%d" % int(resolution)] = session.grid_inputs(resolution)
    return Reply({"n_inputs": int(train_in.shape[1]), "epoch": session.epoch}, arrays)


def _dynamics(payload):
    """The current run's training dynamics (:meth:`Session.dynamics`): JSON fields only."""
    snapshots = payload.get("snapshots", 64)
    if isinstance(snapshots, bool) or not isinstance(snapshots, int) or not 2 <= snapshots <= 256:
        raise ValueError("snapshots must be a whole number in [2, 256], got %r" % (snapshots,))
    return Reply(_require_session().dynamics(snapshots))


HANDLERS = {"configure": _configure, "update": _update, "reset": _reset, "train": _train, "grid": _grid,
            "model": _model, "rewind": _rewind, "set_param": _set_param, "load_model": _load_model,
            "set_params": _set_params, "backend_data": _backend_data, "dynamics": _dynamics}


def _zoo_request(handler):
    """Wrap a bridge_models handler, which returns (fields, arrays), to return a Reply."""
    return lambda payload: Reply(*handler(payload))


HANDLERS.update((kind, _zoo_request(f)) for kind, f in bridge_models.HANDLERS.items())
HANDLERS.update((kind, _zoo_request(f)) for kind, f in bridge_relevance.HANDLERS.items())
HANDLERS.update((kind, _zoo_request(f)) for kind, f in bridge_units.HANDLERS.items())
HANDLERS.update((kind, _zoo_request(f)) for kind, f in bridge_gan.HANDLERS.items())


def handle(kind, payload_json, *binary):
    """Run request ``kind`` with its JSON payload; ValueError for unknown kinds or bad payloads.

    ``binary``: uint8 arrays for the payload fields named by its ``"$binary"`` list, in order.
    """
    if kind not in HANDLERS:
        raise ValueError("unknown request type %r; valid: %s" % (kind, ", ".join(sorted(HANDLERS))))
    if payload_json and len(payload_json) > MAX_REQUEST_BYTES:
        raise ValueError("a %r request of %.1f MB is larger than the %d MB the engine accepts"
                         % (kind, len(payload_json) / 2 ** 20, MAX_REQUEST_BYTES // 2 ** 20))
    payload = json.loads(payload_json) if payload_json else {}
    if not isinstance(payload, dict):
        raise ValueError("a request payload must be a JSON object")
    names = payload.pop("$binary", [])
    if not isinstance(names, list) or len(names) != len(binary):
        raise ValueError("a request's $binary must name each of its %d binary fields" % len(binary))
    payload.update(zip(names, (np.asarray(b, dtype=np.uint8).reshape(-1) for b in binary)))
    try:
        return HANDLERS[kind](payload)
    except (TypeError, KeyError, IndexError, AttributeError) as err:
        # A payload of the wrong shape (e.g. a list where a number belongs): say so plainly.
        raise ValueError("malformed %r request: %s" % (kind, err)) from None


def version():
    return __version__
