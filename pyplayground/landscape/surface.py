"""Loss and accuracy along directions around a model's parameters (Li et al. 2018, eq. 1-2).

``f(alpha, beta) = L(theta + alpha * delta + beta * eta)``, evaluated in eval mode, so a
BatchNorm layer normalizes with its trained running statistics (fixed), as the paper's
released code does. ``coords`` is ``(m, k)``: m points, one coefficient per direction.
The model's parameters are restored afterwards.
"""
import numpy as np


def _accuracy(out, y):
    return float(np.mean(out.argmax(axis=1) == np.asarray(y).reshape(-1)))


def _loss_and_accuracy(model, X, y, batch_size):
    total_loss, total_correct, n = 0.0, 0.0, len(X)
    for start in range(0, n, batch_size):
        xb, yb = X[start:start + batch_size], y[start:start + batch_size]
        out = model.forward(xb)
        total_loss += model.loss_of_output(out, yb) * len(xb)
        total_correct += _accuracy(out, yb) * len(xb)
    return total_loss / n, total_correct / n


def evaluate(model, X, y, directions, coords, batch_size=500):
    """Loss and accuracy at ``theta + sum_k coords[i, k] * directions[k]`` for every row i.

    ``directions`` is a list of name -> array dicts; returns ``(loss (m,), accuracy (m,))``.
    """
    coords = np.atleast_2d(np.asarray(coords, dtype=np.float64))
    if coords.shape[1] != len(directions):
        raise ValueError("coords must have one column per direction (%d), got %r" % (len(directions), coords.shape))
    was_training = model.body.training
    model.eval()
    origin = model.state()
    params = model.parameters()
    losses, accs = np.empty(len(coords)), np.empty(len(coords))
    try:
        for i, point in enumerate(coords):
            for name, p in params.items():
                shift = sum(c * d[name] for c, d in zip(point, directions))
                p[...] = origin[name] + shift
            losses[i], accs[i] = _loss_and_accuracy(model, X, y, batch_size)
    finally:
        model.set_state(origin)
        model.body.set_training(was_training)
    return losses, accs


def surface_1d(model, X, y, direction, alphas, **kw):
    """Loss and accuracy at ``theta + alpha * direction`` for each alpha: two ``(len(alphas),)`` arrays."""
    return evaluate(model, X, y, [direction], np.asarray(alphas, dtype=np.float64)[:, None], **kw)


def surface_2d(model, X, y, d1, d2, alphas, betas, **kw):
    """Loss and accuracy on the grid ``alphas x betas``: arrays ``(len(betas), len(alphas))``
    (row = beta, column = alpha, as a contour plot draws them)."""
    aa, bb = np.meshgrid(np.asarray(alphas, np.float64), np.asarray(betas, np.float64))
    loss, acc = evaluate(model, X, y, [d1, d2], np.stack([aa.ravel(), bb.ravel()], axis=1), **kw)
    return loss.reshape(aa.shape), acc.reshape(aa.shape)


def interpolate(model, state_a, state_b, alphas, X, y, batch_size=500):
    """Linear interpolation ``(1 - alpha) * theta_a + alpha * theta_b`` of two solutions
    (Goodfellow et al. 2015; Li et al. 2018, section 3), parameters and BatchNorm statistics alike.
    Returns ``(loss, accuracy)`` arrays of ``len(alphas)``; the model is restored afterwards."""
    origin = model.state()
    was_training = model.body.training
    model.eval()
    losses, accs = [], []
    try:
        for a in np.asarray(alphas, dtype=np.float64):
            model.set_state({k: (1.0 - a) * np.asarray(state_a[k], np.float64) + a * np.asarray(state_b[k], np.float64)
                             for k in origin})
            loss, acc = _loss_and_accuracy(model, X, y, batch_size)
            losses.append(loss)
            accs.append(acc)
    finally:
        model.set_state(origin)
        model.body.set_training(was_training)
    return np.array(losses), np.array(accs)
