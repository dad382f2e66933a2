"""The worker's model-zoo requests: load a trained model from its file, classify images.

Called through :func:`pyplayground.bridge.handle` (JSON payload; binary payload fields arrive
as uint8 arrays, see the bridge). Nothing here imports ``js`` or ``pyodide``.

- ``load_zoo_model {id, npz}``: ``npz`` is the bytes of a file written by
  ``nn.Sequential.save`` (the first file of a model's manifest entry). The model is kept
  under ``id`` in eval mode (BatchNorm uses its running statistics). Reply fields: ``id``,
  ``input_shape``, ``parameters`` (count), ``dtype``, ``classes``.
- ``predict {id, pixels}``: ``pixels`` is one image or a batch, ``n * prod(input_shape)``
  numbers (row-major; pixels in [0, 1] as the zoo's models take them). Reply: array
  ``probabilities`` ``(n * classes,)``, the softmax of the model's logits; field ``n``.
- ``unload_zoo_model {id}``: forget a model.
"""
import numpy as np

from . import nn

MAX_MODELS = 16         # models kept at once (each well under 1 MB); loading another forgets the oldest
MAX_PREDICT_BATCH = 256  # images per predict request

_models = {}  # id -> (model, input_shape); insertion order = load order


def softmax(logits):
    """Row-wise softmax of ``logits (n, k)`` in float64 (max subtracted for stability)."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _model_id(payload):
    model_id = payload.get("id")
    if not isinstance(model_id, str) or not model_id:
        raise ValueError("a model request needs an id (a non-empty string)")
    return model_id


def load_zoo_model(payload):
    """Rebuild the model from ``payload["npz"]`` (uint8 array of the file) and keep it by id."""
    model_id = _model_id(payload)
    data = payload.get("npz")
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8:
        raise ValueError("load_zoo_model needs npz: the model file's bytes (binary)")
    model = nn.load(data.tobytes())
    if not isinstance(model, nn.Sequential) or model.input_shape is None:
        raise ValueError("model %r is not a saved nn.Sequential with an input shape" % model_id)
    model.eval()
    _models.pop(model_id, None)
    while len(_models) >= MAX_MODELS:
        del _models[next(iter(_models))]
    shape = tuple(int(s) for s in model.input_shape)
    classes = int(model.forward(np.zeros((1,) + shape)).shape[-1])
    _models[model_id] = (model, shape)
    return {"id": model_id, "input_shape": list(shape), "parameters": int(model.parameter_count()),
            "dtype": model.dtype, "classes": classes}, {}


def predict(payload):
    """Class probabilities of the images in ``payload["pixels"]`` for model ``payload["id"]``."""
    model_id = _model_id(payload)
    if model_id not in _models:
        raise ValueError("model %r is not loaded; send load_zoo_model first (loaded: %s)"
                         % (model_id, ", ".join(sorted(_models)) or "none"))
    model, shape = _models[model_id]
    pixels = payload.get("pixels")
    if not isinstance(pixels, list) or not all(isinstance(p, (int, float)) and not isinstance(p, bool) for p in pixels):
        raise ValueError("pixels must be a list of numbers")
    size = int(np.prod(shape))
    n = len(pixels) // size
    if n < 1 or n * size != len(pixels) or n > MAX_PREDICT_BATCH:
        raise ValueError("pixels must hold 1 to %d images of %d numbers (%s), got %d numbers"
                         % (MAX_PREDICT_BATCH, size, "x".join(map(str, shape)), len(pixels)))
    x = np.asarray(pixels, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("pixels must be finite numbers")
    probabilities = softmax(model.forward(x.reshape((n,) + shape)))
    if not np.all(np.isfinite(probabilities)):
        raise ValueError("model %r gave a non-finite output for these pixels" % model_id)
    return {"id": model_id, "n": n}, {"probabilities": probabilities.reshape(-1)}


def unload_zoo_model(payload):
    _models.pop(_model_id(payload), None)
    return {"loaded": sorted(_models)}, {}


HANDLERS = {"load_zoo_model": load_zoo_model, "predict": predict, "unload_zoo_model": unload_zoo_model}
