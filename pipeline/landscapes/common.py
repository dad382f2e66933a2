"""What every landscape job shares: its model and facts about it, the fixed training subset,
random directions, grid axes, and writing compact files.

The training subset (Li et al. 2018 plot the training loss; a fixed subset keeps the build in
budget): ``size`` training digits evenly spaced over the 8,000 (``zoo_jobs.train_indices``;
images run digit by digit, so every class is in it in proportion). The same subset for every
model, so their losses are comparable.
"""
import io
import json
import os

import numpy as np

from pyplayground import landscape, nn
from pyplayground.zoo import walk

from ..data import mnist
from ..zoo import jobs as zoo_jobs
from ..zoo import training

MODE = ("eval mode: every BatchNorm normalizes with the running statistics it learned in training "
        "(fixed while the weights move), as the paper's released code does")


def model_entry(inputs, model_id):
    return inputs[model_id]["entry"]


def load_model(inputs, model_id):
    """The trained model of job ``model_id`` (its first file), in eval mode."""
    entry = model_entry(inputs, model_id)
    return nn.load(inputs[model_id]["files"][entry["files"][0]["path"]]).eval()


def load_trajectory(inputs, model_id):
    """The parameters after every epoch (``trajectory.npz``): a list of name -> array dicts."""
    entry = model_entry(inputs, model_id)
    path = next(f["path"] for f in entry["files"] if f["path"].endswith("/trajectory.npz"))
    with np.load(io.BytesIO(inputs[model_id]["files"][path]), allow_pickle=False) as data:
        names = [k for k in data.files if k != "epoch"]
        arrays = {k: data[k] for k in names}
        epochs = data["epoch"].tolist()
    return [{k: arrays[k][i] for k in names} for i in range(len(epochs))], epochs


def _split(inputs, resources):
    x_u8, y = resources["mnist"]
    test = np.asarray(json.loads(inputs[zoo_jobs.SPLIT_JOB]["files"][zoo_jobs.TEST_INDICES].decode())["indices"])
    return x_u8, y, test


def training_subset(inputs, resources, size):
    """``(x float32 (size, 1, 28, 28), y int64 (size,))``: the documented training subset."""
    x_u8, y, test = _split(inputs, resources)
    idx = zoo_jobs.train_indices(len(y), test, size)
    return mnist.as_images(x_u8[idx]), y[idx].astype(np.int64)


def test_set(inputs, resources):
    """The 2,000 held-out test digits ``(x, y)``."""
    x_u8, y, test = _split(inputs, resources)
    return mnist.as_images(x_u8[test]), y[test].astype(np.int64)


def subset_description(size):
    return {"size": int(size), "of": "the 8,000 training digits", "indices": "evenly spaced: "
            "zoo_jobs.train_indices(10000, test indices, %d), every class in proportion" % size}


def model_loss(model, x, y):
    """The model's own loss on ``(x, y)`` by the engine (eval mode), what the surface's centre must equal."""
    return float(training.evaluate(model, x, y)[0])


def facts(inputs, model_id, model):
    """``{"skip", "depth", "blocks"}``: skip connections or not; depth = weight layers (Conv2D,
    Dense) on the longest path, as ResNet-20/56 count theirs; blocks = residual-family blocks."""
    options = model_entry(inputs, model_id).get("parameters", {}).get("options", {})
    depth = sum(1 for path, layer in walk.walk(model)
                if type(layer).__name__ in ("Conv2D", "Dense") and ".shortcut" not in path)
    skip = any(type(layer).__name__ == "Residual" for _, layer in walk.walk(model))
    return {"skip": bool(skip), "depth": int(depth), "blocks": int(options.get("blocks", 0))}


def random_directions(model, seed, count, norm="filter"):
    """``count`` random directions (Li et al. 2018, section 4) from one seed, in order."""
    rng = np.random.default_rng(seed)
    weights = model.parameters()
    return [landscape.random_direction(weights, rng, norm) for _ in range(count)]


def axis(half, step):
    """``step * [-half, ..., half]``: ``2 * half + 1`` points with an exact 0 in the middle."""
    return step * np.arange(-int(half), int(half) + 1, dtype=np.float64)


def moved(origin, directions, coords):
    """``origin + sum_k coords[k] * directions[k]`` for the parameters; buffers (BatchNorm
    statistics) stay as they are. ``origin``: ``model.state()``."""
    out = dict(origin)
    for name, d in directions[0].items():
        out[name] = origin[name] + sum(c * dk[name] for c, dk in zip(coords, directions))
    return out


def num(v, digits=6):
    """A float with ``digits`` significant digits, for compact JSON."""
    return float("%.*g" % (digits, float(v)))


def nums(values, digits=6):
    return [num(v, digits) for v in np.asarray(values, np.float64).ravel()]


def write(workdir, rel, data):
    path = os.path.join(workdir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return rel


def write_json(workdir, rel, data):
    return write(workdir, rel, (json.dumps(data, separators=(",", ":")) + "\n").encode())


def write_npy(workdir, rel, array):
    """``array`` as a float32 ``.npy`` (little-endian, C order): what the page's reader parses."""
    buf = io.BytesIO()
    np.save(buf, np.ascontiguousarray(np.asarray(array, dtype="<f4")), allow_pickle=False)
    return write(workdir, rel, buf.getvalue())


def read_npy(data):
    return np.load(io.BytesIO(data), allow_pickle=False)
