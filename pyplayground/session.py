"""A playground session: one dataset, one network, one training position.

This is what the browser trains, expressed with plain values so it can be driven
from Python too (see :mod:`pyplayground.bridge` for the worker's side). Config
keys are snake_case engine names; :data:`DEFAULTS` lists them with TF Playground's
defaults.
"""
import time

import numpy as np

from . import activations, datasets, nn, regularization

DEFAULTS = {
    "dataset": "circle",        # a name from datasets.DATASETS
    "n_samples": 500,           # points generated before the train/test split
    "noise": 0.0,               # TF Playground's noise slider / 100
    "train_fraction": 0.5,      # share of the points used for training
    "hidden": [4, 2],           # neurons per hidden layer
    "activation": "tanh",       # hidden-layer activation (output: tanh or linear by problem)
    "learning_rate": 0.03,
    "regularization": "none",   # "none", "L1" or "L2"
    "regularization_rate": 0.0,
    "batch_size": 10,
    "data_seed": 0,             # seeds the dataset
    "init_seed": 0,             # seeds the weights (and the per-epoch shuffles)
    "init": "uniform",          # "uniform" or "zero" (TF Playground's initZero)
}


# Keys that change how training proceeds but not the data or the network (TF Playground
# applies them without a reset).
HYPERPARAMETERS = ("learning_rate", "regularization", "regularization_rate", "batch_size")


class DivergedError(ValueError):
    """Training produced a non-finite loss; the session kept its last finite state."""


def validate(config):
    """Return a complete config: ``DEFAULTS`` overlaid with ``config``, each value checked.

    Unknown keys and out-of-range values raise ValueError naming the key.
    """
    unknown = sorted(set(config) - set(DEFAULTS))
    if unknown:
        raise ValueError("unknown config keys %s; valid: %s" % (unknown, ", ".join(sorted(DEFAULTS))))
    c = dict(DEFAULTS)
    c.update(config)
    datasets.problem_of(c["dataset"])
    activations.get(c["activation"])
    regularization.get(c["regularization"])
    if c["init"] not in nn.INITS:
        raise ValueError("unknown init %r; valid: %s" % (c["init"], ", ".join(map(repr, nn.INITS))))
    _check_int(c, "n_samples", 2, 100000)
    _check_int(c, "batch_size", 1, 100000)
    _check_int(c, "data_seed", 0, 2 ** 32 - 1)
    _check_int(c, "init_seed", 0, 2 ** 32 - 1)
    _check_number(c, "noise", 0.0, 1.0)
    _check_number(c, "train_fraction", 0.01, 0.99)
    _check_number(c, "learning_rate", 0.0, 1e6)
    _check_number(c, "regularization_rate", 0.0, 1e6)
    if not isinstance(c["hidden"], (list, tuple)) or not all(_is_int(h) and 1 <= h <= 1024 for h in c["hidden"]):
        raise ValueError("hidden must be a list of layer sizes between 1 and 1024, got %r" % (c["hidden"],))
    c["hidden"] = [int(h) for h in c["hidden"]]
    return c


def _is_int(v):
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _check_int(c, key, lo, hi):
    if not _is_int(c[key]) or not lo <= c[key] <= hi:
        raise ValueError("%s must be an integer in [%d, %d], got %r" % (key, lo, hi, c[key]))


def _check_number(c, key, lo, hi):
    v = c[key]
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not lo <= v <= hi:
        raise ValueError("%s must be a number in [%g, %g], got %r" % (key, lo, hi, v))


class Session:
    """Data, network and training position for one config (see :func:`validate`)."""

    def __init__(self, config=None):
        self.configure(config or {})

    def configure(self, config):
        """Apply a config (validated first: on error nothing changes) and start afresh."""
        c = validate(config)
        problem = datasets.problem_of(c["dataset"])
        X, y = datasets.make(c["dataset"], c["n_samples"], c["noise"], c["data_seed"])
        self.config = c
        self.problem = problem
        self.x_train, self.y_train, self.x_test, self.y_test = datasets.split(X, y, c["train_fraction"])
        self.reset()

    def update(self, hyperparameters):
        """Change only :data:`HYPERPARAMETERS`, keeping the network and its training position."""
        other = sorted(set(hyperparameters) - set(HYPERPARAMETERS))
        if other:
            raise ValueError("only %s can change without a reset, not %s" % (", ".join(HYPERPARAMETERS), other))
        c = dict(self.config)
        c.update(hyperparameters)
        self.config = validate(c)

    def reset(self):
        """New weights from ``init_seed``; epoch back to 0."""
        c = self.config
        output = "tanh" if self.problem == "classification" else "linear"
        self.net = nn.MLP([2] + c["hidden"] + [1], c["activation"], output, seed=c["init_seed"], init=c["init"])
        self.epoch = 0
        self._rng = np.random.default_rng(c["init_seed"])

    def train(self, epochs=1, budget_s=None):
        """Run up to ``epochs`` epochs (at least one), stopping early once ``budget_s`` has passed.

        An epoch is one pass over the shuffled training set in mini-batches of
        ``batch_size``. If an epoch ends with non-finite parameters, the parameters of
        the epoch before are restored and :class:`DivergedError` is raised.
        """
        start = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore"):  # divergence is detected below
            for done in range(int(epochs)):
                if done and budget_s is not None and time.perf_counter() - start >= budget_s:
                    break
                self._epoch()
        return self.stats()

    def _epoch(self):
        """One pass over the shuffled training set; restores the old state if it diverged."""
        c = self.config
        saved = (self.net.weights, self.net.biases)
        order = self._rng.permutation(len(self.x_train))
        for lo in range(0, len(order), c["batch_size"]):
            batch = order[lo:lo + c["batch_size"]]
            self.net.step(self.x_train[batch], self.y_train[batch], c["learning_rate"],
                          c["regularization"], c["regularization_rate"])
        if not all(np.all(np.isfinite(p)) for p in self.net.weights + self.net.biases):
            self.net.weights, self.net.biases = saved
            raise DivergedError("training diverged at epoch %d (the loss became infinite or NaN): "
                                "lower the learning rate; the network was kept as it was after epoch %d"
                                % (self.epoch + 1, self.epoch))
        self.epoch += 1

    def stats(self):
        """``{"epoch", "train_loss", "test_loss"}``; a loss is None where there is no data."""
        return {
            "epoch": self.epoch,
            "train_loss": self._loss(self.x_train, self.y_train),
            "test_loss": self._loss(self.x_test, self.y_test),
        }

    def _loss(self, X, y):
        return self.net.loss(X, y) if len(X) else None

    def output_grid(self, resolution):
        """Network output over the view's grid: ``(resolution * resolution,)`` float32, top row first."""
        resolution = int(resolution)
        if not 2 <= resolution <= 1024:
            raise ValueError("resolution must lie in [2, 1024], got %r" % (resolution,))
        return self.net.forward(datasets.grid(resolution))[:, 0].astype(np.float32)
