"""The Training page's quick artifacts: schema and metrics, samples of the promised size,
credit in [-1, 1], clusters and links shaped as the layers, and the recorded series equal to
a recomputation from the same seed."""
import json
import os

import numpy as np
import pytest

from pipeline.core import manifest
from pipeline.dynamics import jobs as dynamics_jobs
from pipeline.zoo import jobs as zoo_jobs
from pyplayground.dynamics import summary


@pytest.fixture(scope="module")
def built(tmp_path_factory, digits, build_jobs):
    out = str(tmp_path_factory.mktemp("dynamics-quick"))
    data = build_jobs([j for j in zoo_jobs.zoo_jobs(quick=True) if j.id == "mnist"] + dynamics_jobs.dynamics_jobs(True), out)
    return data, {e["id"]: e for e in data["artifacts"]}, out


def read(out, entry):
    with open(os.path.join(out, entry["files"][0]["path"])) as f:
        return json.load(f)


def test_manifest_validates_with_the_dynamics_metrics(built):
    data, entries, _ = built
    manifest.validate(data)
    for model_id in dynamics_jobs.TRACKED:
        entry = entries["dynamics-" + model_id]
        assert entry["kind"] == "dynamics" and entry["model"] == model_id and entry["inputs"] == ["mnist"]
        metrics = entry["metrics"]
        low, high = metrics["credit_range"]
        assert -1.0 <= low <= high <= 1.0 and max(abs(low), abs(high)) == 1.0
        assert set(metrics["outliers_kept"]) == {"blue_noise", "random"}
        assert all(0.0 <= v <= 1.0 for v in metrics["outliers_kept"].values())


def test_the_file_has_every_layer_metric_sample_and_link(built):
    _, entries, out = built
    data = read(out, entries["dynamics-cnn-small"])
    steps = data["steps"]
    assert steps[0] == 1 and steps == sorted(steps) and len(steps) >= 3
    names = [l["name"] for l in data["layers"]]
    assert names == ["conv1", "conv2", "logits"]
    for k, layer in enumerate(data["layers"]):
        n = layer["units"]
        assert len(layer["clusters"]) == n and all(len(s) == len(steps) for s in layer["series"]["act_mean"])
        for metric, sample in layer["samples"].items():
            size = max(2, int(round(summary.SAMPLE_SHARE * n)))
            assert len(sample["blue_noise"]) == len(sample["random"]) == size
            assert sample["min_distance"]["blue_noise"] >= sample["min_distance"]["random"]
        if k < len(data["layers"]) - 1:
            nxt = data["layers"][k + 1]["units"]
            assert layer["links_shape"] == [n, nxt] and len(layer["links"][0]) == n * nxt
            assert all(abs(v) <= 1.0 for c in layer["credit"] for v in c)
            credit = np.asarray(layer["links"][-1]).reshape(n, nxt).sum(axis=1)
            assert np.allclose(credit / np.abs(credit).max(), layer["credit"][-1], atol=2e-3)


def test_a_rebuild_gives_the_same_file(built, tmp_path, build_jobs):
    _, entries, out = built
    build_jobs([j for j in zoo_jobs.zoo_jobs(quick=True) if j.id == "mnist"] + dynamics_jobs.dynamics_jobs(True)[:1],
               str(tmp_path), processes=1)
    with open(os.path.join(str(tmp_path), "dynamics/mlp/dynamics.json")) as f:
        again = json.load(f)
    assert again == read(out, entries["dynamics-mlp"])
