"""The playground's own run, seen as the Training page sees the zoo's: built on request from the
weights the session already keeps for the landscape view (:class:`pyplayground.landscape.path.
WeightPath`, up to 256 evenly thinned snapshots since the last reset or rewind), so training itself
does no extra work.

At each kept snapshot, for every layer of the ``nn.MLP`` (hidden layers and the output) and each
neuron, on the session's training inputs: ``act_mean``, ``act_std`` of its output;
``weight_norm`` of its incoming weights; ``grad_norm`` of their full-batch gradient of the data loss;
``update_ratio`` = ``||w_t - w_(t-1)|| / ||w_(t-1)||`` between this snapshot and the one before (the
change per snapshot, not per step as in the zoo's recording; 0 at the first); ``dead`` = 1 when its
output is constant over the inputs (a ReLU never above 0, a saturated tanh). Credit and links between
consecutive layers as :mod:`pyplayground.dynamics.credit` defines them, here ``C[i, j] = mean over
inputs of a_i * W[i, j]``.
"""
import numpy as np

from ..nn.parameters import mlp_parameters, unflatten
from .credit import forward_credit
from .recorder import METRICS


class PathRecorder:
    """The same interface as :class:`pyplayground.dynamics.Recorder` (layers, metrics, steps, arrays,
    credit, links), computed from ``net``'s architecture, the path's snapshots and inputs ``X``, ``y``."""

    def __init__(self, net, points, epochs, X, y):
        self.metrics = METRICS
        self.steps = [int(e) for e in epochs]
        n_layers = len(net.weights)
        self.layers = [{"name": ("hidden%d" % (k + 1)) if k < n_layers - 1 else "output", "kind": "dense"}
                       for k in range(n_layers)]
        self.series = [{m: [] for m in METRICS} for _ in range(n_layers)]
        self.credit = [[] for _ in range(n_layers - 1)]
        self.links = [[] for _ in range(n_layers - 1)]
        like = mlp_parameters(net)
        saved = (net.weights, net.biases)
        previous = None
        try:
            for vector in points:
                params = unflatten(np.asarray(vector, dtype=np.float64), like)
                net.weights = [params["w%d" % k] for k in range(n_layers)]
                net.biases = [params["b%d" % k] for k in range(n_layers)]
                self._snapshot(net, X, y, previous)
                previous = net.weights
        finally:
            net.weights, net.biases = saved

    def _snapshot(self, net, X, y, previous):
        acts = net.activations(X)
        d_ws = net.gradients(X, y)[0] if len(X) else [np.zeros_like(w) for w in net.weights]
        for k, w in enumerate(net.weights):
            a = acts[k + 1]
            s = self.series[k]
            norm = np.sqrt(np.sum(w * w, axis=0))
            s["act_mean"].append(a.mean(axis=0) if len(a) else np.zeros(w.shape[1]))
            s["act_std"].append(a.std(axis=0) if len(a) else np.zeros(w.shape[1]))
            s["weight_norm"].append(norm)
            s["grad_norm"].append(np.sqrt(np.sum(d_ws[k] ** 2, axis=0)))
            if previous is None:
                s["update_ratio"].append(np.zeros(w.shape[1]))
            else:
                before = np.sqrt(np.sum(previous[k] ** 2, axis=0))
                s["update_ratio"].append(np.sqrt(np.sum((w - previous[k]) ** 2, axis=0)) / np.maximum(before, 1e-12))
            s["dead"].append((np.ptp(a, axis=0) <= 1e-12).astype(np.float64) if len(a) else np.zeros(w.shape[1]))
            if k < len(net.weights) - 1:
                nxt = net.weights[k + 1]
                C = (a.mean(axis=0)[:, None] * nxt) if len(a) else np.zeros_like(nxt)
                self.links[k].append(C)
                self.credit[k].append(forward_credit(C))

    def arrays(self, layer, metric):
        return np.array(self.series[layer][metric]).T
