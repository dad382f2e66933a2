"""The model zoo's jobs: the MNIST split (kind "dataset") and one job per model (kind "model").

Model ids, architectures and training recipes are in ``MODELS``; why they are sized as
they are is in docs/model-zoo.md ("Model sizes"). ``--quick`` trains the same architectures
for ``QUICK_EPOCHS`` epochs on ``QUICK_TRAIN`` evenly spaced training images (CI's smoke
build), in batches of ``QUICK_BATCH``; the test set is always the full 2,000 held-out digits.
"""
import base64
import io
import json
import os
from collections import OrderedDict

import numpy as np

from pyplayground.zoo import architectures, graph

from ..core.jobs import Job
from ..data import mnist
from . import training

SPLIT_JOB = "mnist"
TEST_INDICES = "data/mnist-test-indices.json"
TEST_SAMPLE = "data/mnist-test-sample.json"
SAMPLE_PER_CLASS = 10
SEED = 0
QUICK_EPOCHS, QUICK_TRAIN, QUICK_BATCH = 3, 2000, 64

# Adam with a cosine schedule and +-2 pixel shifts for the small CNN (it must reach 0.97 on the
# held-out digits with 20k parameters; without shifts it overfits 8,000 digits at 0.96-0.97), +-1 for
# the MLP (0.963 instead of 0.948); SGD with momentum and weight decay for the residual
# family, as Li et al. 2018 train theirs (no augmentation: their landscapes are of the training loss).
ADAM_SHIFT = {"optimizer": "adam", "lr": 0.003, "batch_size": 64, "schedule": "cosine", "epochs": 15, "shift": 2}
ADAM_SHIFT1 = {"optimizer": "adam", "lr": 0.002, "batch_size": 64, "schedule": "cosine", "epochs": 20, "shift": 1}
SGD = {"optimizer": "sgd", "lr": 0.05, "momentum": 0.9, "weight_decay": 5e-4, "batch_size": 128,
       "schedule": "cosine", "epochs": 12, "shift": 0}

MODELS = OrderedDict([
    ("cnn-small", ("Small CNN (runs live in the browser)", "cnn-small", {"channels": [16, 32]}, ADAM_SHIFT)),
    ("mlp", ("MLP 784-64-10", "mlp", {"hidden": 64}, ADAM_SHIFT1)),
])
for _blocks in (1, 2, 4):
    MODELS["resnet-%d" % _blocks] = ("ResNet, %d residual block%s (BatchNorm, skips)" % (_blocks, "s" * (_blocks > 1)),
                                     "resnet", {"blocks": _blocks, "skip": True}, SGD)
for _blocks in (1, 2, 4):
    MODELS["plain-%d" % _blocks] = ("Plain CNN, the same %d block%s without skips" % (_blocks, "s" * (_blocks > 1)),
                                    "resnet", {"blocks": _blocks, "skip": False}, SGD)

# Models that also save their per-epoch weights (for the landscapes' PCA trajectories); the MLP's
# would be 4 MB for a model no landscape uses.
TRAJECTORY = ("cnn-small", "resnet")

ENGINE_CODE = ["pyplayground/layers", "pyplayground/nn", "pyplayground/losses.py",
               "pyplayground/optim.py", "pyplayground/activations.py", "pyplayground/outputs.py",
               "pyplayground/registry.py", "pyplayground/vocabulary.py", "pyplayground/zoo",
               "pipeline/zoo", "pipeline/data"]


def zoo_jobs(quick=False):
    """The dataset job, then one job per model of ``MODELS``."""
    out = [Job(SPLIT_JOB, "dataset", "MNIST split: 8,000 training / 2,000 test digits", "pipeline.zoo.jobs:make_split",
               {"seed": mnist.SPLIT_SEED, "n_test": mnist.N_TEST, "sample_per_class": SAMPLE_PER_CLASS},
               code=["pipeline/data", "pipeline/zoo/jobs.py"], resources=["mnist"])]
    for model_id, (title, arch, options, recipe) in MODELS.items():
        recipe = dict(recipe, epochs=QUICK_EPOCHS, batch_size=QUICK_BATCH) if quick else dict(recipe)
        params = {"architecture": arch, "options": options, "training": recipe, "seed": SEED, "quick": bool(quick),
                  "train_size": QUICK_TRAIN if quick else None, "trajectory": arch in TRAJECTORY}
        cost = recipe["epochs"] * (1 + 2 * options.get("blocks", 0)) * (0.1 if arch == "mlp" else 1)
        out.append(Job(model_id, "model", title, "pipeline.zoo.jobs:train_model", params, inputs=[SPLIT_JOB],
                       code=ENGINE_CODE, resources=["mnist"], cost=cost))
    return out


def load_mnist():
    """Resource loader: ``((x, y), source hash)``."""
    x, y, digest = mnist.load()
    return (x, y), digest


def _write(workdir, rel, data):
    path = os.path.join(workdir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def _json(data, sort_keys=True):
    return (json.dumps(data, sort_keys=sort_keys, separators=(",", ":")) + "\n").encode()


def make_split(spec, inputs, resources, workdir, progress):
    """Write the test indices and a 10-per-class gallery of test digits (the page's picker)."""
    params = spec["params"]
    x, y = resources["mnist"]
    _, test = mnist.split(y, seed=params["seed"], n_test=params["n_test"])
    _write(workdir, TEST_INDICES, _json({"dataset": mnist.DATASET, "seed": params["seed"], "indices": test.tolist()}))
    sample = np.concatenate([test[y[test] == d][:params["sample_per_class"]] for d in range(10)])
    _write(workdir, TEST_SAMPLE, _json({
        "dataset": mnist.DATASET, "indices": sample.tolist(), "labels": y[sample].astype(int).tolist(),
        "shape": [28, 28], "pixels_u8_b64": base64.b64encode(np.ascontiguousarray(x[sample]).tobytes()).decode()}))
    progress(1, 1)
    counts = np.bincount(y[test], minlength=10).astype(int).tolist()
    return {"files": [TEST_INDICES, TEST_SAMPLE], "dataset": mnist.DATASET, "seed": params["seed"],
            "metrics": {"train": int(len(y) - len(test)), "test": int(len(test)), "test_per_class": counts}}


def train_indices(n, test, size=None):
    """Training indices: all but ``test``, or ``size`` of them evenly spaced (every digit kept,
    since indices run digit by digit)."""
    train = np.setdiff1d(np.arange(n), test)
    if size is not None and size < len(train):
        train = train[np.linspace(0, len(train) - 1, size).round().astype(np.int64)]
    return train


def trajectory(snapshots):
    """``.npz`` bytes: per parameter name an array ``(epochs + 1, *shape)`` (row 0: the initial
    weights, row e: after epoch e), and ``"epoch"`` ``[0, 1, ..., epochs]``."""
    arrays = OrderedDict([("epoch", np.arange(len(snapshots), dtype=np.int32))])
    for name in snapshots[0]:
        arrays[name] = np.stack([s[name] for s in snapshots])
    buf = io.BytesIO()
    np.savez_compressed(buf, **arrays)
    return buf.getvalue()


def train_model(spec, inputs, resources, workdir, progress):
    """Train one model; write ``models/<id>/model.npz``, ``summary.json`` and (``params["trajectory"]``)
    ``trajectory.npz``."""
    model_id, params = spec["id"], spec["params"]
    x_u8, y = resources["mnist"]
    split = json.loads(inputs[SPLIT_JOB]["files"][TEST_INDICES].decode())
    test = np.asarray(split["indices"], dtype=np.int64)
    train = train_indices(len(y), test, params["train_size"])
    images, labels = mnist.as_images(x_u8), y.astype(np.int64)
    x_train, y_train, x_test, y_test = images[train], labels[train], images[test], labels[test]
    model = architectures.build(params["architecture"], seed=params["seed"], **params["options"])
    snapshots = []
    history = training.train(model, x_train, y_train, x_test, y_test, seed=params["seed"], probe=x_train[::16],
                             progress=progress, snapshots=snapshots, **params["training"])
    test_loss, test_acc, predicted = training.evaluate(model, x_test, y_test)
    _, train_acc, _ = training.evaluate(model, x_train, y_train)
    buf = io.BytesIO()
    model.save(buf)
    names = ("model.npz", "summary.json") + (("trajectory.npz",) if params["trajectory"] else ())
    files = ["models/%s/%s" % (model_id, name) for name in names]
    _write(workdir, files[0], buf.getvalue())
    if params["trajectory"]:
        _write(workdir, files[2], trajectory(snapshots))
    title = MODELS[model_id][0] if model_id in MODELS else model_id
    summary = {"id": model_id, "title": title, "input_shape": list(architectures.INPUT_SHAPE),
               "classes": architectures.CLASSES, "parameters": model.parameter_count(),
               "graph": graph.graph(model), "history": history, "confusion": training.confusion(y_test, predicted)}
    _write(workdir, files[1], _json(summary, sort_keys=False))  # history.layers in layer order
    metrics = {"test_accuracy": test_acc, "test_loss": round(float(test_loss), 6), "train_accuracy": train_acc,
               "parameters": model.parameter_count(), "epochs": params["training"]["epochs"],
               "train_size": int(len(train))}
    return {"files": files, "model": model_id, "dataset": mnist.DATASET, "seed": params["seed"],
            "test_indices": TEST_INDICES, "metrics": metrics}
