"""Minibatch training that records what the Models page plots, and evaluation.

``train(model, x_train, y_train, x_test, y_test, ...)`` runs ``epochs`` passes of shuffled
minibatches (``np.random.default_rng(seed)`` permutes each epoch) with an optimizer of
:mod:`pyplayground.optim` and a learning-rate schedule, and returns the ``history`` of a
model's summary.json. Per epoch (after it, BatchNorm in eval mode):
- ``train_loss``, ``train_accuracy`` over all of ``x_train``; ``test_loss``, ``test_accuracy``;
- for every layer with parameters (key: its dotted path, as in ``graph``), on its ``weight``:
  ``weight_norm`` ``||w||`` at the end of the epoch; ``grad_norm`` the mean over the epoch's
  steps of ``||dL/dw||``; ``update_ratio`` the mean over steps of ``||w_after - w_before|| /
  ||w_before||`` (healthy training sits near 1e-3; Karpathy, CS231n "babysitting the learning
  process"); ``act_mean``, ``act_std`` of the layer's output on ``probe`` (a fixed batch).
With ``snapshots`` (a list), the parameters (copies, by name) are appended before training and
after every epoch: the trajectory Li et al. 2018 (section 7) project onto PCA directions.
Shapes: ``x (n, 1, 28, 28)`` floats (the model's input), ``y (n,)`` integer labels.
Numbers are stored with 6 significant digits.
"""
from collections import OrderedDict

import numpy as np

from pyplayground import losses, optim
from pyplayground.zoo import walk

STAT_KEYS = ("weight_norm", "grad_norm", "update_ratio", "act_mean", "act_std")
EVAL_BATCH = 500


def _num(v):
    return float("%.6g" % float(v))


def evaluate(model, x, y, batch_size=EVAL_BATCH):
    """``(mean loss, accuracy, predicted labels (n,))`` in eval mode, in batches of ``batch_size``."""
    was_training = model.layers[0].training if model.layers else False
    model.eval()
    loss_fn = losses.get(model.loss_name)
    total, preds = 0.0, []
    try:
        for i in range(0, len(x), batch_size):
            xb, yb = x[i:i + batch_size], y[i:i + batch_size]
            out = model.forward(xb)
            total += loss_fn(out, yb)[0] * len(xb)
            preds.append(np.argmax(out, axis=1))
    finally:
        if was_training:
            model.train()
    preds = np.concatenate(preds) if preds else np.zeros(0, dtype=np.int64)
    return total / max(len(x), 1), float(np.mean(preds == np.asarray(y))) if len(x) else 0.0, preds


def confusion(y_true, y_pred, classes=10):
    """``classes x classes`` list of int lists: row = true label, column = predicted label."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (np.asarray(y_true, dtype=np.int64), np.asarray(y_pred, dtype=np.int64)), 1)
    return matrix.tolist()


def make_optimizer(model, name="adam", lr=1e-3, **options):
    """An optimizer of :mod:`pyplayground.optim` by registered name over ``model.parameters()``."""
    if name not in optim.OPTIMIZERS:
        raise ValueError("unknown optimizer %r; valid: %s" % (name, ", ".join(map(repr, optim.OPTIMIZERS))))
    return optim.OPTIMIZERS[name](model.parameters(), lr, **options)


def make_schedule(name, lr, epochs, **options):
    """``epoch (0-based) -> lr``: "constant", "cosine" (to 0 after ``epochs``) or "step"."""
    if name == "constant":
        return optim.constant(lr)
    if name == "cosine":
        return optim.cosine(lr, epochs, **options)
    if name == "step":
        return optim.step_decay(lr, **options)
    raise ValueError("unknown schedule %r; valid: 'constant', 'cosine', 'step'" % (name,))


def random_shift(x, max_shift, rng):
    """Each image of ``x (n, c, h, w)`` translated by its own random ``(dy, dx)`` in
    ``[-max_shift, max_shift]``, zero-filled (the augmentation of LeCun et al. 1998's distortions,
    translations only). Returns a new array; ``max_shift=0`` returns ``x``."""
    if not max_shift:
        return x
    n, _, h, w = x.shape
    s = int(max_shift)
    padded = np.zeros(x.shape[:2] + (h + 2 * s, w + 2 * s), dtype=x.dtype)
    padded[:, :, s:s + h, s:s + w] = x
    offsets = rng.integers(0, 2 * s + 1, size=(n, 2))
    out = np.empty_like(x)
    for dy in range(2 * s + 1):
        for dx in range(2 * s + 1):
            pick = np.flatnonzero((offsets[:, 0] == dy) & (offsets[:, 1] == dx))
            if len(pick):
                out[pick] = padded[pick, :, dy:dy + h, dx:dx + w]
    return out


def _norm(a):
    return float(np.sqrt(np.sum(np.square(a, dtype=np.float64))))


def _copy(params):
    return OrderedDict((name, value.copy()) for name, value in params.items())


def _weight_name(path, layer):
    return path + "." + ("weight" if "weight" in layer.params else next(iter(layer.params)))


def train(model, x_train, y_train, x_test, y_test, epochs, batch_size=64, optimizer="adam", lr=1e-3,
          schedule="constant", seed=0, probe=None, progress=None, shift=0, snapshots=None, **optimizer_options):
    """Train ``model`` in place; return the history dict (module docstring).

    ``shift``: augment each training batch with random translations of up to ``shift`` pixels
    (:func:`random_shift`). ``optimizer_options`` go to the optimizer (``momentum``, ``weight_decay``); ``progress``
    is called as ``progress(steps_done, steps_total)`` after every step.
    """
    rng = np.random.default_rng(seed)
    opt = make_optimizer(model, optimizer, lr, **optimizer_options)
    lr_at = make_schedule(schedule, lr, epochs)
    tracked = walk.parametrized(model)
    weights = {path: _weight_name(path, layer) for path, layer in tracked.items()}
    params = model.parameters()
    probe = x_train[:256] if probe is None else probe
    history = {"epoch": [], "lr": [], "train_loss": [], "test_loss": [], "train_accuracy": [], "test_accuracy": [],
               "layers": {path: {k: [] for k in STAT_KEYS} for path in tracked}}
    n = len(x_train)
    steps_per_epoch = -(-n // batch_size)
    if snapshots is not None:
        snapshots.append(_copy(params))
    for epoch in range(epochs):
        opt.lr = lr_at(epoch)
        model.train()
        order = rng.permutation(n)
        grad_sum = dict.fromkeys(tracked, 0.0)
        ratio_sum = dict.fromkeys(tracked, 0.0)
        for step, i in enumerate(range(0, n, batch_size)):
            idx = order[i:i + batch_size]
            grads = model.gradients(random_shift(x_train[idx], shift, rng), y_train[idx])
            before = {path: params[name].copy() for path, name in weights.items()}
            opt.step(grads)
            for path, name in weights.items():
                grad_sum[path] += _norm(grads[name])
                ratio_sum[path] += _norm(params[name] - before[path]) / max(_norm(before[path]), 1e-12)
            if progress is not None:
                progress(epoch * steps_per_epoch + step + 1, epochs * steps_per_epoch)
        _record_epoch(model, history, epoch, opt.lr, x_train, y_train, x_test, y_test, probe, tracked, weights,
                      grad_sum, ratio_sum, steps_per_epoch)
        if snapshots is not None:
            snapshots.append(_copy(params))
    model.eval()
    return history


def _record_epoch(model, history, epoch, lr, x_train, y_train, x_test, y_test, probe, tracked, weights, grad_sum,
                  ratio_sum, steps):
    train_loss, train_acc, _ = evaluate(model, x_train, y_train)
    test_loss, test_acc, _ = evaluate(model, x_test, y_test)
    for key, value in (("epoch", epoch + 1), ("lr", _num(lr)), ("train_loss", _num(train_loss)),
                       ("test_loss", _num(test_loss)), ("train_accuracy", _num(train_acc)),
                       ("test_accuracy", _num(test_acc))):
        history[key].append(value)
    model.eval()
    _, acts = walk.record_outputs(model, probe, list(tracked))
    params = model.parameters()
    for path in tracked:
        stats = history["layers"][path]
        stats["weight_norm"].append(_num(_norm(params[weights[path]])))
        stats["grad_norm"].append(_num(grad_sum[path] / steps))
        stats["update_ratio"].append(_num(ratio_sum[path] / steps))
        stats["act_mean"].append(_num(np.mean(acts[path], dtype=np.float64)))
        stats["act_std"].append(_num(np.std(acts[path], dtype=np.float64)))
