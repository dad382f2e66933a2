"""The 2-D landscape methods (Li et al. 2018), evaluated row by row so a grid can be split.

Three methods, each a grid of points ``theta + alpha * d1 + beta * d2`` (row = beta, column
= alpha, as a contour plot draws them) and a few numbers per point:
- ``"surface"`` (section 4, figures 5-6): two random filter-normalized directions, training
  loss and accuracy; channels ``["loss", "accuracy"]``.
- ``"pca"`` (section 7, figure 9): the top two PCA directions of the training path (from the
  model's trajectory.npz), loss and accuracy over a grid that covers the path; same channels.
- ``"hessian"`` (section 6, figure 7): the surface's directions on a coarser grid over the
  centre of its square (on our small nets the loss passes chance level by |alpha| = 0.25; the
  outer square is a destroyed network); channels ``["ratio", "lambda_max", "lambda_min"]``, the ratio being ``|lambda_min / lambda_max|``. Hessian-vector products are
  central finite differences of backpropagated gradients in float64 (eps ``1e-4`` along a unit
  vector), the extremes from ``steps`` Lanczos iterations with full reorthogonalization.
Loss and accuracy come from :class:`pipeline.landscapes.fast_eval.FastEval`, in eval mode (BatchNorm with
its running statistics). Every job that evaluates rows rebuilds the same directions from the
same seed, so a grid computed in parts equals the grid computed at once, byte for byte.
"""
import numpy as np

from pyplayground import landscape, layers, nn

from . import common as C
from .fast_eval import FastEval

CHANNELS = {"surface": ["loss", "accuracy"], "pca": ["loss", "accuracy"],
            "hessian": ["ratio", "lambda_max", "lambda_min"]}
SURFACE_SEED = 0  # the random directions of "surface" and "hessian"


def pca_axes(coords, points, margin=0.15):
    """Two axes ``(alphas, betas)`` of ``points`` values each that cover the projected path
    ``coords (m, 2)`` with ``margin`` of its extent on each side, with an exact 0 (the trained
    model) on both: ``step * (arange(points) + k0)``."""
    out = []
    for c in (coords[:, 0], coords[:, 1]):
        lo, hi = min(float(c.min()), 0.0), max(float(c.max()), 0.0)
        pad = margin * max(hi - lo, 1e-6)
        lo, hi = lo - pad, hi + pad
        step = (hi - lo) / (points - 1)
        k0 = int(np.round(lo / step))
        k0 = min(max(k0, -(points - 1)), 0)   # 0 stays on the grid
        out.append(step * (np.arange(points) + k0).astype(np.float64))
    return out


class Grid:
    """One method's grid for one model: ``alphas``, ``betas``, ``channels`` and :meth:`point`."""

    def __init__(self, method, settings, inputs, resources, model_id):
        self.method, self.settings, self.model_id = method, settings, model_id
        self.channels = CHANNELS[method]
        self.model = C.load_model(inputs, model_id)
        self.origin = self.model.state()
        self.info = {}
        if method in ("surface", "hessian"):
            self.directions = C.random_directions(self.model, SURFACE_SEED, 2, "filter")
            ax = settings[method]
            self.alphas = self.betas = C.axis(ax["half"], ax["step"])
            self.info["directions"] = {"kind": "random, filter-normalized (Li et al. 2018, section 4); biases "
                                               "and BatchNorm parameters not moved", "seed": SURFACE_SEED}
        elif method == "pca":
            snapshots, epochs = C.load_trajectory(inputs, model_id)
            self.directions, explained, coords = landscape.pca_directions(snapshots)
            self.alphas, self.betas = pca_axes(coords, settings["pca"]["points"])
            self.info.update(explained=[float(e) for e in explained], path=[C.nums(p) for p in coords],
                             epochs=epochs, directions={"kind": "top two PCA directions of theta_i - theta_final "
                                                        "over the weights (section 7); unit length"})
        else:
            raise ValueError("unknown grid method %r; valid: %s" % (method, ", ".join(CHANNELS)))
        if method == "hessian":
            h = settings["hessian"]
            self.x, self.y = C.training_subset(inputs, resources, h["subset"])
            self.model64 = nn.Sequential(layers.from_config(self.model.body.config()), loss=self.model.loss_name,
                                         dtype="float64", input_shape=self.model.input_shape)
            self.model64.set_state(self.origin)
            self.model64.eval()
        else:
            self.x, self.y = C.training_subset(inputs, resources, settings["subset"])
            self.fast = FastEval(self.model)
            self.xf = self.fast.prepare(self.x)

    @property
    def shape(self):
        return (len(self.channels), len(self.betas), len(self.alphas))

    def point(self, alpha, beta):
        """The channels' values at ``theta + alpha * d1 + beta * d2``."""
        state = C.moved(self.origin, self.directions, (alpha, beta))
        if self.method != "hessian":
            return self.fast.loss_and_accuracy(self.xf, self.y, state)
        h = self.settings["hessian"]
        self.model64.set_state({k: state[k] for k in self.directions[0]})
        lmax, lmin = landscape.lanczos_extremes(self.model64, self.x, self.y, steps=h["steps"], seed=h["seed"],
                                                eps=h["eps"])
        return float(landscape.eig_ratio(lmax, lmin)), lmax, lmin

    def rows(self, r0, r1, progress):
        """Values ``(channels, r1 - r0, len(alphas))`` for rows ``r0 <= row < r1``, as float32."""
        out = np.zeros((len(self.channels), r1 - r0, len(self.alphas)))
        total, done = (r1 - r0) * len(self.alphas), 0
        for i, beta in enumerate(self.betas[r0:r1]):
            for j, alpha in enumerate(self.alphas):
                out[:, i, j] = self.point(alpha, beta)
                done += 1
                progress(done, total)
        return out.astype(np.float32)
