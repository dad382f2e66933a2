"""The relevance jobs (kind "relevance"): every method's heatmaps and the region-perturbation
evaluation of Samek, Binder, Montavon, Lapuschkin, Mueller 2017, one job per explained model.

Methods: every name of ``pyplayground.explain.METHODS`` (sensitivity, deconvnet, the LRP rules
and composites), explaining the model's logit of a class; plus "random", a uniform-noise
heatmap, the baseline.

The evaluation, scaled from the paper's 224x224 images to 28x28 digits:
- regions: non-overlapping 2x2 patches (a 14x14 grid of 196). The paper's 9x9 patches are
  0.16% of its images; 2x2 is 0.5% of ours, the smallest square that still is a region rather
  than a pixel (a pen stroke is 2-3 pixels wide);
- L = 32 steps, so the last step has replaced 16% of the image: the paper's share
  (100 x 81 / 224^2 = 16%) and about the ink area of a digit, so a good MoRF order has
  destroyed the digit by then;
- each replaced region gets uniform noise in [0, 1] (the pixel range), as in the paper
  ("noise"); regions of equal relevance come in a seeded random order (``ties="random"``);
- a second perturbation, "erase": the region is set to the blank background (0). On digits,
  noise on the blank background *adds* ink, which a gradient map finds best (it measures
  where a change hurts, not what the decision rests on); erasing removes only what is there.
  The manifest's ``aopc``/``abpc`` are the paper's (noise); ``aopc_erase``/``abpc_erase`` too;
- the score is the softmax probability of the explained class, the class the model predicts;
- images: ``images`` held-out test digits evenly spaced through the test set (every digit
  equally often), each run with ``seeds`` noise draws (and, for "random", orders);
- AOPC (the paper's eq. 12) of the MoRF curve, ABPC (LeRF minus MoRF area) of the same noise;
  the 95% interval is over images (each image's value averaged over the seeds first);
- complexity: the mean size of each heatmap as an 8-bit PNG (``evaluation.compressed_size``).
Quick mode (CI): the same geometry on 30 digits and 2 seeds.

Files, per model, under ``relevance/<model>/``:
- ``evaluation.json``: the settings, ``table`` {perturbation: {method: {aopc, aopc_ci95, abpc,
  abpc_ci95}}}, ``curves`` {perturbation: {method: {morf, lerf}}} (the mean score after
  k = 0..L steps), ``png_bytes`` {method: mean PNG size};
- ``gallery.json``: ``per_class`` test digits of each class from data/mnist-test-sample.json
  (``digits`` [{index, label, predicted, probabilities, targets: [predicted, runner-up]}],
  ``pixels_u8_b64``), ``methods``, and ``scales`` ``[digit][target][method]`` = max |R|;
- ``heatmaps.bin``: int8, ``(digits, 2 targets, methods, 28 * 28)`` C order,
  ``round(127 * R / max|R|)``: each heatmap on its own symmetric scale, as the page draws it.
"""
import base64
import io
import json
import os
from collections import OrderedDict

import numpy as np

from pyplayground import explain, nn
from pyplayground.explain import evaluation

from ..core.jobs import Job
from ..data import mnist
from ..zoo.jobs import MODELS, SPLIT_JOB, TEST_INDICES, TEST_SAMPLE

EXPLAINED = ("cnn-small", "resnet-2")  # a plain CNN (the live one) and a residual one with BatchNorm
RANDOM = "random"
FULL = {"images": 300, "seeds": 3, "patch": 2, "steps": 32, "per_class": 2}
QUICK = dict(FULL, images=30, seeds=2)
# "noise" is the paper's perturbation; "erase" sets a region to the blank background (0),
# removing ink: on digits the two ask different questions (module docstring). Erasing
# is deterministic, so one seed (for the random baseline and tie-breaks) is enough.
PERTURBATIONS = OrderedDict([("noise", {"range": (0.0, 1.0), "seeds": None}),   # None: the job's seeds
                             ("erase", {"range": (0.0, 0.0), "seeds": 1})])
CODE = ["pyplayground/explain", "pyplayground/layers", "pyplayground/nn", "pyplayground/outputs.py",
        "pipeline/relevance"]


def relevance_jobs(quick=False):
    """One job per model of ``EXPLAINED`` (after the model's own job)."""
    out = []
    for model_id in EXPLAINED:
        params = dict(QUICK if quick else FULL, model=model_id, methods=list(explain.METHODS), seed=0,
                      quick=bool(quick))
        cost = params["images"] * params["seeds"] * (4.0 if "resnet" in model_id else 1.0) / 10
        out.append(Job("relevance-" + model_id, "relevance", "Relevance heatmaps: " + MODELS[model_id][0],
                       "pipeline.relevance.jobs:explain_model", params, inputs=[SPLIT_JOB, model_id], code=CODE,
                       resources=["mnist"], cost=cost))
    return out


def _write(workdir, rel, data):
    path = os.path.join(workdir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def _json(data):
    return (json.dumps(data, separators=(",", ":")) + "\n").encode()


def _r(values, digits=5):
    return np.round(np.asarray(values, dtype=np.float64), digits).tolist()


def evaluation_images(test, x_u8, count):
    """``count`` test indices evenly spaced through ``test`` and their images ``(count, 1, 28, 28)``."""
    picked = test[np.linspace(0, len(test) - 1, count).round().astype(np.int64)]
    return picked, mnist.as_images(x_u8[picked]).astype(np.float64)


def evaluate(explainer, X, target, methods, patch, steps, seeds, progress=None):
    """The region-perturbation evaluation (module docstring) of ``methods`` + "random".

    ``X (n, 1, h, w)``, ``target (n,)``. Returns ``(table, curves, png_bytes)``:
    ``table[perturbation][method]`` = {aopc, aopc_ci95, abpc, abpc_ci95},
    ``curves[perturbation][method]`` = {morf, lerf} (mean score after k = 0..L steps) and
    ``png_bytes[method]``, the mean compressed size of its heatmaps.
    """
    names = list(methods) + [RANDOM]
    heatmaps = explainer.relevance_many(X, methods, target)
    runs = [(name, seed) for name, setting in PERTURBATIONS.items() for seed in range(setting["seeds"] or seeds)]
    per_image = {(pert, m): {"aopc": [], "abpc": [], "morf": [], "lerf": []} for pert in PERTURBATIONS for m in names}
    done, total = 0, len(runs) * len(names)
    for pert, seed in runs:
        low, high = PERTURBATIONS[pert]["range"]
        heatmaps[RANDOM] = evaluation.random_heatmaps(X.shape, 10000 + seed)
        for m in names:
            morf, lerf = (evaluation.perturbation_curves(explainer, X, heatmaps[m], target, order, patch, steps, seed,
                                                         low, high, dtype=np.float32) for order in ("morf", "lerf"))
            rec = per_image[pert, m]
            rec["aopc"].append(evaluation.aopc(morf))
            rec["abpc"].append(evaluation.abpc(morf, lerf))
            rec["morf"].append(morf)
            rec["lerf"].append(lerf)
            done += 1
            if progress:
                progress(done, total)
    table = OrderedDict((pert, OrderedDict()) for pert in PERTURBATIONS)
    curves = OrderedDict((pert, OrderedDict()) for pert in PERTURBATIONS)
    for (pert, m), rec in per_image.items():
        row = OrderedDict()
        for key in ("aopc", "abpc"):
            mean, half = evaluation.mean_and_interval(np.mean(rec[key], axis=0))  # seeds averaged per image
            row[key], row[key + "_ci95"] = round(mean, 5), round(half, 5)
        table[pert][m] = row
        curves[pert][m] = {order: _r(np.mean(rec[order], axis=(0, 1))) for order in ("morf", "lerf")}
    png_bytes = OrderedDict((m, round(float(np.mean([evaluation.compressed_size(h[0]) for h in heatmaps[m]])), 1))
                            for m in names)
    return table, curves, png_bytes


def gallery(explainer, sample, methods, per_class):
    """``(gallery dict, int8 heatmaps (digits, 2, methods, pixels))`` for ``per_class`` digits per class."""
    labels = np.asarray(sample["labels"])
    pixels = np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(len(labels), -1)
    rows = np.concatenate([np.flatnonzero(labels == d)[:per_class] for d in range(10)])
    X = mnist.as_images(pixels[rows]).astype(np.float64)
    logits = explainer.logits(X)
    probabilities = np.exp(logits - logits.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    ranked = np.argsort(-logits, axis=1, kind="stable")
    targets = ranked[:, :2]  # the predicted class and the runner-up
    quantized = np.zeros((len(rows), 2, len(methods), X[0].size), dtype=np.int8)
    scales = np.zeros((len(rows), 2, len(methods)))
    for t in range(2):
        maps = explainer.relevance_many(X, methods, targets[:, t])
        for k, m in enumerate(methods):
            R = maps[m].reshape(len(rows), -1)
            peak = np.abs(R).max(axis=1)
            scales[:, t, k] = peak
            quantized[:, t, k] = np.round(127 * R / np.where(peak > 0, peak, 1)[:, None]).astype(np.int8)
    digits = [{"index": int(sample["indices"][r]), "label": int(labels[r]), "predicted": int(targets[i, 0]),
               "probabilities": _r(probabilities[i], 4), "targets": targets[i].astype(int).tolist()}
              for i, r in enumerate(rows)]
    data = {"methods": list(methods), "shape": [28, 28], "per_class": per_class, "digits": digits,
            "pixels_u8_b64": base64.b64encode(np.ascontiguousarray(pixels[rows]).tobytes()).decode(),
            "scales": [[[float("%.4g" % v) for v in s] for s in d] for d in scales]}
    return data, quantized


def explain_model(spec, inputs, resources, workdir, progress):
    """Heatmaps, gallery and evaluation of one model (module docstring)."""
    p = spec["params"]
    model_id = p["model"]
    x_u8, _ = resources["mnist"]
    model_files = inputs[model_id]["files"]
    model = nn.load(io.BytesIO(model_files["models/%s/model.npz" % model_id]))
    explainer = explain.Explainer(model)
    split = json.loads(inputs[SPLIT_JOB]["files"][TEST_INDICES].decode())
    sample = json.loads(inputs[SPLIT_JOB]["files"][TEST_SAMPLE].decode())
    base = "relevance/%s/" % model_id
    files = [base + "evaluation.json", base + "gallery.json", base + "heatmaps.bin"]

    gallery_data, quantized = gallery(explainer, sample, p["methods"], p["per_class"])
    gallery_data.update(model=model_id, heatmaps=files[2], layout=["digit", "target", "method", "pixel"])
    _write(workdir, files[1], _json(gallery_data))
    _write(workdir, files[2], quantized.tobytes())

    indices, X = evaluation_images(np.asarray(split["indices"]), x_u8, p["images"])
    target = explainer.logits(X).argmax(axis=1)
    table, curves, png_bytes = evaluate(explainer, X, target, p["methods"], p["patch"], p["steps"], p["seeds"],
                                        progress)
    _, y = resources["mnist"]
    result = {"model": model_id, "patch": p["patch"], "steps": p["steps"], "seeds": p["seeds"],
              "images": len(indices), "indices": indices.tolist(),
              "accuracy": round(float(np.mean(target == y[indices])), 4),
              "explained": "the predicted class", "score": "softmax probability of the explained class",
              "perturbations": {k: {"range": list(v["range"]), "seeds": v["seeds"] or p["seeds"]}
                                for k, v in PERTURBATIONS.items()},
              "methods": list(png_bytes), "table": table, "curves": curves, "png_bytes": png_bytes}
    _write(workdir, files[0], _json(result))
    noise, erase = table["noise"], table["erase"]
    metrics = {"aopc": {m: r["aopc"] for m, r in noise.items()}, "abpc": {m: r["abpc"] for m, r in noise.items()},
               "aopc_ci95": {m: r["aopc_ci95"] for m, r in noise.items()},
               "abpc_ci95": {m: r["abpc_ci95"] for m, r in noise.items()},
               "aopc_erase": {m: r["aopc"] for m, r in erase.items()},
               "abpc_erase": {m: r["abpc"] for m, r in erase.items()},
               "heatmap_png_bytes": png_bytes, "images": len(indices), "seeds": p["seeds"], "patch": p["patch"],
               "steps": p["steps"]}
    return {"files": files, "model": model_id, "dataset": mnist.DATASET, "seed": p["seed"], "metrics": metrics}
