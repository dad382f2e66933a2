"""Calling the worker's entry as the worker does, for the bridge tests (tests/engine/test_bridge*.py).

A helper module, not a test file: tests/browser/test_engine_in_pyodide.py copies it into Pyodide
with the tests. Python 3.8 + numpy 1.17 like the engine.
"""
import json

import numpy as np

from pyplayground import bridge


def call(kind, /, *, binary=(), **payload):
    """``(fields, reply)`` of request ``kind`` (positional only: a payload may hold a key "kind") with
    JSON ``payload``; ``binary``: ``(name, bytes or uint8 array)`` pairs sent as the payload's binary
    fields (named in ``"$binary"``, in that order)."""
    if binary:
        payload["$binary"] = [name for name, _ in binary]
    reply = bridge.handle(kind, json.dumps(payload), *[np.frombuffer(data, np.uint8) if isinstance(data, bytes)
                                                       else data for _, data in binary])
    return json.loads(reply.json), reply


def call_binary(kind, payload, /, **binary):
    """``(fields, reply)`` of request ``kind`` with the JSON ``payload`` and the binary fields ``binary``
    (name -> bytes)."""
    return call(kind, binary=tuple(binary.items()), **payload)
