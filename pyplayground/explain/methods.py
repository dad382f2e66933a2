"""``relevance(model, X, method, target=None, **params)``: every explanation method by name.

- "sensitivity": ``|d f_c / d x|`` (Simonyan et al. 2014), the absolute gradient of the target
  logit; Samek et al. 2017 take the norm over colour channels, which for grey digits is ``|.|``.
- "deconvnet": Zeiler & Fergus 2014: the backward pass with ReLU applied to the backward signal
  instead of the forward mask, max pooling through its switches (winners); shown as ``|.|``
  like sensitivity (Samek et al. 2017). Other activations use their derivative.
- LRP (starting from the target logit; :mod:`.lrp`) with one rule for every linear layer:
  "lrp-0", "lrp-epsilon" (``epsilon=0.25``), "lrp-alphabeta" (``alpha=2, beta=1``), "lrp-zplus";
  input-layer rules, with z+ in every other layer (Montavon et al. 2017, deep Taylor
  decomposition): "lrp-zbox" (``low=0, high=1``: pixels), "lrp-wsquare", "lrp-flat";
  and the composites in :data:`COMPOSITES` (zennit's names): a rule per layer kind.
Signed LRP maps: positive = evidence for the class, negative = against.
"""
from collections import OrderedDict

import numpy as np

from .. import layers as L
from .. import vocabulary
from . import canonize, lrp, rules

SINGLE_RULES = vocabulary.LRP_RULES
INPUT_RULES = vocabulary.LRP_INPUT_RULES
COMPOSITES = OrderedDict([
    # name: rule for (the first linear layer, other Conv2D, other Dense)
    ("composite-epsilon-plus", ("lrp-zplus", "lrp-zplus", "lrp-epsilon")),
    ("composite-epsilon-plus-box", ("lrp-zbox", "lrp-zplus", "lrp-epsilon")),
    ("composite-epsilon-alpha2-beta1", ("lrp-alphabeta", "lrp-alphabeta", "lrp-epsilon")),
    ("composite-epsilon-plus-flat", ("lrp-flat", "lrp-zplus", "lrp-epsilon")),
])
if tuple(COMPOSITES) != vocabulary.LRP_COMPOSITES:
    raise RuntimeError("pyplayground.vocabulary.LRP_COMPOSITES must name the composites, in order")
METHODS = vocabulary.RELEVANCE_METHODS  # gradient methods, single rules, input rules, composites
PARAMS = {"epsilon": 0.25, "alpha": 2.0, "beta": 1.0, "low": 0.0, "high": 1.0}


def _rule(name, p):
    """The propagation function ``(layer, a, R) -> R_in`` of one rule name."""
    if name == "lrp-0":
        return lambda layer, a, R: rules.propagate(layer, a, R, rules.lrp0())
    if name == "lrp-epsilon":
        return lambda layer, a, R: rules.propagate(layer, a, R, rules.lrp_epsilon(p["epsilon"]))
    if name == "lrp-zplus":
        return lambda layer, a, R: rules.propagate(layer, a, R, rules.zplus())
    if name == "lrp-alphabeta":
        if abs(p["alpha"] - p["beta"] - 1.0) > 1e-9:
            raise ValueError("alpha - beta must be 1 for relevance to be conserved, got alpha=%r beta=%r"
                             % (p["alpha"], p["beta"]))
        return lambda layer, a, R: rules.propagate_alpha_beta(layer, a, R, p["alpha"], p["beta"])
    if name == "lrp-zbox":
        return lambda layer, a, R: rules.propagate_zbox(layer, a, R, p["low"], p["high"])
    if name == "lrp-wsquare":
        return lambda layer, a, R: rules.propagate(layer, a, R, rules.wsquare())
    if name == "lrp-flat":
        return lambda layer, a, R: rules.propagate(layer, a, R, rules.flat())
    raise ValueError("unknown rule %r" % name)


def assignment(method, params):
    """``assign(kind, is_first)`` for an LRP method name (see the module docstring)."""
    if method in SINGLE_RULES:
        f = _rule(method, params)
        return lambda kind, first: f
    if method in INPUT_RULES:
        first_rule, rest = _rule(method, params), _rule("lrp-zplus", params)
        return lambda kind, first: first_rule if first else rest
    first_name, conv_name, dense_name = COMPOSITES[method]
    first_rule, conv, dense = _rule(first_name, params), _rule(conv_name, params), _rule(dense_name, params)
    return lambda kind, first: first_rule if first else (conv if kind == "Conv2D" else dense)


class Explainer:
    """A model prepared once for many explanations: eval mode, BatchNorm merged (:mod:`.canonize`).

    ``Explainer(model).relevance(X, method, ...)`` equals ``relevance(model, X, method, ...)``;
    keep one per model where many requests come (the worker, the pipeline), so the model is
    not copied and canonized again for every call. The model itself is never changed.
    """

    def __init__(self, model):
        self.stack = canonize.as_layers(model)   # top-level layers, BN merged, eval mode
        self.chain = L.Chain(self.stack)
        self.chain.set_training(False)

    def logits(self, X):
        """The model's output ``(n, k)`` for ``X (n, ...)``, computed in float64."""
        return self.chain.forward(np.asarray(X, dtype=np.float64))

    def relevance(self, X, method, target=None, **params):
        """Heatmap of ``method`` for each sample of ``X``: same shape as ``X`` (see :func:`relevance`)."""
        return self.relevance_many(X, [method], target, **params)[method]

    def relevance_many(self, X, methods, target=None, **params):
        """``{method: heatmap}`` (in the order of ``methods``) for the same ``X`` and ``target``,
        sharing one forward pass; each heatmap equals :meth:`relevance`'s."""
        checked = OrderedDict((m, method_params(m, params)) for m in methods)
        X = np.asarray(X, dtype=np.float64)
        inputs, logits = lrp.forward(self.stack, X)
        if logits.ndim != 2:
            raise ValueError("the model's output must be (n, k), got shape %r" % (logits.shape,))
        targets = target_classes(logits, target)
        out, fresh = OrderedDict(), True  # fresh: the layers' caches are those of that forward pass
        for method, p in checked.items():
            if method in ("sensitivity", "deconvnet"):
                if not fresh:
                    self.chain.forward(X)
                d_out = np.zeros_like(logits)
                d_out[np.arange(len(X)), targets] = 1.0
                signal = self.chain.backward(d_out) if method == "sensitivity" else _deconv(self.stack, d_out)
                out[method] = np.abs(signal)
            else:
                R = lrp.start_relevance(logits, targets)
                out[method] = lrp.propagate_chain(self.stack, X, R, assignment(method, p), inputs=inputs)
                fresh = False
        return out


def relevance(model, X, method, target=None, **params):
    """Heatmap of ``method`` for each sample of ``X``: same shape as ``X``.

    ``model``: an ``nn.MLP``, ``nn.Sequential`` (not changed) or an :class:`Explainer`;
    ``target``: None (the predicted class, or the single output), an int, or ``(n,)`` ints.
    """
    method_params(method, params)
    explainer = model if isinstance(model, Explainer) else Explainer(model)
    return explainer.relevance(X, method, target, **params)


def method_params(method, params):
    """The full parameter dict for ``method``; ValueError for unknown methods or parameters."""
    if method not in METHODS:
        raise ValueError("unknown method %r; valid: %s" % (method, ", ".join(map(repr, METHODS))))
    unknown = set(params) - set(PARAMS)
    if unknown:
        raise ValueError("unknown parameter(s) %s; valid: %s" % (", ".join(sorted(unknown)), ", ".join(PARAMS)))
    return dict(PARAMS, **params)


def target_classes(logits, target):
    """The class explained for each row of ``logits (n, k)``: ``(n,)`` ints, the predicted class
    for ``target`` None; ValueError for an index outside ``[0, k)``."""
    n, k = logits.shape
    if target is None:
        return logits.argmax(axis=1) if k > 1 else np.zeros(n, dtype=int)
    t = np.broadcast_to(np.asarray(target), (n,)).astype(int)
    if np.any(t < 0) or np.any(t >= k):
        raise ValueError("target must be a class index in [0, %d), got %r" % (k, target))
    return t


def _deconv(layers, signal):
    """Zeiler-Fergus backward pass over ``layers`` (forward already run, caches fresh)."""
    for layer in reversed(layers):
        if isinstance(layer, L.ReLU):
            signal = np.maximum(signal, 0.0)
        elif isinstance(layer, L.Residual):
            main = _deconv(layer.block.layers, signal)
            signal = main + (signal if layer.shortcut is None else _deconv(layer.shortcut.layers, signal))
        else:
            signal = layer.backward(signal)
    return signal
