"""The Clusters page's jobs: a wide CNN for the zoo (kind "model", ``cnn-wide``: four convolution
layers of 32-64 channels, the landscape family's plain architecture at width 64) and its neuron
clusters (kind "clusters", after CNNVis, Liu et al. 2016).

The clusters job takes the split's class-balanced test sample (10 digits per class) and, for each
convolution unit layer: the neurons' activation profiles, k-means clusters (k = max(3, round(sqrt(
units / 2)))), the similarity order (:mod:`pipeline.clusters.profiles`), each neuron's top
``TOP`` image patches (its largest activations over images and map positions, with their receptive
fields), and each cluster's mean activation per sample digit (scaled per layer to [0, 1]) for the
page's "which clusters does this digit activate". Between consecutive layers, the strong edges
bundled by bicliques (:mod:`pipeline.clusters.bundling`).

Output ``clusters/<model>/clusters.json``; metrics ``clusters_per_layer`` (layer name -> k),
``edges_before`` and ``edges_after`` (sums over the layer pairs).
"""
import base64
import io
import json
import math
import os

import numpy as np

from pyplayground import dynamics, nn
from pyplayground.units import patch_box, unit_layers

from ..core.jobs import Job
from ..data import mnist
from ..zoo import jobs as zoo_jobs
from . import bundling, profiles

WIDE = "cnn-wide"
WIDE_TITLE = "Wide CNN, four convolutions of 32-64 channels (for the Clusters page)"
WIDE_ARCH = ("resnet", {"blocks": 1, "skip": False, "width": 64})
WIDE_RECIPE = dict(zoo_jobs.SGD, epochs=6)
TOP = 4
QUANTILE = 0.8
CODE = ["pipeline/clusters", "pyplayground/dynamics", "pyplayground/units", "pyplayground/layers",
        "pyplayground/nn", "pyplayground/activations.py", "pyplayground/outputs.py",
        "pyplayground/registry.py", "pyplayground/vocabulary.py", "pipeline/data"]


def clusters_jobs(quick=False):
    """The wide CNN's model job, then its clusters job."""
    recipe = dict(WIDE_RECIPE, epochs=zoo_jobs.QUICK_EPOCHS, batch_size=zoo_jobs.QUICK_BATCH) if quick else WIDE_RECIPE
    arch, options = WIDE_ARCH
    params = {"architecture": arch, "options": options, "training": recipe, "seed": zoo_jobs.SEED,
              "quick": bool(quick), "train_size": zoo_jobs.QUICK_TRAIN if quick else None, "trajectory": False}
    model = Job(WIDE, "model", WIDE_TITLE, "pipeline.zoo.jobs:train_model", params, inputs=[zoo_jobs.SPLIT_JOB],
                code=zoo_jobs.ENGINE_CODE + ["pipeline/clusters/jobs.py"], resources=["mnist"],
                cost=recipe["epochs"] * 4.0)
    analysis = Job("clusters-" + WIDE, "clusters", "Neuron clusters: " + WIDE_TITLE,
                   "pipeline.clusters.jobs:cluster_model",
                   {"model": WIDE, "seed": zoo_jobs.SEED, "quick": bool(quick), "top": TOP, "quantile": QUANTILE,
                    }, inputs=[zoo_jobs.SPLIT_JOB, WIDE], code=CODE, cost=2.0)
    return [model, analysis]


def clusters_for(units):
    return max(3, int(round(math.sqrt(units / 2.0))))


def top_patches(model, layer, values, count):
    """Per neuron, its ``count`` largest activations as ``[image, top, left, bottom, right, value]``."""
    n, units, h, w = values.shape
    out = []
    for u in range(units):
        flat = values[:, u].reshape(-1)
        best = np.argsort(-flat, kind="stable")[:count]
        rows = []
        for k in best:
            image, rest = divmod(int(k), h * w)
            i, j = divmod(rest, w)
            rows.append([image] + list(patch_box(model, layer["index"], i, j, 28)) + [round(float(flat[k]), 4)])
        out.append(rows)
    return out


def cluster_model(spec, inputs, resources, workdir, progress):
    p = spec["params"]
    model_id = p["model"]
    model = nn.load(io.BytesIO(inputs[model_id]["files"]["models/%s/model.npz" % model_id])).eval()
    sample = json.loads(inputs[zoo_jobs.SPLIT_JOB]["files"][zoo_jobs.TEST_SAMPLE].decode())
    pixels = np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(-1, 784)
    X = mnist.as_images(pixels).astype(np.float32)
    outputs = model.activations(X)
    conv = [l for l in unit_layers(model) if l["kind"] == "conv"]
    layers = []
    for k, layer in enumerate(conv):
        values = np.asarray(outputs[str(layer["index"])], dtype=np.float64)
        units = values.shape[1]
        found = profiles.cluster_layer(values, clusters_for(units), seed=p["seed"] + k)
        labels = found["labels"]
        per_image = values.reshape(values.shape[0], units, -1).mean(axis=2)          # (images, units)
        cluster_act = np.array([per_image[:, labels == c].mean(axis=1) for c in range(labels.max() + 1)])
        peak = cluster_act.max() or 1.0
        layers.append({"name": layer["name"], "index": layer["index"], "units": units, "shape": layer["shape"],
                       "k": int(labels.max() + 1), "labels": labels.tolist(), "order": found["order"],
                       "cluster_order": [int(c) for c in found["cluster_order"]],
                       "top": top_patches(model, layer, values, p["top"]),
                       "cluster_activation": [[round(float(v / peak), 4) for v in row] for row in cluster_act]})
        progress(k + 1, 2 * len(conv))
    edges = []
    for k in range(len(conv) - 1):
        C = dynamics.contributions(model, outputs, conv[k], conv[k + 1])
        bundled = bundling.bundle_edges(C, p["quantile"])
        edges.append(dict(bundled, **{"from_layer": conv[k]["name"], "to_layer": conv[k + 1]["name"]}))
        progress(len(conv) + k + 1, 2 * len(conv))
    before = sum(e["edges_before"] for e in edges)
    after = sum(e["edges_after"] for e in edges)
    path = "clusters/%s/clusters.json" % model_id
    data = {"model": model_id, "sample": zoo_jobs.TEST_SAMPLE, "labels": sample["labels"], "layers": layers,
            "edges": edges, "edges_before": before, "edges_after": after, "quantile": p["quantile"],
            "top": p["top"]}
    full = os.path.join(workdir, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write((json.dumps(data, separators=(",", ":")) + "\n").encode())
    return {"files": [path], "model": model_id, "dataset": mnist.DATASET, "seed": p["seed"],
            "metrics": {"clusters_per_layer": {l["name"]: l["k"] for l in layers}, "edges_before": before,
                        "edges_after": after, "layers": len(layers), "images": int(len(X))}}
