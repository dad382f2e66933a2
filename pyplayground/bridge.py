"""The one module the Web Worker calls: JSON text in, JSON text plus float32 arrays out.

The worker posts typed requests (see ``site/js/protocol.js``); for each it calls
``handle(type, payload_json)`` and gets a :class:`Reply`: ``reply.json`` is the
reply's plain fields, ``reply.json["arrays"]`` names the float32 arrays it carries,
read with ``reply.array(name)``. Nothing here imports ``js`` or ``pyodide``.
"""
import json

import numpy as np

from . import __version__
from .session import DivergedError, Session

_session = None  # the worker's single Session, created by "configure"


class Reply:
    """A reply's JSON fields and its named float32 arrays."""

    def __init__(self, fields, arrays=None):
        arrays = arrays or {}
        self._arrays = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in arrays.items()}
        self.json = json.dumps(dict(fields, arrays=sorted(self._arrays)), allow_nan=False)

    def array(self, name):
        return self._arrays[name]


def _snapshot(session, payload, **extra):
    fields = {"stats": session.stats(), "epoch": session.epoch}
    fields.update(extra)
    arrays = {}
    resolution = payload.get("grid_resolution")
    if resolution:
        arrays["grid"] = session.output_grid(resolution)
    if payload.get("include_model"):
        fields["model"] = session.net.to_dict()
    return fields, arrays


def _configure(payload):
    global _session
    config = payload.get("config", {})
    if _session is None:
        _session = Session(config)
    else:
        _session.configure(config)  # validates first: a bad config leaves the session as it was
    fields, arrays = _snapshot(_session, payload, problem=_session.problem)
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
    budget_ms = payload.get("budget_ms")
    diverged = None
    try:
        session.train(payload.get("epochs", 1), None if budget_ms is None else budget_ms / 1000.0)
    except DivergedError as err:
        diverged = str(err)
    return Reply(*_snapshot(session, payload, diverged=diverged))


def _grid(payload):
    return Reply(*_snapshot(_require_session(), payload))


def _model(payload):
    return Reply({"model": _require_session().net.to_dict()})


HANDLERS = {"configure": _configure, "update": _update, "reset": _reset, "train": _train, "grid": _grid, "model": _model}


def handle(kind, payload_json):
    """Run request ``kind`` with its JSON payload; ValueError for unknown kinds or bad payloads."""
    if kind not in HANDLERS:
        raise ValueError("unknown request type %r; valid: %s" % (kind, ", ".join(sorted(HANDLERS))))
    payload = json.loads(payload_json) if payload_json else {}
    if not isinstance(payload, dict):
        raise ValueError("a request payload must be a JSON object")
    return HANDLERS[kind](payload)


def version():
    return __version__
