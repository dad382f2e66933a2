"""The Training page's jobs (kind "dynamics"): a zoo architecture trained again from its seed with
per-neuron metrics recorded every ``every`` optimizer steps (:class:`pyplayground.dynamics.Recorder`),
then, per unit layer and metric, a blue-noise and a random sample of the neurons' time series of
the same size with the most outlying series marked, k-means clusters of the layer's neurons, and
the forward credit and link strengths between consecutive layers at every snapshot.

Output ``dynamics/<model>/dynamics.json``; metrics ``outliers_kept`` ({"blue_noise", "random"} ->
the share of outlying series each sample kept, over every layer and metric) and ``credit_range``
([min, max] forward credit over all snapshots, within [-1, 1]). Series are put on one scale per
(layer, metric) by dividing by their overall standard deviation before sampling and measuring.
"""
import json
import os

import numpy as np

from pyplayground import dynamics
from pyplayground.zoo import architectures, training

from . import mnist
from .jobs import Job
from .zoo_jobs import MODELS, SEED, SPLIT_JOB, TEST_INDICES, train_indices

TRACKED = ("mlp", "cnn-small")
FULL = {"epochs": 3, "every": 10, "train_size": None, "probe": 256}
QUICK = {"epochs": 1, "every": 4, "train_size": 600, "probe": 64}
SAMPLE_SHARE = 0.25      # each sample keeps a quarter of a layer's series
OUTLIER_SHARE = 0.05     # the outlying series: the top 5% (at least one) by nearest-neighbour distance
CLUSTERS = 4
CODE = ["pyplayground/dynamics", "pyplayground/units", "pyplayground/layers", "pyplayground/sequential.py",
        "pyplayground/optim.py", "pyplayground/losses.py", "pyplayground/activations.py", "pyplayground/outputs.py",
        "pyplayground/registry.py", "pyplayground/vocabulary.py", "pyplayground/zoo", "pipeline/dynamics_jobs.py",
        "pipeline/mnist.py", "pipeline/zoo_jobs.py"]


def dynamics_jobs(quick=False):
    out = []
    for model_id in TRACKED:
        params = dict(QUICK if quick else FULL, model=model_id, seed=SEED, quick=bool(quick))
        out.append(Job("dynamics-" + model_id, "dynamics", "Training dynamics: " + MODELS[model_id][0],
                       "pipeline.dynamics_jobs:record_dynamics", params, inputs=[SPLIT_JOB], code=CODE,
                       resources=["mnist"], cost=params["epochs"] * 3.0))
    return out


def _r(values, digits=5):
    return [float("%.*g" % (digits, v)) for v in np.asarray(values, dtype=np.float64).ravel()]


def analyse(lines, seed):
    """Samples, outliers and what each sample kept for one (layer, metric): ``lines (units, T)``."""
    scale = float(np.std(lines)) or 1.0
    scaled = np.asarray(lines, dtype=np.float64) / scale
    k = max(2, int(round(SAMPLE_SHARE * len(lines))))
    blue = dynamics.blue_noise_sample(scaled, k, seed=seed)
    rand = dynamics.random_sample(len(lines), k, seed=seed)
    out = dynamics.outliers(scaled, OUTLIER_SHARE)
    return {"blue_noise": blue, "random": rand, "outliers": out,
            "kept": {"blue_noise": len(set(out) & set(blue)), "random": len(set(out) & set(rand))},
            "min_distance": {"blue_noise": round(dynamics.min_pairwise_distance(scaled, blue), 5),
                             "random": round(dynamics.min_pairwise_distance(scaled, rand), 5)}}


def record_dynamics(spec, inputs, resources, workdir, progress):
    p = spec["params"]
    model_id = p["model"]
    _, arch, options, recipe = MODELS[model_id]
    x_u8, y = resources["mnist"]
    test = np.asarray(json.loads(inputs[SPLIT_JOB]["files"][TEST_INDICES].decode())["indices"], dtype=np.int64)
    train = train_indices(len(y), test, p["train_size"])
    images, labels = mnist.as_images(x_u8).astype(np.float32), y.astype(np.int64)
    probe = images[test[np.linspace(0, len(test) - 1, p["probe"]).round().astype(np.int64)]]
    model = architectures.build(arch, seed=p["seed"], **options)
    opt = training.make_optimizer(model, recipe["optimizer"], recipe["lr"],
                                  **{k: recipe[k] for k in ("momentum", "weight_decay") if k in recipe})
    recorder = dynamics.Recorder(model, probe)
    params = model.parameters()
    rng = np.random.default_rng(p["seed"])
    batch = recipe["batch_size"]
    steps = p["epochs"] * -(-len(train) // batch)
    step = 0
    for _ in range(p["epochs"]):
        order = train[rng.permutation(len(train))]
        for i in range(0, len(order), batch):
            idx = order[i:i + batch]
            model.train()
            grads = model.gradients(images[idx], labels[idx])
            before = {name: value.copy() for name, value in params.items()}
            opt.step(grads)
            step += 1
            if step == 1 or step % p["every"] == 0 or step == steps:
                recorder.record(step, grads, before)
            progress(step, steps)
    model.eval()
    layers, kept, total, credits = [], {"blue_noise": 0, "random": 0}, 0, []
    for k, layer in enumerate(recorder.layers):
        entry = {"name": layer["name"], "kind": layer["kind"], "units": int(recorder.arrays(k, "act_mean").shape[0]),
                 "series": {}, "samples": {}, "layer_series": {}}
        for metric in dynamics.METRICS:
            lines = recorder.arrays(k, metric)
            entry["series"][metric] = [_r(line) for line in lines]
            entry["layer_series"][metric] = _r(lines.mean(axis=0))
            if metric != "dead":
                analysis = analyse(lines, p["seed"] + k)
                entry["samples"][metric] = analysis
                for name in kept:
                    kept[name] += analysis["kept"][name]
                total += len(analysis["outliers"])
        features = recorder.arrays(k, "act_mean")
        features = features / (np.std(features) or 1.0)
        entry["clusters"] = dynamics.kmeans(features, CLUSTERS, seed=p["seed"])[0].tolist()
        if k < len(recorder.layers) - 1:
            entry["credit"] = [_r(c, 4) for c in recorder.credit[k]]
            entry["links"] = [_r(C, 4) for C in recorder.links[k]]
            entry["links_shape"] = list(recorder.links[k][0].shape)
            credits += [v for c in recorder.credit[k] for v in c]
        layers.append(entry)
    path = "dynamics/%s/dynamics.json" % model_id
    outliers_kept = {name: round(count / total, 4) for name, count in kept.items()}
    data = {"model": model_id, "title": MODELS[model_id][0], "steps": recorder.steps, "every": p["every"],
            "metrics": list(dynamics.METRICS), "layers": layers, "sample_share": SAMPLE_SHARE,
            "outlier_share": OUTLIER_SHARE, "outliers_kept": outliers_kept, "outliers": total,
            "training": {"epochs": p["epochs"], "batch_size": batch, "optimizer": recipe["optimizer"],
                         "lr": recipe["lr"], "train_size": int(len(train))}}
    full = os.path.join(workdir, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write((json.dumps(data, separators=(",", ":")) + "\n").encode())
    credit_range = [round(float(min(credits)), 4), round(float(max(credits)), 4)] if credits else [0.0, 0.0]
    return {"files": [path], "model": model_id, "dataset": mnist.DATASET, "seed": p["seed"],
            "metrics": {"outliers_kept": outliers_kept, "outliers": total, "credit_range": credit_range,
                        "snapshots": len(recorder.steps), "layers": len(layers)}}
