"""The page's limits (site/js) and the engine's (pyplayground.config.LIMITS) agree, so the engine
refuses exactly what the page cannot produce."""
import os
import re

from pyplayground.config import LIMITS
from pyplayground.bridge import MAX_TRAIN_S
from sitebuild import paths

JS = os.path.join(paths.SITE, "js")


def read(name):
    with open(os.path.join(JS, name)) as f:
        return f.read()


def row(name):
    match = re.search(r'\{name: "%s",[^}]*\}' % name, read("state.js"))
    assert match, name
    return dict(re.findall(r"(\w+): ([\d.]+)", match.group(0)))


def test_network_batch_and_rates_agree():
    shape = row("networkShape")
    assert (int(shape["maxLength"]), int(shape["max"])) == (LIMITS["hidden_layers"], LIMITS["units"])
    assert int(row("batchSize")["max"]) == LIMITS["batch_size"]
    assert float(row("learningRate")["max"]) == LIMITS["learning_rate"]
    assert float(row("regularizationRate")["max"]) == LIMITS["regularization_rate"]


def test_points_samples_epochs_and_grids_agree():
    assert int(re.search(r"MAX_POINTS = (\d+)", read("custom-data.js")).group(1)) == LIMITS["custom_points"]
    samples = re.search(r"SAMPLES = \{([^}]*)\}", read("state.js")).group(1)
    assert max(int(n) for n in re.findall(r"\d+", samples)) <= LIMITS["n_samples"]
    playground = read("playground.js")
    assert "n > %d" % LIMITS["epochs"] in playground  # step(n)'s check
    assert "resolution > %d" % LIMITS["grid_resolution"] in playground  # neuronGrids' check
    client = read("engine-client.js")
    timeout_ms = int(re.search(r"request: (\d+)", client).group(1))
    assert timeout_ms > 2 * MAX_TRAIN_S * 1000  # a train request always answers well before its timeout
