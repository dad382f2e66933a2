"""The GAN losses, on the discriminator's raw outputs ``s`` (logits), with their gradients.

``D(x) = sigmoid(s)`` for the log losses; the least-squares loss (Mao et al. 2017) uses ``s``
itself as D's score (its heatmap is ``s`` clipped to [0, 1]). ``t = 1 - smoothing`` is the real
points' target (one-sided label smoothing, Salimans et al. 2016). Every function returns
``(loss, gradient(s))`` with the loss a batch mean, so each gradient is already divided by n.
- Discriminator, log losses ("minimax", "nonsaturating"):
  ``-mean(t log D(x) + (1 - t) log(1 - D(x))) - mean(log(1 - D(G(z))))``;
  least squares: ``0.5 mean((s_real - t)^2) + 0.5 mean(s_fake^2)``.
- Generator: "minimax" ``mean(log(1 - D(G(z))))`` (Goodfellow et al. 2014, minimised by G);
  "nonsaturating" ``-mean(log D(G(z)))``; least squares ``0.5 mean((s_fake - 1)^2)``.
Logs are taken as log-sigmoids, ``log D = -softplus(-s)``, ``log(1 - D) = -softplus(s)``, so
they stay finite for any ``s``.
"""
import numpy as np

from .vocabulary import LOSSES



def softplus(s):
    return np.logaddexp(0.0, s)


def sigmoid(s):
    return 0.5 * (1.0 + np.tanh(0.5 * s))


def _check(kind):
    if kind not in LOSSES:
        raise ValueError("unknown GAN loss %r; valid: %s" % (kind, ", ".join(LOSSES)))


def discriminator_loss(s_real, s_fake, kind="minimax", smoothing=0.0):
    """``(loss, d_s_real, d_s_fake)``."""
    _check(kind)
    t = 1.0 - float(smoothing)
    n_real, n_fake = len(s_real), len(s_fake)
    if kind == "least-squares":
        loss = 0.5 * np.mean((s_real - t) ** 2) + 0.5 * np.mean(s_fake ** 2)
        return float(loss), (s_real - t) / n_real, s_fake / n_fake
    loss = np.mean(t * softplus(-s_real) + (1.0 - t) * softplus(s_real)) + np.mean(softplus(s_fake))
    return float(loss), (sigmoid(s_real) - t) / n_real, sigmoid(s_fake) / n_fake


def generator_loss(s_fake, kind="nonsaturating"):
    """``(loss, d_s_fake)``."""
    _check(kind)
    n = len(s_fake)
    if kind == "least-squares":
        return float(0.5 * np.mean((s_fake - 1.0) ** 2)), (s_fake - 1.0) / n
    if kind == "minimax":
        return float(-np.mean(softplus(s_fake))), -sigmoid(s_fake) / n
    return float(np.mean(softplus(-s_fake))), (sigmoid(s_fake) - 1.0) / n


def score(s, kind):
    """What the heatmap shows: D's probability that a point is real (least squares: s in [0, 1])."""
    return np.clip(s, 0.0, 1.0) if kind == "least-squares" else sigmoid(s)
