"""The Clusters page's quick artifacts: the wide CNN (at least three convolution layers of 32 or
more channels), schema and metrics, clusters and orders that partition each layer, top patches that
are the neurons' largest activations, and bundle counts that add up."""
import json
import os

import numpy as np
import pytest

from pipeline.clusters import jobs as clusters_jobs
from pipeline.core import manifest
from pipeline.data import mnist
from pipeline.zoo import jobs as zoo_jobs
from pyplayground import nn


@pytest.fixture(scope="module")
def built(tmp_path_factory, digits, build_jobs):
    out = str(tmp_path_factory.mktemp("clusters-quick"))
    data = build_jobs([j for j in zoo_jobs.zoo_jobs(quick=True) if j.id == "mnist"] + clusters_jobs.clusters_jobs(True), out)
    entries = {e["id"]: e for e in data["artifacts"]}
    with open(os.path.join(out, entries["clusters-cnn-wide"]["files"][0]["path"])) as f:
        result = json.load(f)
    return data, entries, result, out


def test_manifest_validates_with_the_clusters_metrics(built):
    data, entries, result, _ = built
    manifest.validate(data)
    assert entries["cnn-wide"]["kind"] == "model" and entries["clusters-cnn-wide"]["kind"] == "clusters"
    metrics = entries["clusters-cnn-wide"]["metrics"]
    assert len(metrics["clusters_per_layer"]) >= 3 and all(k >= 3 for k in metrics["clusters_per_layer"].values())
    assert metrics["edges_after"] < metrics["edges_before"]
    assert metrics["edges_before"] == sum(e["edges_before"] for e in result["edges"])


def test_layers_are_wide_and_partitioned(built):
    _, _, result, _ = built
    assert [l["name"] for l in result["layers"]][:3] == ["conv1", "conv2", "conv3"]
    for layer in result["layers"]:
        n = layer["units"]
        assert n >= 32 and sorted(layer["order"]) == list(range(n)) and len(layer["labels"]) == n
        assert sorted(set(layer["labels"])) == list(range(layer["k"])) == sorted(layer["cluster_order"])
        assert len(layer["cluster_activation"]) == layer["k"] and len(layer["cluster_activation"][0]) == 100
        assert max(max(row) for row in layer["cluster_activation"]) == 1.0


def test_top_patches_are_the_largest_activations(built, digits):
    _, _, result, out = built
    model = nn.load(os.path.join(out, "models/cnn-wide/model.npz")).eval()
    with open(os.path.join(out, zoo_jobs.TEST_SAMPLE)) as f:
        sample = json.load(f)
    import base64
    pixels = np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(-1, 784)
    outputs = model.activations(mnist.as_images(pixels).astype(np.float32))
    layer = result["layers"][1]
    values = np.asarray(outputs[str(layer["index"])])
    for unit in (0, 17, 63):
        image, top, left, bottom, right, value = layer["top"][unit][0]
        assert np.isclose(value, values[:, unit].max(), rtol=1e-3)
        assert 0 <= top < bottom <= 28 and 0 <= left < right <= 28


def test_every_bundle_is_a_block_of_the_layer_pairs(built):
    _, _, result, _ = built
    for pair, (a, b) in zip(result["edges"], zip(result["layers"], result["layers"][1:])):
        covered = sum(x["edges"] for x in pair["bundles"]) + len(pair["single"])
        assert covered == pair["edges_before"]
        for bundle in pair["bundles"]:
            assert max(bundle["rows"]) < a["units"] and max(bundle["cols"]) < b["units"]
