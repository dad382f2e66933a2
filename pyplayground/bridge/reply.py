"""A reply to the worker: JSON fields plus named arrays (float32; float64 for the exact weights)."""
import json

import numpy as np

FLOAT64_ARRAYS = ("params",)  # exact weights: a restarted worker restored from the page's copy trains on exactly


class Reply:
    """A reply's JSON fields and its named arrays: float32, but float64 for :data:`FLOAT64_ARRAYS`
    (the JSON's ``float64`` lists those present). ``reply.json`` is the text the worker posts, with
    ``arrays`` naming the arrays; ``reply.array(name)`` is one of them."""

    def __init__(self, fields, arrays=None):
        arrays = arrays or {}
        self._arrays = {k: np.ascontiguousarray(v, dtype=np.float64 if k in FLOAT64_ARRAYS else np.float32)
                        for k, v in arrays.items()}
        wide = sorted(k for k in self._arrays if k in FLOAT64_ARRAYS)
        self.json = json.dumps(dict(fields, arrays=sorted(self._arrays), **({"float64": wide} if wide else {})),
                               allow_nan=False)

    def array(self, name):
        return self._arrays[name]
