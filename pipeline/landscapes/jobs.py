"""The loss-landscape jobs (kind "landscape"; Li, Xu, Taylor, Studer, Goldstein 2018,
"Visualizing the Loss Landscape of Neural Nets"): one artifact per model and method.

For each model of ``FAMILY`` (the residual family with and without skips at three depths, and
cnn-small): ``landscape-<m>-surface`` (2-D, random filter-normalized directions), ``-pca`` (the
training path on its top two PCA directions), ``-hessian`` (``|lambda_min / lambda_max|``
over a coarser grid), ``-curves`` (1-D, several random directions) and ``landscape-<m>``, the
summary with every number the issue asks for. Big grids are split by rows into part jobs
(``...-part1-of-3``, kind "landscape" with ``parameters.part``), so they spread over local
cores or a Dask cluster; the artifact job stacks the parts, byte-identical to one job.
Two extra models (:mod:`pipeline.landscapes.batch_models`: a small CNN trained with SGD in batches of 16
and 1,024) give ``landscape-batch-interpolation`` and ``landscape-batch-normalization``.

Budget (2 cores; see docs/landscapes.md): ``FULL`` evaluates each model's 51x51 surface on
``subset`` = 500 training digits, ``QUICK`` is CI's smoke build on the quick models.
"""
import math
from collections import OrderedDict

from ..core.jobs import Job
from ..zoo import jobs as zoo_jobs
from . import batch_models

FAMILY = ["cnn-small", "resnet-1", "resnet-2", "resnet-4", "plain-1", "plain-2", "plain-4"]
GRID_METHODS = ("surface", "pca", "hessian")
CODE = zoo_jobs.ENGINE_CODE + ["pyplayground/landscape", "pipeline/landscapes/__init__.py",
                               "pipeline/landscapes/jobs.py", "pipeline/landscapes/common.py",
                               "pipeline/landscapes/grid.py", "pipeline/landscapes/work.py",
                               "pipeline/landscapes/methods.py", "pipeline/landscapes/fast_eval.py"]

FULL = {
    "seed": 0,
    "subset": 500,                                          # training digits for every loss and accuracy
    "surface": {"half": 25, "step": 0.04},                  # 51 x 51 on [-1, 1]^2
    "curves": {"half": 25, "step": 0.04, "count": 5, "seed": 1},   # 5 directions, 51 points on [-1, 1]
    "pca": {"points": 31},                                  # 31 x 31 around the training path
    "hessian": {"half": 5, "step": 0.1, "subset": 100, "steps": 10, "eps": 1e-4, "seed": 0},  # 11 x 11 on [-0.5, 0.5]^2
    "interpolation": {"half": 20, "step": 0.05, "centre": 0.5},    # 41 points on [-0.5, 1.5]
    "part_seconds": 150,                                    # split a grid whose estimate exceeds this
}
QUICK = {
    "seed": 0,
    "subset": 200,
    "surface": {"half": 6, "step": 1.0 / 6},                # 13 x 13
    "curves": {"half": 10, "step": 0.1, "count": 3, "seed": 1},
    "pca": {"points": 9},
    "hessian": {"half": 2, "step": 0.25, "subset": 32, "steps": 4, "eps": 1e-4, "seed": 0},  # 5 x 5
    "interpolation": {"half": 8, "step": 0.125, "centre": 0.5},
    "part_seconds": 12,
}

# Milliseconds per digit on one core of the 2-core build machine (measured under load), for the
# parts and the scheduling order: eval-mode forward (fast_eval) and a float64 engine gradient.
EVAL_MS = {"stem": 0.031, "block": 0.023, "cnn-small": 0.055}
GRAD64_MS = {"stem": 0.35, "block": 0.22, "cnn-small": 0.32}


def _blocks(model_id):
    return int(model_id.split("-")[1]) if model_id.startswith(("resnet-", "plain-")) else 0


def _ms(table, model_id):
    return table[model_id] if model_id in table else table["stem"] + table["block"] * _blocks(model_id)


def _rows(method, s):
    return s["pca"]["points"] if method == "pca" else 2 * s[method]["half"] + 1


def estimate_seconds(model_id, method, s):
    """Estimated single-core seconds of one model's grid (or 1-D curves) for settings ``s``."""
    if method == "hessian":
        per_point = s["hessian"]["steps"] * 2 * s["hessian"]["subset"] * _ms(GRAD64_MS, model_id) / 1000.0
        return per_point * _rows(method, s) ** 2
    per_point = s["subset"] * _ms(EVAL_MS, model_id) / 1000.0
    if method == "curves":
        return per_point * s["curves"]["count"] * (2 * s["curves"]["half"] + 1)
    return per_point * _rows(method, s) ** 2


def grid_jobs(model_id, method, s, quick, parts=None):
    """The jobs of one model's grid: ``parts`` part jobs (default: by the estimated cost, at most
    ``s["part_seconds"]`` each) when more than one, then the artifact job (last)."""
    from .work import part_id, row_ranges
    art_id = "landscape-%s-%s" % (model_id, method)
    cost = estimate_seconds(model_id, method, s)
    rows = _rows(method, s)
    parts = max(1, min(rows, int(math.ceil(cost / s["part_seconds"])) if parts is None else int(parts)))
    base = {"model": model_id, "method": method, "settings": s, "quick": quick}
    jobs, inputs = [], [model_id, zoo_jobs.SPLIT_JOB]
    if parts > 1:
        for k, r in enumerate(row_ranges(rows, parts)):
            jobs.append(Job(part_id(art_id, k, parts), "landscape", "%s %s of %s, rows %d-%d" % (
                method, model_id, "part %d of %d" % (k + 1, parts), r[0], r[1] - 1),
                "pipeline.landscapes.work:grid_part",
                dict(base, rows=list(r), part=[k, parts]), inputs=inputs, code=CODE, resources=["mnist"],
                cost=cost / parts))
    titles = {"surface": "Loss surface of %s (random filter-normalized directions)",
              "pca": "Training path of %s on its PCA directions", "hessian": "Hessian eigenvalue ratio map of %s"}
    jobs.append(Job(art_id, "landscape", titles[method] % model_id, "pipeline.landscapes.work:grid_artifact",
                    dict(base, parts=parts), inputs=inputs + [j.id for j in jobs], code=CODE, resources=["mnist"],
                    cost=cost if parts == 1 else 0.1))
    return jobs


def landscape_jobs(quick=False):
    """Every landscape job (and the two batch-size model jobs), inputs first."""
    s = QUICK if quick else FULL
    out = batch_models.batch_model_jobs(quick)
    for model_id in FAMILY:
        artifacts = []
        for method in GRID_METHODS:
            jobs = grid_jobs(model_id, method, s, quick)
            out += jobs
            artifacts.append(jobs[-1].id)
        curves_id = "landscape-%s-curves" % model_id
        out.append(Job(curves_id, "landscape", "1-D loss curves of %s along random directions" % model_id,
                       "pipeline.landscapes.methods:curves", {"model": model_id, "method": "curves", "settings": s,
                                                             "quick": quick},
                       inputs=[model_id, zoo_jobs.SPLIT_JOB], code=CODE, resources=["mnist"],
                       cost=estimate_seconds(model_id, "curves", s)))
        artifacts.append(curves_id)
        out.append(Job("landscape-%s" % model_id, "landscape", "Landscape summary of %s" % model_id,
                       "pipeline.landscapes.methods:summary", {"model": model_id, "method": "summary",
                                                              "artifacts": artifacts, "seed": s["seed"]},
                       inputs=[model_id] + artifacts, code=CODE, cost=0.1))
    pair = list(batch_models.MODELS)
    for method, title in (("interpolation", "Straight line from the batch-16 to the batch-1,024 solution"),
                          ("normalization", "Filter, layer and no normalization: batch 16 vs 1,024")):
        out.append(Job("landscape-batch-%s" % method, "landscape", title, "pipeline.landscapes.methods:%s" % method,
                       {"models": pair, "method": method, "settings": s, "quick": quick},
                       inputs=pair + [zoo_jobs.SPLIT_JOB], code=CODE, resources=["mnist"], cost=5.0))
    return out
