"""Per-neuron metrics of a model's unit layers, recorded at snapshots during training.

For each unit layer (:func:`pyplayground.units.unit_layers`: a Dense or Conv2D with its
activation; a unit is a Dense output or a convolution channel) and each of its units, at a
snapshot taken right after an optimizer step:
- ``act_mean``, ``act_std``: mean and standard deviation of the unit's output over a fixed probe
  batch (and a channel's positions);
- ``weight_norm``: the L2 norm of the unit's incoming weights (a Dense column, a conv filter);
- ``grad_norm``: the L2 norm of the gradient of those weights in that step's batch;
- ``update_ratio``: ``||w_after - w_before|| / ||w_before||`` of that step;
- ``dead``: 1 when the unit's output is never above 0 on the probe (a dead ReLU), else 0; a layer's
  ``dead_fraction`` is their mean.
Plus, between consecutive unit layers, the contribution matrix and forward credit of
:mod:`pyplayground.dynamics.credit`.
"""
import numpy as np

from ..units import unit_layers
from .credit import contributions, forward_credit

METRICS = ("act_mean", "act_std", "weight_norm", "grad_norm", "update_ratio", "dead")


def _per_unit_norm(w, kind):
    w = np.asarray(w, dtype=np.float64)
    if kind == "dense":                     # (n_in, n_out): a unit's weights are a column
        return np.sqrt(np.sum(w * w, axis=0))
    return np.sqrt(np.sum(w.reshape(w.shape[0], -1) ** 2, axis=1))   # (out, in, kh, kw)


class Recorder:
    """``Recorder(model, probe)``; call :meth:`record(step, grads, before)` after optimizer steps."""

    def __init__(self, model, probe):
        self.model, self.probe = model, probe
        self.layers = [l for l in unit_layers(model) if l["kind"] in ("dense", "conv")]
        self.sources = {l["source"]: model.layers[l["source"]] for l in self.layers}
        self.metrics = METRICS
        self.steps = []
        self.series = [{m: [] for m in METRICS} for _ in self.layers]   # per layer: metric -> [per snapshot: units]
        self.links = [[] for _ in self.layers[:-1]]                      # per layer pair: [per snapshot: C]
        self.credit = [[] for _ in self.layers[:-1]]

    def weight_names(self):
        """``{source index: dotted name of its weight}`` in ``model.parameters()``."""
        names = {}
        for name in self.model.parameters():
            index = int(name.split(".")[0])
            if index in self.sources and name.endswith("weight"):
                names[index] = name
        return names

    def record(self, step, grads, before):
        """One snapshot: ``grads`` and ``before`` (weights before the step) by parameter name."""
        was_training = self.model.body.training
        self.model.eval()
        outputs = self.model.activations(self.probe)
        params = self.model.parameters()
        names = self.weight_names()
        self.steps.append(int(step))
        for k, layer in enumerate(self.layers):
            a = np.asarray(outputs[str(layer["index"])], dtype=np.float64)
            axes = (0,) + tuple(range(2, a.ndim))
            name, kind = names[layer["source"]], layer["kind"]
            w_norm = _per_unit_norm(params[name], kind)
            s = self.series[k]
            s["act_mean"].append(a.mean(axis=axes))
            s["act_std"].append(a.std(axis=axes))
            s["weight_norm"].append(w_norm)
            s["grad_norm"].append(_per_unit_norm(grads[name], kind))
            s["update_ratio"].append(_per_unit_norm(params[name] - before[name], kind)
                                     / np.maximum(_per_unit_norm(before[name], kind), 1e-12))
            s["dead"].append((a.max(axis=axes) <= 0).astype(np.float64))
        for k in range(len(self.layers) - 1):
            C = contributions(self.model, outputs, self.layers[k], self.layers[k + 1])
            self.links[k].append(C)
            self.credit[k].append(forward_credit(C))
        if was_training:
            self.model.train()

    def arrays(self, layer, metric):
        """``(units, snapshots)`` values of ``metric`` for unit layer ``layer`` (an index into ``layers``)."""
        return np.array(self.series[layer][metric]).T
