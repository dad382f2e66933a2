"""The worker's relevance request: every method's heatmap for one image, for a loaded zoo model.

Called through :func:`pyplayground.bridge.handle`; it explains the models ``load_zoo_model``
keeps in :mod:`.store`. Nothing here imports ``js`` or ``pyodide``.

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

from .. import explain
from . import checks
from .models import softmax
from .store import MODELS, loaded, model_id


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
    name = model_id(payload)
    _, shape = loaded(payload)
    explainer = MODELS.derived(name, "explainer", explain.Explainer)  # prepared once per loaded model
    x = checks.one_image(payload, shape)
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
    arrays = {"heatmaps": np.concatenate([heatmaps[m].reshape(-1) for m in methods]), "probabilities": softmax(logits)[0],
              "logits": logits[0]}
    if not all(np.all(np.isfinite(a)) for a in arrays.values()):
        raise ValueError("model %r gave a non-finite heatmap for these pixels" % name)
    fields = {"id": name, "methods": methods, "target": target, "predicted": predicted,
              "ms": round(1000 * (time.perf_counter() - start), 2)}
    return fields, arrays

