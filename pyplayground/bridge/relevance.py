"""The worker's relevance request: every method's heatmap for one image, for a loaded zoo model.

Called through :func:`pyplayground.bridge.handle` like :mod:`.bridge_models`, whose loaded
models it explains (``load_zoo_model`` first). Nothing here imports ``js`` or ``pyodide``.

- ``relevance {id, pixels, methods, target}``: ``pixels`` is one image, ``prod(input_shape)``
  numbers (row-major, in [0, 1] as the zoo's models take them); ``methods`` a list of names
  from :data:`pyplayground.explain.METHODS` (default: all of them, in that order);
  ``target`` null (explain the predicted class) or a class index. Reply fields: ``id``,
  ``methods``, ``target`` (the class explained), ``predicted``, ``ms`` (time spent in
  Python); arrays ``heatmaps`` ``(len(methods) * prod(input_shape),)`` (method after method,
  each as :func:`pyplayground.explain.relevance` returns it for this image), ``probabilities``
  and ``logits`` ``(classes,)``.
"""
import time

import numpy as np

from . import bridge_models, explain

_explainers = {}  # model id -> (the loaded model object, its Explainer)


def _explainer(model_id):
    """The Explainer of loaded model ``model_id``, prepared once per loaded model object."""
    loaded = bridge_models._models.get(model_id)  # bridge_models owns the loaded models
    if loaded is None:
        raise ValueError("model %r is not loaded; send load_zoo_model first (loaded: %s)"
                         % (model_id, ", ".join(sorted(bridge_models._models)) or "none"))
    model, shape = loaded
    cached = _explainers.get(model_id)
    if cached is None or cached[0] is not model:
        for stale in [k for k in _explainers if k not in bridge_models._models]:
            del _explainers[stale]  # models bridge_models has forgotten
        cached = (model, explain.Explainer(model))
        _explainers[model_id] = cached
    return cached[1], shape


def _pixels(payload, shape):
    pixels = payload.get("pixels")
    size = int(np.prod(shape))
    if not isinstance(pixels, list) or len(pixels) != size or not all(
            isinstance(p, (int, float)) and not isinstance(p, bool) for p in pixels):
        raise ValueError("pixels must be one image: a list of %d numbers (%s)" % (size, "x".join(map(str, shape))))
    x = np.asarray(pixels, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("pixels must be finite numbers")
    return x.reshape((1,) + tuple(shape))


def _methods(payload):
    methods = payload.get("methods")
    if methods is None:
        return list(explain.METHODS)
    if not isinstance(methods, list) or not methods or not all(isinstance(m, str) for m in methods):
        raise ValueError("methods must be a non-empty list of method names")
    unknown = [m for m in methods if m not in explain.METHODS]
    if unknown:
        raise ValueError("unknown method %r; valid: %s" % (unknown[0], ", ".join(explain.METHODS)))
    return methods


def relevance(payload):
    """Heatmaps of ``payload["methods"]`` for one image of model ``payload["id"]`` (module docstring)."""
    start = time.perf_counter()
    model_id = bridge_models._model_id(payload)
    explainer, shape = _explainer(model_id)
    x = _pixels(payload, shape)
    methods = _methods(payload)
    logits = explainer.logits(x)
    classes = logits.shape[1]
    target = payload.get("target")
    if target is not None and (isinstance(target, bool) or not isinstance(target, int)
                               or not 0 <= target < classes):
        raise ValueError("target must be null or a class index in [0, %d), got %r" % (classes, target))
    predicted = int(logits[0].argmax())
    target = predicted if target is None else target
    heatmaps = explainer.relevance_many(x, methods, target)
    arrays = {"heatmaps": np.concatenate([heatmaps[m].reshape(-1) for m in methods]), "probabilities": bridge_models.softmax(logits)[0],
              "logits": logits[0]}
    if not all(np.all(np.isfinite(a)) for a in arrays.values()):
        raise ValueError("model %r gave a non-finite heatmap for these pixels" % model_id)
    fields = {"id": model_id, "methods": methods, "target": target, "predicted": predicted,
              "ms": round(1000 * (time.perf_counter() - start), 2)}
    return fields, arrays


HANDLERS = {"relevance": relevance}
