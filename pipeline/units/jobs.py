"""The Units page's jobs: per model, kind "units" (top-9 images and activation maximization per
unit, :mod:`pipeline.units.analysis`) and kind "facets" (multifaceted feature visualization per
class, :mod:`pipeline.units.facets`). Both read the trained model and the MNIST split.

Files (JSON; images as base64: training digits as uint8 ``(n, 784)``, synthetic ones as
little-endian float32 ``(n, 784)``; all row-major 28x28):

``units/<model>/units.json``::

    {"model", "dataset", "train_size", "layers": [unit layer + {"receptive_field": [size, jump, start],
      "units": [{"max", "top": [{"index", "value", "pos"?, "box"?}]}]}],
     "presets": {name: settings}, "steps", "start": {"noise", "seed", "mean_image": [784]},
     "am": [{"layer", "channel", "preset", "steps", "activation", "train_max", "ratio", "trace", "image"}],
     "am_images_f32_b64", "gallery": {"indices", "labels", "pixels_u8_b64"}}

``am[i].image`` is a row of the AM images; ``top[j].index`` an MNIST index found in ``gallery``.

``facets/<model>/facets.json``::

    {"model", "settings": {...}, "classes": [{"label", "k", "rejected", "bound", "min_distance",
      "silhouette", "class_max", "points": [[x, y] in [0, 1]] (t-SNE), "assign": [facet per point],
      "indices": [MNIST index per point], "facets": [{"size", "nearest": [15 MNIST indices],
      "activation", "ratio", "steps", "image", "start"}]}],
     "facet_images_f32_b64", "start_images_f32_b64", "gallery": {...}}

Budget (2 cores, measured under load from other builds): full ~50 s (units) + ~4.7 min wall,
64 s CPU (facets) for cnn-small; quick (a 2,000-image training subset, 2 sampled channels per
hidden layer, 100 AM steps): 12 s and 38 s. The facets job needs scikit-learn (the "build" extra;
on a Dask cluster, on its workers too).
"""
import base64
import hashlib
import io
import json
import os

import numpy as np

from pyplayground import nn, units

from ..core.jobs import Job
from ..data import mnist
from ..zoo import jobs as zoo_jobs
from . import analysis as units_analysis
from . import facets as units_facets

MODELS = ["cnn-small"]
SEED = 0
PRESETS = ["yosinski-1", "yosinski-2", "yosinski-3", "yosinski-4"]
AM_STEPS, QUICK_AM_STEPS = 200, 100
HIDDEN_PER_LAYER, QUICK_HIDDEN_PER_LAYER = 8, 2   # sampled channels of each hidden unit layer
START_NOISE = 0.1   # AM starts at the mean training image + U[0, 0.1) (the toolbox's "mean_plus_rand")
CODE = ["pyplayground/units", "pyplayground/layers", "pyplayground/nn", "pyplayground/activations.py",
        "pyplayground/losses.py", "pyplayground/registry.py", "pyplayground/vocabulary.py", "pipeline/units",
        "pipeline/data", "pipeline/zoo/jobs.py"]


def units_jobs(quick=False):
    """One "units" and one "facets" job per model of ``MODELS``."""
    out = []
    for model_id in MODELS:
        params = {"model": model_id, "seed": SEED, "quick": bool(quick),
                  "train_size": zoo_jobs.QUICK_TRAIN if quick else None}
        am = dict(params, presets=PRESETS, steps=QUICK_AM_STEPS if quick else AM_STEPS,
                  hidden_per_layer=QUICK_HIDDEN_PER_LAYER if quick else HIDDEN_PER_LAYER, start_noise=START_NOISE)
        inputs = [zoo_jobs.SPLIT_JOB, model_id]
        out.append(Job("units-" + model_id, "units", "Units of %s: top-9 images, activation maximization" % model_id,
                       "pipeline.units.jobs:make_units", am, inputs=inputs, code=CODE, resources=["mnist"], cost=3))
        out.append(Job("facets-" + model_id, "facets", "Facets of %s's classes (multifaceted visualization)" % model_id,
                       "pipeline.units.jobs:make_facets", params, inputs=inputs, code=CODE, resources=["mnist"],
                       cost=5))
    return out


def load(spec, inputs, resources):
    """``(model (eval), train MNIST indices, images (n, 1, 28, 28) float32, labels (n,), x_u8, y)``."""
    params = spec["params"]
    model_files = inputs[params["model"]]["files"]
    model = nn.load(model_files["models/%s/model.npz" % params["model"]]).eval()
    split = json.loads(inputs[zoo_jobs.SPLIT_JOB]["files"][zoo_jobs.TEST_INDICES].decode())
    x_u8, y = resources["mnist"]
    train = zoo_jobs.train_indices(len(y), np.asarray(split["indices"], dtype=np.int64), params["train_size"])
    return model, train, mnist.as_images(x_u8[train]), y[train].astype(np.int64), x_u8, y


def _b64(array, dtype):
    return base64.b64encode(np.ascontiguousarray(array, dtype=np.dtype(dtype).newbyteorder("<")).tobytes()).decode()


def gallery(indices, x_u8, y):
    """The training digits a page shows: ``{"indices", "labels", "pixels_u8_b64"}`` (sorted indices)."""
    indices = sorted(set(int(i) for i in indices))
    return {"indices": indices, "labels": y[indices].astype(int).tolist(), "pixels_u8_b64": _b64(x_u8[indices], np.uint8)}


def _write_json(workdir, rel, data):
    path = os.path.join(workdir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write((json.dumps(data, separators=(",", ":"), allow_nan=False) + "\n").encode())


def ratio_summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return {"count": 0}
    return {"count": len(values), "min": round(min(values), 4), "median": round(float(np.median(values)), 4),
            "max": round(max(values), 4), "above_1": int(sum(v > 1 for v in values))}


def make_units(spec, inputs, resources, workdir, progress):
    """Top-9 images of every unit and AM images of every class and a sample of hidden units."""
    params = spec["params"]
    model, train, images, labels, x_u8, y = load(spec, inputs, resources)
    found = units.unit_layers(model)
    plan = [(e, c) for e in found
            for c in (range(e["shape"][0]) if e["name"] == "logits"
                      else units_analysis.sample_channels(e["shape"][0], params["hidden_per_layer"]))]
    total = len(images) + len(plan) * len(params["presets"])
    scores = units_analysis.responses(model, images, progress=lambda done, _: progress(done, total))
    layers_out, shown = [], []
    for e in found:
        score, pos = scores[e["index"]]
        per_unit = units_analysis.top_images(model, score, pos, e, train)
        shown += [t["index"] for u in per_unit for t in u["top"]]
        layers_out.append(dict(e, units=per_unit, receptive_field=list(units.receptive_field(model, e["index"]))
                               if e["kind"] == "conv" else None))
    mean_image = images.mean(axis=0, dtype=np.float64)
    start = units.start_image(mean_image, params["start_noise"], params["seed"])
    am, am_images = [], []
    for e, c in plan:
        train_max = float(scores[e["index"]][0][:, c].max())
        for preset in params["presets"]:
            image, record = units_analysis.maximize_unit(model, e, c, start, preset, params["steps"], train_max)
            record["image"] = len(am_images)
            am.append(record)
            am_images.append(image)
            progress(len(images) + len(am), total)
    data = {"model": params["model"], "dataset": mnist.DATASET, "train_size": int(len(train)), "layers": layers_out,
            "presets": {p: units.settings(p) for p in params["presets"]}, "steps": params["steps"],
            "start": {"noise": params["start_noise"], "seed": params["seed"],
                      "mean_image": [round(float(v), 6) for v in mean_image.reshape(-1)]},
            "am": am, "am_images_f32_b64": _b64(np.array(am_images), np.float32), "gallery": gallery(shown, x_u8, y)}
    rel = "units/%s/units.json" % params["model"]
    _write_json(workdir, rel, data)
    by_preset = {p: ratio_summary([r["ratio"] for r in am if r["preset"] == p]) for p in params["presets"]}
    classes = ratio_summary([r["ratio"] for r in am if r["layer"] == found[-1]["index"]])
    metrics = {"activation_ratio": {"%s/%d/%s" % (_name(found, r["layer"]), r["channel"], r["preset"]): r["ratio"]
                                    for r in am},
               "activation_ratio_by_preset": by_preset, "activation_ratio_classes": classes,
               "units": sum(e["shape"][0] for e in found), "am_images": len(am), "train_images": int(len(train))}
    return {"files": [rel], "model": params["model"], "dataset": mnist.DATASET, "seed": params["seed"],
            "metrics": metrics}


def _name(found, index):
    return next(e["name"] for e in found if e["index"] == index)


def class_facets(model, images, labels, label, seed):
    """Facets of class ``label`` (:func:`units_facets.class_facets`) from the training ``images``
    and ``labels``: the class's codes and logit maximum measured here. Adds ``label``, ``rows``
    (the class's rows of ``images``) and ``class_max``."""
    rows = np.flatnonzero(labels == label)
    outputs = model.activations(images[rows])
    codes = outputs[str(units.penultimate(model))].reshape(len(rows), -1)
    logit_layer = len(model.layers) - 1
    class_max = float(outputs[str(logit_layer)][:, label].max())
    result = units_facets.class_facets(model, images[rows], codes, label, logit_layer, class_max, seed)
    result.update(label=label, rows=rows, class_max=class_max)
    return result


def facets_of_model(model, images, labels, seed, progress=None):
    """Every class's facets, class 0 first."""
    classes = int(labels.max()) + 1
    out = []
    for label in range(classes):
        out.append(class_facets(model, images, labels, label, seed))
        if progress:
            progress(label + 1, classes + 1)
    return out


def facets_digest(result):
    """SHA-256 of one class's facets (assignments, starts, images): what determinism compares."""
    h = hashlib.sha256()
    h.update(np.asarray(result["assign"], dtype=np.int64).tobytes())
    for f in result["facets"]:
        h.update(np.asarray(f["image"], dtype=np.float64).tobytes())
    return h.hexdigest()


def make_facets(spec, inputs, resources, workdir, progress):
    params = spec["params"]
    model, train, images, labels, x_u8, y = load(spec, inputs, resources)
    results = facets_of_model(model, images, labels, params["seed"], progress)
    # Determinism for the seed, checked here: class 0 again from scratch gives the same facets.
    deterministic = facets_digest(class_facets(model, images, labels, 0, params["seed"])) == facets_digest(results[0])
    progress(len(results) + 1, len(results) + 1)
    classes, facet_images, start_images, shown = [], [], [], []
    for r in results:
        e = r["embedding"]
        span = np.maximum(e.max(axis=0) - e.min(axis=0), 1e-12)
        points = np.round((e - e.min(axis=0)) / span, 4)
        facets = []
        for f in r["facets"]:
            nearest = [int(train[r["rows"][i]]) for i in f["nearest"]]
            shown += nearest
            facets.append({"size": int(len(f["members"])), "nearest": nearest,
                           "activation": round(f["activation"], 5), "ratio": round(f["ratio"], 4), "steps": f["steps"],
                           "image": len(facet_images), "start": len(start_images)})
            facet_images.append(f["image"])
            start_images.append(f["start"])
        classes.append({"label": r["label"], "k": r["k"], "rejected": r["rejected"], "bound": round(r["bound"], 4),
                        "min_distance": None if r["k"] < 2 else round(r["min_distance"], 4),
                        "silhouette": None if r["silhouette"] is None else round(r["silhouette"], 4),
                        "class_max": round(r["class_max"], 5), "points": points.tolist(),
                        "assign": r["assign"].tolist(), "indices": train[r["rows"]].astype(int).tolist(),
                        "facets": facets, "digest": facets_digest(r)})
    settings = dict(units_facets.FACET_SETTINGS, k_max=units_facets.K_MAX, min_members=units_facets.MIN_MEMBERS,
                    nearest=units_facets.NEAREST, pca_dims=units_facets.PCA_DIMS,
                    target_ratio=units_facets.TARGET_RATIO, max_steps=units_facets.FACET_STEPS,
                    distinct_fraction=units_facets.DISTINCT_FRACTION, center_bias=True, embedding="t-SNE of PCA-50")
    data = {"model": params["model"], "dataset": mnist.DATASET, "train_size": int(len(train)), "seed": params["seed"],
            "settings": settings, "classes": classes, "deterministic": deterministic,
            "facet_images_f32_b64": _b64(np.array(facet_images), np.float32),
            "start_images_f32_b64": _b64(np.array(start_images), np.float32), "gallery": gallery(shown, x_u8, y)}
    rel = "facets/%s/facets.json" % params["model"]
    _write_json(workdir, rel, data)
    ratios = [f["ratio"] for c in classes for f in c["facets"]]
    metrics = {"facets_per_class": {str(c["label"]): c["k"] for c in classes},
               "facet_min_distance": {str(c["label"]): c["min_distance"] for c in classes},
               "facet_distance_bound": {str(c["label"]): c["bound"] for c in classes},
               "facets_distinct": all(c["k"] < 2 or c["min_distance"] >= c["bound"] for c in classes),
               "facet_activation_ratio": ratio_summary(ratios), "deterministic": deterministic,
               "train_images": int(len(train))}
    return {"files": [rel], "model": params["model"], "dataset": mnist.DATASET, "seed": params["seed"],
            "metrics": metrics}
