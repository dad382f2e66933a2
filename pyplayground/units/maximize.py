"""Regularized activation maximization (Yosinski, Clune, Nguyen, Fuchs, Lipson 2015, eq. 2):
``x <- r(x + lr * d a_i(x) / d x)``, where r applies, in order, L2 decay, a Gaussian blur every
``blur_every`` steps, clipping of small-norm pixels and of small-contribution pixels.

Scaled to 28x28 digits in [0, 1]: the decay and both percentiles are scale-free and kept from
the paper's Table 1; blur widths stay in pixels (digit strokes are 2-3 px wide, so sigma 0.5-1 px
smooths below the stroke scale as it does on 227 px images); pixels are clipped to [0, 1] after
every step (the valid range); each gradient step is normalized by the gradient's mean
absolute value, so one learning rate suits units of any scale. Units: a class is its logit
(pre-softmax, as in the paper); a conv channel is its activation at the centre of its map;
a dense unit its value. ``center_bias`` (Nguyen, Yosinski, Clune 2016) restricts updates to a
central square that grows to the whole image over the first half of the steps.
"""
from collections import OrderedDict

import numpy as np

from .. import layers as L
from . import regularizers as reg

# Yosinski et al. 2015, Table 1: (decay, blur_every, blur_width, norm_pct, contribution_pct).
PRESETS = OrderedDict([
    ("yosinski-1", {"decay": 0.0, "blur_every": 4, "blur_width": 0.5, "norm_pct": 50, "contribution_pct": 0}),
    ("yosinski-2", {"decay": 0.3, "blur_every": 0, "blur_width": 0.0, "norm_pct": 20, "contribution_pct": 0}),
    ("yosinski-3", {"decay": 0.0001, "blur_every": 4, "blur_width": 1.0, "norm_pct": 0, "contribution_pct": 0}),
    ("yosinski-4", {"decay": 0.0, "blur_every": 4, "blur_width": 0.5, "norm_pct": 0, "contribution_pct": 90}),
    ("none", {"decay": 0.0, "blur_every": 0, "blur_width": 0.0, "norm_pct": 0, "contribution_pct": 0}),
])


def unit_value(out, channel):
    """The unit's activation per image from a layer output ``(n, k)`` or ``(n, c, h, w)``."""
    if out.ndim == 2:
        return out[:, channel]
    return out[:, channel, out.shape[2] // 2, out.shape[3] // 2]


def activation_and_gradient(model, x, layer, channel):
    """``(a (n,), d a / d x (n, c, h, w))`` for unit ``channel`` of top-level layer ``layer`` (index)."""
    chain = L.Chain(model.layers[:int(layer) + 1])
    out = chain.forward(np.asarray(x, dtype=model.dtype))
    d_out = np.zeros_like(out)
    if out.ndim == 2:
        d_out[:, channel] = 1.0
    else:
        d_out[:, channel, out.shape[2] // 2, out.shape[3] // 2] = 1.0
    return unit_value(out, channel).astype(np.float64), chain.backward(d_out).astype(np.float64)


def _center_mask(shape, fraction):
    h, w = shape[-2:]
    half_h, half_w = max(1, int(round(h * fraction / 2))), max(1, int(round(w * fraction / 2)))
    mask = np.zeros((h, w))
    mask[h // 2 - half_h:h // 2 + half_h, w // 2 - half_w:w // 2 + half_w] = 1.0
    return mask


def maximize(model, layer, channel, start, steps=200, lr=0.05, preset="yosinski-3", center_bias=False,
             progress=None, **overrides):
    """Gradient ascent on the input for one unit; returns ``(image (1, c, h, w), activations (steps+1,))``.

    ``start``: the starting image ``(c, h, w)`` or ``(1, c, h, w)``; ``progress(step, activation)``
    is called every step and may return True to stop early (cancel).
    """
    if preset not in PRESETS:
        raise ValueError("unknown preset %r; valid: %s" % (preset, ", ".join(map(repr, PRESETS))))
    p = dict(PRESETS[preset])
    unknown = set(overrides) - set(p)
    if unknown:
        raise ValueError("unknown regularizer setting(s) %s; valid: %s" % (", ".join(sorted(unknown)), ", ".join(p)))
    p.update(overrides)
    was_training = model.body.training
    model.eval()
    x = np.array(start, dtype=np.float64).reshape((1,) + tuple(np.shape(start))[-3:])
    trace = []
    try:
        for step in range(int(steps) + 1):
            a, g = activation_and_gradient(model, x, layer, channel)
            trace.append(float(a[0]))
            if (progress is not None and progress(step, trace[-1])) or step == steps:
                break
            g = g / (np.abs(g).mean() + 1e-12)
            if center_bias and step < steps // 2:
                g = g * _center_mask(x.shape, 0.4 + 0.6 * step / max(1, steps // 2))
            x = x + lr * g
            x = reg.l2_decay(x, p["decay"])
            if p["blur_every"] and step % int(p["blur_every"]) == 0:
                x = reg.gaussian_blur(x, p["blur_width"])
            x = reg.clip_small_norm(x, p["norm_pct"])
            x = reg.clip_small_contribution(x, g, p["contribution_pct"])
            x = np.clip(x, 0.0, 1.0)
    finally:
        model.body.set_training(was_training)
    return x, np.array(trace)
