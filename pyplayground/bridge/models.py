"""The worker's model-zoo requests: load a trained model from its file, classify images.

Called through :func:`pyplayground.bridge.handle` (JSON payload; binary payload fields arrive
as uint8 arrays, see the bridge). The loaded models live in :mod:`.store`, which the Relevance
and Units requests read too. Nothing here imports ``js`` or ``pyodide``.

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

from .. import nn
from . import checks
from .store import MODELS, loaded, model_id

MAX_PREDICT_BATCH = 256  # images per predict request


def softmax(logits):
    """Row-wise softmax of ``logits (n, k)`` in float64 (max subtracted for stability)."""
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def load_zoo_model(payload):
    """Rebuild the model from ``payload["npz"]`` (uint8 array of the file) and keep it by id."""
    name = model_id(payload)
    data = payload.get("npz")
    if not isinstance(data, np.ndarray) or data.dtype != np.uint8:
        raise ValueError("load_zoo_model needs npz: the model file's bytes (binary)")
    model = nn.load(data.tobytes())
    if not isinstance(model, nn.Sequential) or model.input_shape is None:
        raise ValueError("model %r is not a saved nn.Sequential with an input shape" % name)
    model.eval()
    MODELS.forget(name)
    shape = tuple(int(s) for s in model.input_shape)
    classes = int(model.forward(np.zeros((1,) + shape)).shape[-1])
    MODELS.put(name, model, shape)
    return {"id": name, "input_shape": list(shape), "parameters": int(model.parameter_count()),
            "dtype": model.dtype, "classes": classes}, {}


def predict(payload):
    """Class probabilities of the images in ``payload["pixels"]`` for model ``payload["id"]``."""
    name = model_id(payload)
    model, shape = loaded(payload)
    x = checks.finite_numbers(payload, "pixels")
    if x is None:
        raise ValueError("pixels must be a list of numbers")
    size = int(np.prod(shape))
    n = x.size // size
    if n < 1 or n * size != x.size or n > MAX_PREDICT_BATCH:
        raise ValueError("pixels must hold 1 to %d images of %d numbers (%s), got %d numbers"
                         % (MAX_PREDICT_BATCH, size, "x".join(map(str, shape)), x.size))
    probabilities = softmax(model.forward(x.reshape((n,) + shape)))
    if not np.all(np.isfinite(probabilities)):
        raise ValueError("model %r gave a non-finite output for these pixels" % name)
    return {"id": name, "n": n}, {"probabilities": probabilities.reshape(-1)}


def unload_zoo_model(payload):
    MODELS.forget(model_id(payload))
    return {"loaded": MODELS.ids()}, {}
