"""LRP rules for linear layers, built from small parts as zennit builds them.

A rule is a list of *contributions* ``(input modifier, parameter modifier)`` and a
*stabilizer*. For a linear layer (Dense, Conv2D, AvgPool2D) with input ``a`` and relevance
``R`` at its output, with ``z_k = layer_{theta_k}(a_k)``, ``a_k = input_mod_k(a)``,
``theta_k = param_mod_k(theta)``:

    z = sum_k z_k,   s = R / stabilize(z),   R_in = sum_k a_k * (d z_k / d a_k)^T s

(Bach et al. 2015; Montavon et al. 2019, "Layer-wise relevance propagation: an overview",
eq. 1-3). ``d z_k / d a_k ^T s`` is the layer's own backward pass with the modified
parameters, so one implementation serves every linear layer kind. The alpha-beta rule is
``alpha * R_in(positive part) - beta * R_in(negative part)``, each part a rule of its own.
"""
import copy
from collections import OrderedDict, namedtuple

import numpy as np

Rule = namedtuple("Rule", "name contributions stabilizer bias")  # bias: keep biases in z


def identity(x):
    return x


def positive(x):
    return np.maximum(x, 0.0)


def negative(x):
    return np.minimum(x, 0.0)


def square(x):
    return x * x


def ones(x):
    return np.ones_like(x)


def epsilon_stabilizer(eps):
    """``z + eps * sign(z)`` (sign(0) taken as +1), LRP-epsilon (Montavon et al. 2019, eq. 4)."""
    return lambda z: z + eps * np.where(z >= 0, 1.0, -1.0)


TINY = epsilon_stabilizer(1e-12)  # only keeps 0/0 finite; LRP-0 otherwise


def lrp0():
    return Rule("lrp-0", [(identity, identity)], TINY, True)


def lrp_epsilon(epsilon=0.25):
    return Rule("lrp-epsilon", [(identity, identity)], epsilon_stabilizer(float(epsilon)), True)


def zplus():
    """z+ (Montavon et al. 2017): positive contributions only, ``a+ w+ + a- w-``; biases ignored."""
    return Rule("lrp-zplus", [(positive, positive), (negative, negative)], TINY, False)


def _negative_part():
    return Rule("lrp-negative", [(positive, negative), (negative, positive)], TINY, False)


def wsquare():
    """w^2 rule (Montavon et al. 2017): ``R_i = sum_j w_ij^2 / sum_i w_ij^2 R_j``, inputs ignored."""
    return Rule("lrp-wsquare", [(ones, square)], TINY, False)


def flat():
    """Flat rule (Lapuschkin et al. 2019): every input of a unit's receptive field gets an equal share."""
    return Rule("lrp-flat", [(ones, ones)], TINY, False)


def propagate(layer, a, relevance, rule):
    """Relevance at the input of the linear ``layer`` (Dense, Conv2D, AvgPool2D) under ``rule``."""
    z_total, parts = 0.0, []
    for input_mod, param_mod in rule.contributions:
        a_k = input_mod(a)
        if not rule.bias and len(rule.contributions) > 1 and not a_k.any():
            continue  # an all-zero input part adds exactly 0 to z and R (z+ after a ReLU: a- = 0)
        clone = modified(layer, param_mod, keep_bias=rule.bias)
        z_total = z_total + clone.forward(a_k)
        parts.append((a_k, clone))
    if not parts:
        return np.zeros_like(a)
    s = relevance / rule.stabilizer(z_total)
    return sum(a_k * clone.backward(s) for a_k, clone in parts)


def propagate_alpha_beta(layer, a, relevance, alpha=2.0, beta=1.0):
    """Alpha-beta rule (Bach et al. 2015, eq. 60): ``alpha * R+ - beta * R-``, ``alpha - beta = 1``."""
    out = alpha * propagate(layer, a, relevance, zplus())
    if beta:
        out = out - beta * propagate(layer, a, relevance, _negative_part())
    return out


def propagate_zbox(layer, a, relevance, low, high):
    """z^B rule for inputs bounded in [low, high] (Montavon et al. 2017, eq. 9):
    ``z_ij = a_i w_ij - l_i w+_ij - h_i w-_ij``."""
    low = np.broadcast_to(np.asarray(low, dtype=a.dtype), a.shape)
    high = np.broadcast_to(np.asarray(high, dtype=a.dtype), a.shape)
    parts = [(a, modified(layer, identity, False)), (low, modified(layer, positive, False)),
             (high, modified(layer, negative, False))]
    z = parts[0][1].forward(a) - parts[1][1].forward(low) - parts[2][1].forward(high)
    s = relevance / TINY(z)
    return a * parts[0][1].backward(s) - low * parts[1][1].backward(s) - high * parts[2][1].backward(s)


def modified(layer, param_mod, keep_bias):
    """A copy of ``layer`` whose weight is ``param_mod(weight)`` and bias ``param_mod(bias)`` or 0.

    Copies are kept on ``layer`` by (modifier, keep_bias) while its parameter arrays stay the
    same objects, so explaining many images through one prepared model (``Explainer``) builds
    each modified layer once. Layers whose arrays change in place are not to be explained
    through a cache: ``canonize.as_layers`` always hands out private copies.
    """
    cache = layer.__dict__.setdefault("_lrp_copies", {})
    key = (param_mod, bool(keep_bias))
    sources = tuple(layer.params.values())
    hit = cache.get(key)
    if hit is not None and len(hit[0]) == len(sources) and all(a is b for a, b in zip(hit[0], sources)):
        return hit[1]
    clone = copy.copy(layer)  # same hyperparameters; parameters replaced below, caches not shared
    clone.__dict__.pop("_lrp_copies", None)
    params = OrderedDict()
    for name, value in layer.params.items():
        if name == "bias" and not keep_bias:
            params[name] = np.zeros_like(value)
        else:
            params[name] = param_mod(value)
    clone.params = params
    clone.grads = OrderedDict()
    clone.set_training(False)
    cache[key] = (sources, clone)
    return clone
