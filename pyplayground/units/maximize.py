"""Regularized activation maximization (Yosinski, Clune, Nguyen, Fuchs, Lipson 2015, eq. 2):
``x <- r(x + lr * d a_i(x) / d x)``, where r applies, in order, L2 decay, a Gaussian blur every
``blur_every`` steps, clipping of small-norm pixels and of small-contribution pixels.

Scaled to 28x28 digits in [0, 1]: the decay and both percentiles are scale-free and kept from
the paper's Table 1; blur widths stay in pixels (digit strokes are 2-3 px wide, so sigma 0.5-1 px
smooths below the stroke scale as it does on 227 px images); pixels are clipped to [0, 1] after
every step (the valid range); each gradient step is normalized by the gradient's mean
absolute value, so one learning rate suits units of any scale. Each preset carries its
learning rate: 0.05, except 0.3 for yosinski-2, whose decay of 0.3 per step would otherwise
hold every pixel near ``lr * (1 - decay) / decay`` = 0.12 (with 0.3 the fixed point is 0.7,
the paper's intent: decay against a strong step, not a dim image). Units: a class is its logit
(pre-softmax, as in the paper); a conv channel is its activation at the centre of its map;
a dense unit its value. ``center_bias`` (Nguyen, Yosinski, Clune 2016) restricts updates to a
central square that grows to the whole image over the first half of the steps, from
``center_start`` (0.4) of the side; 20/28 is MNIST's own digit box (its digits are scaled
into a centred 20x20 box), where a digit's strokes already lie.

:class:`Maximizer` runs the same ascent in chunks (the browser shows progress between chunks
and cancels by not asking for more); chunked and one-shot runs give identical images.
"""
from collections import OrderedDict

import numpy as np

from .. import layers as L
from . import regularizers as reg

# Yosinski et al. 2015, Table 1: (decay, blur_every, blur_width, norm_pct, contribution_pct);
# lr is ours (module docstring). "none" is plain gradient ascent, for comparison.
PRESETS = OrderedDict([
    ("yosinski-1", {"decay": 0.0, "blur_every": 4, "blur_width": 0.5, "norm_pct": 50, "contribution_pct": 0,
                    "lr": 0.05}),
    ("yosinski-2", {"decay": 0.3, "blur_every": 0, "blur_width": 0.0, "norm_pct": 20, "contribution_pct": 0,
                    "lr": 0.3}),
    ("yosinski-3", {"decay": 0.0001, "blur_every": 4, "blur_width": 1.0, "norm_pct": 0, "contribution_pct": 0,
                    "lr": 0.05}),
    ("yosinski-4", {"decay": 0.0, "blur_every": 4, "blur_width": 0.5, "norm_pct": 0, "contribution_pct": 90,
                    "lr": 0.05}),
    ("none", {"decay": 0.0, "blur_every": 0, "blur_width": 0.0, "norm_pct": 0, "contribution_pct": 0, "lr": 0.05}),
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
    if not 0 <= int(channel) < out.shape[1]:
        raise ValueError("layer %d has %d units; got unit %r" % (int(layer), out.shape[1], channel))
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


def settings(preset="yosinski-3", lr=None, **overrides):
    """The regularizer settings and learning rate of ``preset``, with ``overrides``; ValueError
    for an unknown preset or setting name."""
    if preset not in PRESETS:
        raise ValueError("unknown preset %r; valid: %s" % (preset, ", ".join(map(repr, PRESETS))))
    p = dict(PRESETS[preset])
    unknown = set(overrides) - set(p)
    if unknown:
        raise ValueError("unknown regularizer setting(s) %s; valid: %s" % (", ".join(sorted(unknown)), ", ".join(p)))
    p.update(overrides)
    if lr is not None:
        p["lr"] = lr
    return p


class Maximizer:
    """One activation-maximization run, advanced ``step(n)`` steps at a time.

    ``image`` is the current ``x (1, c, h, w)``; ``trace`` the unit's activation before each
    step taken and after the last (``len(trace) == steps_done + 1``); ``done`` once ``steps``
    steps ran. The model is switched to eval mode while a chunk runs, then restored.
    """

    def __init__(self, model, layer, channel, start, steps=200, preset="yosinski-3", center_bias=False, lr=None,
                 center_start=0.4, **overrides):
        self.p = settings(preset, lr, **overrides)
        self.model, self.layer, self.channel = model, int(layer), int(channel)
        self.steps, self.center_bias, self.preset = int(steps), bool(center_bias), preset
        self.center_start = float(center_start)
        if not 0 < self.center_start <= 1:
            raise ValueError("center_start must be a fraction of the side in (0, 1], got %r" % (center_start,))
        self.image = np.array(start, dtype=np.float64).reshape((1,) + tuple(np.shape(start))[-3:])
        self.step_count = 0
        self.trace = []
        self._grad = None  # the gradient at the current image, once measured

    @property
    def done(self):
        return self.step_count >= self.steps

    def _measure(self):
        a, g = activation_and_gradient(self.model, self.image, self.layer, self.channel)
        self.trace.append(float(a[0]))
        self._grad = g

    def step(self, n=1, progress=None):
        """Advance up to ``n`` steps; ``progress(step, activation)`` after each measurement may
        return True to stop (cancel). Returns True once the run is finished or cancelled."""
        was_training = self.model.body.training
        self.model.eval()
        try:
            if not self.trace:
                self._measure()
                if progress is not None and progress(0, self.trace[-1]):
                    self.steps = 0
                    return True
            for _ in range(int(n)):
                if self.done:
                    break
                self._ascend()
                self._measure()
                if progress is not None and progress(self.step_count, self.trace[-1]):
                    self.steps = self.step_count
                    break
        finally:
            self.model.body.set_training(was_training)
        return self.done

    def _ascend(self):
        p, step, x = self.p, self.step_count, self.image
        g = self._grad / (np.abs(self._grad).mean() + 1e-12)
        if self.center_bias and step < self.steps // 2:
            grow = step / max(1, self.steps // 2)
            g = g * _center_mask(x.shape, self.center_start + (1.0 - self.center_start) * grow)
        x = x + p["lr"] * g
        x = reg.l2_decay(x, p["decay"])
        if p["blur_every"] and step % int(p["blur_every"]) == 0:
            x = reg.gaussian_blur(x, p["blur_width"])
        x = reg.clip_small_norm(x, p["norm_pct"])
        x = reg.clip_small_contribution(x, g, p["contribution_pct"])
        self.image = np.clip(x, 0.0, 1.0)
        self.step_count += 1


def maximize(model, layer, channel, start, steps=200, lr=None, preset="yosinski-3", center_bias=False,
             progress=None, center_start=0.4, **overrides):
    """Gradient ascent on the input for one unit; returns ``(image (1, c, h, w), activations (steps+1,))``.

    ``start``: the starting image ``(c, h, w)`` or ``(1, c, h, w)``; ``lr``: None for the
    preset's; ``progress(step, activation)`` is called every step and may return True to stop
    early (cancel).
    """
    run = Maximizer(model, layer, channel, start, steps=steps, preset=preset, center_bias=center_bias, lr=lr,
                    center_start=center_start, **overrides)
    run.step(run.steps, progress)
    return run.image, np.array(run.trace)


def start_image(base, noise=0.0, seed=0):
    """A starting image: ``base`` ``(c, h, w)`` plus uniform noise in ``[0, noise)`` from
    ``np.random.default_rng(seed)``, clipped to [0, 1] (the deep visualization toolbox starts
    from the data mean plus noise). The same on every numpy (``default_rng`` streams agree)."""
    base = np.asarray(base, dtype=np.float64)
    return np.clip(base + float(noise) * np.random.default_rng(int(seed)).random(base.shape), 0.0, 1.0)
