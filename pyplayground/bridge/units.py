"""The worker's Units-page requests, on the models that ``load_zoo_model`` loaded
(:mod:`.store`). Called through :func:`pyplayground.bridge.handle`;
nothing here imports ``js`` or ``pyodide``. ``layer`` is always a unit layer's ``index``
(:func:`pyplayground.units.unit_layers`), ``channel`` a unit of it.

- ``activations {id, pixels}``: one image (``prod(input_shape)`` numbers in [0, 1]).
  Fields ``layers`` (the unit layers) and ``input_shape``; an array ``layer_<index>`` per unit
  layer (its output, flattened row-major: ``c*h*w`` or ``k``) and ``probabilities``.
- ``unit_backprop {id, pixels, layer, channel, method}``: ``method`` "backprop" or "deconv"
  (:func:`pyplayground.units.unit_backprop`). Array ``signal`` (the input's size, signed);
  fields ``activation`` (the unit's strength), ``method``.
- ``maximize_start {id, layer, channel, preset?, steps?, lr?, center_bias?, start?, noise?,
  seed?}``: a new activation-maximization run (:class:`pyplayground.units.Maximizer`) of the
  unit's pre-activation (its layer's ``source``), from ``start`` (pixels; default all zeros)
  plus uniform noise in ``[0, noise)`` drawn with ``seed`` (:func:`units.start_image`).
  Fields ``token``, ``step`` (0), ``steps``, ``activation``, ``settings``; array ``image``.
- ``maximize_step {token, steps}``: up to ``steps`` more steps (at most ``MAX_CHUNK``). Fields
  ``step``, ``done``, ``activation`` (the last), ``trace`` (the activations after each of
  these steps); array ``image``. The page shows progress between chunks and cancels by
  sending ``maximize_stop {token}`` instead of another chunk.
The same call in CPython, ``units.maximize(model, source, channel, start, ...)``, gives the
same image (tests/engine/test_bridge_units.py).
"""
import numpy as np

from .. import units
from .checks import one_image, whole_number
from .models import softmax
from .store import loaded

MAX_RUNS = 4        # activation-maximization runs kept at once (oldest forgotten)
MAX_CHUNK = 500     # steps per maximize_step request
MAX_STEPS = 5000    # steps per run

_runs = {}          # token -> (model id, Maximizer)
_next_token = [1]


def _unit(payload, model):
    entry = units.find_layer(model, whole_number(payload, "layer"))
    channel = whole_number(payload, "channel")
    if not 0 <= channel < entry["shape"][0]:
        raise ValueError("layer %s has %d units; got channel %d" % (entry["name"], entry["shape"][0], channel))
    return entry, channel


def activations(payload):
    model, shape = loaded(payload)
    x = one_image(payload, shape)
    found = units.unit_layers(model)
    outputs = model.activations(x)
    arrays = {"layer_%d" % e["index"]: outputs[str(e["index"])].reshape(-1) for e in found}
    arrays["probabilities"] = softmax(outputs[str(len(model.layers) - 1)]).reshape(-1)
    return {"id": payload["id"], "layers": found, "input_shape": list(shape)}, arrays


def unit_backprop(payload):
    model, shape = loaded(payload)
    x = one_image(payload, shape)
    entry, channel = _unit(payload, model)
    method = payload.get("method", "backprop")
    signal, strength = units.unit_backprop(model, x, entry["index"], channel, method)
    return {"id": payload["id"], "layer": entry["index"], "channel": channel, "method": method,
            "activation": float(strength[0])}, {"signal": signal.reshape(-1)}


def maximize_start(payload):
    model, shape = loaded(payload)
    entry, channel = _unit(payload, model)
    steps = whole_number(payload, "steps", 200)
    if not 1 <= steps <= MAX_STEPS:
        raise ValueError("steps must be 1 to %d, got %d" % (MAX_STEPS, steps))
    base = one_image(payload, shape, "start")[0] if payload.get("start") is not None else np.zeros(shape)
    noise = payload.get("noise", 0.0)
    if isinstance(noise, bool) or not isinstance(noise, (int, float)) or not 0 <= noise <= 1:
        raise ValueError("noise must be a number in [0, 1], got %r" % (noise,))
    lr = payload.get("lr")
    if lr is not None and (isinstance(lr, bool) or not isinstance(lr, (int, float)) or not 0 < lr <= 10):
        raise ValueError("lr must be a number in (0, 10], got %r" % (lr,))
    run = units.Maximizer(model, entry["source"], channel, units.start_image(base, noise, whole_number(payload, "seed", 0)),
                          steps=steps, preset=payload.get("preset", "yosinski-3"),
                          center_bias=bool(payload.get("center_bias", False)), lr=lr)
    run.step(0)
    token = _next_token[0]
    _next_token[0] += 1
    while len(_runs) >= MAX_RUNS:
        del _runs[next(iter(_runs))]
    _runs[token] = (payload["id"], run)
    return {"token": token, "step": 0, "steps": run.steps, "activation": run.trace[-1], "settings": run.p,
            "layer": entry["index"], "source": entry["source"], "channel": channel}, {"image": run.image.reshape(-1)}


def _run(payload):
    token = whole_number(payload, "token")
    if token not in _runs:
        raise ValueError("no activation-maximization run %d (finished runs are forgotten after %d newer ones)"
                         % (token, MAX_RUNS))
    return token, _runs[token][1]


def maximize_step(payload):
    token, run = _run(payload)
    chunk = whole_number(payload, "steps", 20)
    if not 1 <= chunk <= MAX_CHUNK:
        raise ValueError("steps must be 1 to %d per request, got %d" % (MAX_CHUNK, chunk))
    before = len(run.trace)
    run.step(chunk)
    return {"token": token, "step": run.step_count, "steps": run.steps, "done": run.done,
            "activation": run.trace[-1], "trace": run.trace[before:]}, {"image": run.image.reshape(-1)}


def maximize_stop(payload):
    _runs.pop(whole_number(payload, "token"), None)
    return {"running": sorted(_runs)}, {}

