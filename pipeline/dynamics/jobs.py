"""The Training page's jobs (kind "dynamics"): a zoo architecture trained again from its seed with
per-neuron metrics recorded every ``every`` optimizer steps (:class:`pyplayground.dynamics.Recorder`),
then what the page draws (:func:`pyplayground.dynamics.summarize`): per unit layer and metric a
blue-noise and a random sample of the neurons' time series of the same size with the most outlying
series marked, k-means clusters of the layer's neurons, and the forward credit and link strengths
between consecutive layers at every snapshot.

Output ``dynamics/<model>/dynamics.json``; metrics ``outliers_kept`` ({"blue_noise", "random"} ->
the share of outlying series each sample kept, over every layer and metric) and ``credit_range``
([min, max] forward credit over all snapshots, within [-1, 1]).
"""
import json
import os

import numpy as np

from pyplayground import dynamics
from pyplayground.zoo import architectures

from ..core.jobs import Job
from ..data import mnist
from ..zoo import training
from ..zoo.jobs import MODELS, SEED, SPLIT_JOB, TEST_INDICES, train_indices

TRACKED = ("mlp", "cnn-small")
FULL = {"epochs": 3, "every": 10, "train_size": None, "probe": 256}
QUICK = {"epochs": 1, "every": 4, "train_size": 600, "probe": 64}
CODE = ["pyplayground/dynamics", "pyplayground/units", "pyplayground/layers", "pyplayground/nn",
        "pyplayground/optim.py", "pyplayground/losses.py", "pyplayground/activations.py", "pyplayground/outputs.py",
        "pyplayground/registry.py", "pyplayground/vocabulary.py", "pyplayground/zoo", "pipeline/dynamics",
        "pipeline/data", "pipeline/zoo"]


def dynamics_jobs(quick=False):
    out = []
    for model_id in TRACKED:
        params = dict(QUICK if quick else FULL, model=model_id, seed=SEED, quick=bool(quick))
        out.append(Job("dynamics-" + model_id, "dynamics", "Training dynamics: " + MODELS[model_id][0],
                       "pipeline.dynamics.jobs:record_dynamics", params, inputs=[SPLIT_JOB], code=CODE,
                       resources=["mnist"], cost=params["epochs"] * 3.0))
    return out


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
    summary = dynamics.summarize(recorder, p["seed"])
    path = "dynamics/%s/dynamics.json" % model_id
    data = dict(summary, model=model_id, title=MODELS[model_id][0], every=p["every"], training={"epochs": p["epochs"], "batch_size": batch, "optimizer": recipe["optimizer"],
                         "lr": recipe["lr"], "train_size": int(len(train))})
    full = os.path.join(workdir, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write((json.dumps(data, separators=(",", ":")) + "\n").encode())
    return {"files": [path], "model": model_id, "dataset": mnist.DATASET, "seed": p["seed"],
            "metrics": {"outliers_kept": summary["outliers_kept"], "outliers": summary["outliers"],
                        "credit_range": summary["credit_range"], "snapshots": len(recorder.steps),
                        "layers": len(summary["layers"])}}
