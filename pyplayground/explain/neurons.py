"""LRP relevance of every neuron of an ``nn.MLP``, not only of its inputs (Bach et al. 2015;
Montavon et al. 2019, "Layer-Wise Relevance Propagation: An Overview", section 10.1).

The playground draws these on its network diagram: for each sample, the relevance of each input
feature, of each hidden neuron (the relevance arriving at its output, after its activation) and of
the output that is explained (its logit, where LRP starts). With a conserving rule and zero
biases every layer's relevances sum to the logit.
"""
import numpy as np

from . import lrp
from .methods import COMPOSITES, INPUT_RULES, SINGLE_RULES, Explainer, method_params, target_classes, assignment

LRP_METHODS = SINGLE_RULES + INPUT_RULES + tuple(COMPOSITES)


def neuron_relevance(net, X, method="lrp-epsilon", target=None, **params):
    """``[R_0 (n, d_in), R_1 (n, h_1), ..., R_L (n, d_out)]``: the relevance of every neuron layer.

    ``net`` an ``nn.MLP``; ``method`` an LRP method of :mod:`.methods` (gradient methods have no
    per-neuron relevance); ``target`` as in :func:`pyplayground.explain.relevance`. ``R_L`` is
    the starting relevance: the target's logit in its column, zeros elsewhere.
    """
    if method not in LRP_METHODS:
        raise ValueError("neuron relevance needs an LRP method; valid: %s, got %r"
                         % (", ".join(map(repr, LRP_METHODS)), method))
    p = method_params(method, params)
    explainer = Explainer(net)
    stack = explainer.stack  # Dense, activation, Dense, ..., Dense (no output activation)
    X = np.asarray(X, dtype=np.float64)
    inputs, logits = lrp.forward(stack, X)
    R = lrp.start_relevance(logits, target_classes(logits, target))
    trace = []
    lrp.propagate_chain(stack, X, R, assignment(method, p), inputs=inputs, trace=trace)
    at_dense_input = {i: r for i, r in trace if type(stack[i]).__name__ == "Dense"}
    dense = [i for i, layer in enumerate(stack) if type(layer).__name__ == "Dense"]
    return [at_dense_input[i] for i in dense] + [R]
