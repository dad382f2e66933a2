"""Each request limit of pyplayground.vocabulary (LIMITS, REQUEST_LIMITS, LANDSCAPE_RESOLUTIONS) is
where the worker's entry stops: the limit itself is accepted, one past it is refused with a
ValueError naming the key, and nothing changes. (Replaces a check of the source text.)

Also runs inside the browser's Pyodide (pytest 3.6).
"""
import json

import pytest

from pyplayground import bridge, vocabulary
from bridge_calls import call

LIMITS, REQUESTS = vocabulary.LIMITS, vocabulary.REQUEST_LIMITS


def configured():
    call("configure", config={"hidden": [2]})


def refused(kind, message, **payload):
    epoch = call("grid")[0]["epoch"]
    with pytest.raises(ValueError, match=message):
        call(kind, **payload)
    assert call("grid")[0]["epoch"] == epoch  # nothing happened


def test_train_epochs_stop_at_the_limit():
    configured()
    refused("train", "epochs", epochs=LIMITS["epochs"] + 1)
    fields, _ = call("train", epochs=LIMITS["epochs"], budget_ms=0)  # accepted: one epoch within a zero budget
    assert fields["epoch"] == 1


def test_the_train_budget_stops_at_the_limit():
    configured()
    refused("train", "budget_ms", epochs=1, budget_ms=REQUESTS["train_ms"] + 1)
    assert call("train", epochs=1, budget_ms=REQUESTS["train_ms"])[0]["epoch"] == 1


def test_grid_resolutions_stop_at_the_limit():
    configured()
    refused("grid", "resolution", neuron_resolution=LIMITS["grid_resolution"] + 1)
    _, reply = call("grid", neuron_resolution=LIMITS["grid_resolution"])
    assert reply.array("neurons").size % LIMITS["grid_resolution"] ** 2 == 0


def test_landscape_resolutions_stop_at_the_limits():
    configured()
    low, high = vocabulary.LANDSCAPE_RESOLUTIONS
    for resolution in (low - 1, high + 1):
        refused("grid", "resolution", landscape={"resolution": resolution})
    for resolution in (low, high):
        assert call("grid", landscape={"resolution": resolution})[1].array("landscape").size == resolution ** 2
    refused("grid", "directions", landscape={"directions": "sideways"})
    for directions in vocabulary.LANDSCAPE_DIRECTIONS:
        assert call("grid", landscape={"directions": directions})[0]["landscape"]["directions"] in \
            vocabulary.LANDSCAPE_DIRECTIONS


def test_dynamics_snapshots_stop_at_the_limits():
    configured()
    call("train", epochs=3)
    low, high = REQUESTS["dynamics_snapshots"]
    for snapshots in (low - 1, high + 1):
        refused("dynamics", "snapshots", snapshots=snapshots)
    for snapshots in (low, high):
        call("dynamics", snapshots=snapshots)


def test_backend_grids_stop_at_the_limit():
    configured()
    most = REQUESTS["backend_grids"]
    refused("backend_data", "at most %d" % most, grid_resolutions=[4] * (most + 1))
    _, reply = call("backend_data", grid_resolutions=[4 + i for i in range(most)])
    assert reply.array("grid_inputs_4").size > 0


def test_request_bytes_stop_at_the_limit():
    configured()
    pad = REQUESTS["request_bytes"] - len(json.dumps({"p": ""}))
    assert len(json.dumps({"p": "x" * pad})) == REQUESTS["request_bytes"]
    bridge.handle("grid", json.dumps({"p": "x" * pad}))  # accepted (an unknown key is ignored by grid)
    with pytest.raises(ValueError, match="larger than"):
        bridge.handle("grid", json.dumps({"p": "x" * (pad + 1)}))


def test_relevance_methods_are_the_vocabularys():
    configured()
    for method in vocabulary.PLAYGROUND_RELEVANCE_METHODS:
        assert call("grid", relevance={"method": method, "resolution": 4})[0]["relevance"]["method"] == method
    refused("grid", "method", relevance={"method": "sensitivity", "resolution": 4})  # no per-neuron relevance
