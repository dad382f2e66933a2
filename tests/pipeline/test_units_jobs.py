"""The Units page's quick artifacts end to end: schema, top-9 images against a recomputation,
activation-maximization ratios (recorded and re-measured), facets distinct and deterministic."""
import base64
import json
import os

import numpy as np
import pytest

from pipeline.core import manifest
from pipeline.data import mnist
from pipeline.units import facets as units_facets
from pipeline.units import jobs as units_jobs
from pipeline.zoo import jobs as zoo_jobs
from pyplayground import nn, units


@pytest.fixture(scope="module")
def built(tmp_path_factory, digits, build_jobs):
    out = str(tmp_path_factory.mktemp("units-quick"))
    jobs = [j for j in zoo_jobs.zoo_jobs(quick=True) if j.id in ("mnist", "cnn-small")] + units_jobs.units_jobs(True)
    data = build_jobs(jobs, out)
    entries = {e["id"]: e for e in data["artifacts"]}
    model = nn.load(os.path.join(out, "models/cnn-small/model.npz")).eval()

    def read(entry_id):
        with open(os.path.join(out, entries[entry_id]["files"][0]["path"])) as f:
            return json.load(f)
    return data, entries, model, read("units-cnn-small"), read("facets-cnn-small"), out


def floats(b64):
    return np.frombuffer(base64.b64decode(b64), dtype="<f4").reshape(-1, 784).astype(np.float64)


def test_manifest_validates_with_the_units_metrics(built):
    data, entries, _, _, _, _ = built
    manifest.validate(data)
    units_entry, facets_entry = entries["units-cnn-small"], entries["facets-cnn-small"]
    assert units_entry["kind"] == "units" and facets_entry["kind"] == "facets"
    assert units_entry["inputs"] == ["mnist", "cnn-small"] and units_entry["model"] == "cnn-small"
    ratios = units_entry["metrics"]["activation_ratio"]
    assert len(ratios) == units_entry["metrics"]["am_images"] and "logits/3/yosinski-1" in ratios
    assert sorted(facets_entry["metrics"]["facets_per_class"]) == [str(d) for d in range(10)]
    assert facets_entry["metrics"]["deterministic"] is True and facets_entry["metrics"]["facets_distinct"] is True


def test_top_images_are_the_most_activating_training_digits(built, digits):
    _, entries, model, data, _, out = built
    x, y = digits
    with open(os.path.join(out, zoo_jobs.TEST_INDICES)) as f:
        split = json.load(f)
    train = zoo_jobs.train_indices(len(y), np.asarray(split["indices"]), zoo_jobs.QUICK_TRAIN)
    outputs = model.activations(mnist.as_images(x[train]))
    gallery = data["gallery"]
    assert [e["name"] for e in data["layers"]] == ["conv1", "conv2", "logits"]
    for layer in data["layers"]:
        out = outputs[str(layer["index"])]
        score = out.reshape(len(out), out.shape[1], -1).max(axis=2) if out.ndim == 4 else out
        assert len(layer["units"]) == layer["shape"][0]
        for c, unit in enumerate(layer["units"]):
            values = [t["value"] for t in unit["top"]]
            assert len(values) == 9 and values == sorted(values, reverse=True)
            assert unit["max"] == pytest.approx(score[:, c].max(), rel=1e-4)
            expected = np.sort(score[:, c])[::-1][:9]
            np.testing.assert_allclose(values, expected, rtol=1e-4, atol=1e-5)
            for t in unit["top"]:
                assert t["index"] in gallery["indices"]
                if layer["kind"] == "conv":
                    top, left, bottom, right = t["box"]
                    assert 0 <= top < bottom <= 28 and 0 <= left < right <= 28
    pixels = np.frombuffer(base64.b64decode(gallery["pixels_u8_b64"]), dtype=np.uint8).reshape(-1, 784)
    np.testing.assert_array_equal(pixels, x[gallery["indices"]])


def test_activation_maximization_beats_the_training_set(built):
    """Every AM image's ratio is recorded and re-measures; the class units' AM images (presets
    1-3) excite their class more than any training digit does (ratio > 1)."""
    _, entries, model, data, _, out = built
    images = floats(data["am_images_f32_b64"])
    by_index = {e["index"]: e for e in data["layers"]}
    for record in data["am"]:
        layer = by_index[record["layer"]]
        a = units.activation_and_gradient(model, images[record["image"]].reshape(1, 1, 28, 28), layer["index"],
                                          record["channel"])[0][0]
        assert a == pytest.approx(record["activation"], rel=1e-3, abs=1e-3)
        assert record["train_max"] == pytest.approx(layer["units"][record["channel"]]["max"], rel=1e-4)
        assert record["ratio"] == pytest.approx(a / record["train_max"], rel=1e-3)
        assert record["trace"][-1] > record["trace"][0]  # the ascent raised its unit
        if layer["name"] == "logits" and record["preset"] in ("yosinski-1", "yosinski-2", "yosinski-3"):
            assert record["ratio"] > 1.0, record
    metrics = entries["units-cnn-small"]["metrics"]
    assert metrics["activation_ratio_classes"]["min"] == min(r["ratio"] for r in data["am"] if r["layer"] == 5)


def test_facets_are_distinct_and_excite_their_class(built):
    _, _, model, _, data, _ = built
    facet_images = floats(data["facet_images_f32_b64"])
    for c in data["classes"]:
        assert 1 <= c["k"] <= 10 and len(c["facets"]) == c["k"]
        assert len(c["points"]) == len(c["assign"]) == len(c["indices"]) == sum(f["size"] for f in c["facets"])
        images = facet_images[[f["image"] for f in c["facets"]]]
        if c["k"] > 1:
            assert units_facets.pairwise_min(images) >= c["bound"] > 0
        logits = model.forward(images.reshape(-1, 1, 28, 28))
        np.testing.assert_allclose(logits[:, c["label"]], [f["activation"] for f in c["facets"]], rtol=1e-3)
        for f in c["facets"]:
            assert len(f["nearest"]) == units_facets.NEAREST and f["size"] >= units_facets.MIN_MEMBERS
            assert f["ratio"] >= units_facets.TARGET_RATIO or f["steps"] == units_facets.FACET_STEPS
        for r in c["rejected"]:
            assert r["k"] > c["k"] and "<" in r["why"]


def test_facets_are_deterministic_for_a_seed(built, digits):
    """Class 3's facets recomputed in this process equal the job's (another process)."""
    _, _, model, _, data, _ = built
    x, y = digits
    c = data["classes"][3]
    rows = np.asarray(c["indices"])
    again = units_jobs.class_facets(model, mnist.as_images(x[rows]), y[rows].astype(np.int64), 3, data["seed"])
    assert again["class_max"] == pytest.approx(c["class_max"], abs=1e-5)
    assert again["k"] == c["k"] and again["assign"].tolist() == c["assign"]
    assert units_jobs.facets_digest(again) == c["digest"]


def test_units_jobs_are_registered_after_their_inputs():
    from pipeline.__main__ import all_jobs
    for quick in (True, False):
        jobs = all_jobs(quick)
        ids = [j.id for j in jobs]
        for job in units_jobs.units_jobs(quick):
            assert job.id in ids and all(ids.index(i) < ids.index(job.id) for i in job.inputs)
