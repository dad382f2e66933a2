"""The worker's entry: the one package the Web Worker calls. JSON text in, JSON text plus
float32 arrays out (float64 for the exact weights). Nothing here imports ``js`` or ``pyodide``.

The worker posts typed requests (``site/js/protocol.js``); for each it calls
``handle(type, payload_json, *binary)`` and gets a :class:`Reply`: ``reply.json`` is the reply's
plain fields, its ``"arrays"`` names the arrays it carries, read with ``reply.array(name)``.
Binary payload fields (a model file's bytes, the exact weights) do not travel as JSON: the
payload's ``"$binary"`` lists their names and the arrays follow as extra arguments of
:func:`handle` (uint8 arrays, in that order).

- :mod:`.requests`: the request table, name -> handler (the build generates the page's names from it);
- :mod:`.playground`: the playground's Session; :mod:`.models`: the model zoo (loading, predict);
  :mod:`.relevance`, :mod:`.units`, :mod:`.gan`: the Relevance, Units and GAN pages;
- :mod:`.store`: the one store of loaded models; :mod:`.checks`: the checks the handlers share;
  :mod:`.reply`: :class:`Reply`.
"""
import importlib
import json

import numpy as np

from .. import __version__, vocabulary
from .reply import Reply
from .requests import REQUESTS

MAX_REQUEST_BYTES = vocabulary.REQUEST_LIMITS["request_bytes"]  # a request's JSON text


def _handler(target):
    module, function = target.split(".")
    return getattr(importlib.import_module("." + module, __name__), function)


HANDLERS = {kind: _handler(target) for kind, target in REQUESTS.items()}  # request -> payload -> (fields, arrays)


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
        return Reply(*HANDLERS[kind](payload))
    except (TypeError, KeyError, IndexError, AttributeError) as err:
        # A payload of the wrong shape (e.g. a list where a number belongs): say so plainly.
        raise ValueError("malformed %r request: %s" % (kind, err)) from None


def version():
    return __version__
