"""Optimizers and learning-rate schedules for :class:`pyplayground.nn.Sequential`.

An optimizer holds the model's live parameter arrays (``model.parameters()``, name -> array)
and its own state per name; ``step(grads)`` updates the arrays in place (so layers keep
seeing them) from a dict of gradients with the same names, e.g. ``model.gradients(X, y)``.
A schedule is a function ``epoch -> learning rate``; set ``optimizer.lr`` from it.
"""
import math

import numpy as np


class SGD:
    """SGD with momentum and weight decay, PyTorch's form:
    ``g = grad + weight_decay * p``; ``v = momentum * v + g``; ``p -= lr * v``."""

    def __init__(self, params, lr, momentum=0.0, weight_decay=0.0):
        self.params, self.lr = params, float(lr)
        self.momentum, self.weight_decay = float(momentum), float(weight_decay)
        self._velocity = {}

    def step(self, grads):
        for name, p in self.params.items():
            g = grads[name]
            if self.weight_decay:
                g = g + self.weight_decay * p
            if self.momentum:
                v = self._velocity.get(name)
                v = g.copy() if v is None else self.momentum * v + g
                self._velocity[name] = v
                g = v
            p -= (self.lr * g).astype(p.dtype, copy=False)


class Adam:
    """Adam (Kingma & Ba 2015, Algorithm 1) with bias correction; ``weight_decay`` adds
    ``weight_decay * p`` to the gradient (L2, as PyTorch's Adam)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        self.params, self.lr = params, float(lr)
        self.beta1, self.beta2 = float(betas[0]), float(betas[1])
        self.eps, self.weight_decay = float(eps), float(weight_decay)
        self._m, self._v, self.t = {}, {}, 0

    def step(self, grads):
        self.t += 1
        correct1 = 1.0 - self.beta1 ** self.t
        correct2 = 1.0 - self.beta2 ** self.t
        for name, p in self.params.items():
            g = grads[name]
            if self.weight_decay:
                g = g + self.weight_decay * p
            m = self.beta1 * self._m.get(name, 0.0) + (1.0 - self.beta1) * g
            v = self.beta2 * self._v.get(name, 0.0) + (1.0 - self.beta2) * (g * g)
            self._m[name], self._v[name] = m, v
            update = self.lr * (m / correct1) / (np.sqrt(v / correct2) + self.eps)
            p -= update.astype(p.dtype, copy=False)


def constant(lr):
    return lambda epoch: float(lr)


def cosine(lr, epochs, final=0.0):
    """Cosine decay from ``lr`` at epoch 0 to ``final`` at epoch ``epochs`` (Loshchilov & Hutter 2017)."""
    return lambda epoch: float(final + 0.5 * (lr - final) * (1.0 + math.cos(math.pi * min(epoch, epochs) / epochs)))


def step_decay(lr, every, factor=0.1):
    """``lr * factor ** (epoch // every)``."""
    return lambda epoch: float(lr * factor ** (epoch // every))


OPTIMIZERS = {"sgd": SGD, "adam": Adam}
SCHEDULES = {"constant": constant, "cosine": cosine, "step": step_decay}
