"""A two-dimensional GAN on the layer engine: generator noise -> 2-D point, discriminator
2-D point -> logit, trained by alternating updates (Goodfellow et al. 2014, Algorithm 1).

One epoch is ``d_steps`` discriminator updates, then ``g_steps`` generator updates, each on a
fresh batch of ``batch_size`` real points and noise vectors. The generator's gradient flows
through the discriminator (``D.backward``) into the fake points and on into G; D's own
gradients from that pass are never applied. Inside, both networks work on the plane centred and
scaled to [-2, 2]^2 (``SCALE``), which suits their initial weights; everything they take and
give in this class's methods is on the unit square. Snapshots of both networks every ``snapshot_every``
epochs make a timeline that :meth:`GAN.restore` rewinds to.
"""
import time

import numpy as np

from .. import layers
from ..errors import DivergedError
from ..nn.sequential import Sequential
from . import config as _config
from . import data, losses, metrics

SCALE = 4.0            # the networks see the plane as [-2, 2]^2: model = (point - 0.5) * SCALE
EVAL_POINTS = 2000     # real and generated points behind KL, JS and mode coverage
MAX_SNAPSHOTS = 200    # older snapshots are thinned to every other one beyond this


def _network(n_in, n_out, hidden, width, activation, seed):
    sizes = [n_in] + [width] * hidden + [n_out]
    stack = []
    for i in range(len(sizes) - 1):
        stack.append(layers.Dense(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            stack.append(layers.Activation(activation))
    return Sequential(stack, loss="mse", seed=seed, input_shape=(n_in,))


def _optimizer(kind, params, lr):
    from .. import optim
    return optim.Adam(params, lr=lr, betas=(0.5, 0.999)) if kind == "adam" else optim.SGD(params, lr=lr)


class GAN:
    """``GAN(config)``: a config dict as :func:`pyplayground.gan.config.validate` accepts (partial)."""

    def __init__(self, config=None):
        self.config = _config.validate(config)
        c = self.config
        self.sample_real, self.modes = data.dataset(c["dataset"], c["points"])
        self.G = _network(c["noise_dim"], 2, c["g_layers"], c["g_neurons"], c["activation"], c["seed"])
        self.D = _network(2, 1, c["d_layers"], c["d_neurons"], c["activation"], c["seed"] + 1)
        self.rng = np.random.default_rng([c["seed"], 2])
        eval_rng = np.random.default_rng([c["seed"], 3])
        self.eval_real = self.sample_real(EVAL_POINTS, eval_rng)      # fixed: the metrics' real side
        self.eval_noise = self.noise(EVAL_POINTS, eval_rng)          # fixed: the metrics' fake side
        self.epoch, self.d_loss, self.g_loss = 0, None, None
        self._make_optimizers()
        self.history = []      # dicts: epoch, d_loss, g_loss, kl, js, modes_covered
        self.snapshots = []    # dicts: epoch, G, D (parameter copies), optimizer state
        self.record()
        self.snapshot()

    def _make_optimizers(self):
        c = self.config
        self.opt_g = _optimizer(c["optimizer"], self.G.parameters(), c["g_lr"])
        self.opt_d = _optimizer(c["optimizer"], self.D.parameters(), c["d_lr"])

    # -- sampling -------------------------------------------------------------------------------
    def noise(self, n, rng=None):
        rng = self.rng if rng is None else rng
        shape = (n, self.config["noise_dim"])
        if self.config["noise"] == "gaussian":
            return rng.standard_normal(shape)
        return rng.uniform(-1.0, 1.0, shape)

    def generate(self, z):
        """G's points on the unit square for noise ``z (n, noise_dim)``."""
        return 0.5 + self.G.forward(np.asarray(z, dtype=np.float64)) / SCALE

    def _real_batch(self, n):
        return (self.sample_real(n, self.rng) - 0.5) * SCALE

    # -- training -------------------------------------------------------------------------------
    def d_gradients(self, real, z):
        """``(loss, grads)`` of D's loss on model-space ``real`` points and fakes ``G(z)``."""
        n = len(real)
        s = self.D.forward(np.concatenate([real, self.G.forward(z)]))[:, 0]
        loss, d_real, d_fake = losses.discriminator_loss(s[:n], s[n:], self.config["loss"],
                                                         self.config["label_smoothing"])
        self.D.backward(np.concatenate([d_real, d_fake])[:, None])
        return loss, self._grads(self.D)

    def g_gradients(self, z):
        """``(loss, grads)`` of G's loss on fakes ``G(z)``, the gradient passed back through D."""
        s = self.D.forward(self.G.forward(z))[:, 0]
        loss, d_s = losses.generator_loss(s, self.config["loss"])
        self.G.backward(self.D.backward(d_s[:, None]))
        return loss, self._grads(self.G)

    def step_d(self):
        """One discriminator update on a fresh batch; returns its loss."""
        n = self.config["batch_size"]
        self.d_loss, grads = self.d_gradients(self._real_batch(n), self.noise(n))
        self.opt_d.step(grads)
        return self.d_loss

    def step_g(self):
        """One generator update on fresh noise; returns its loss."""
        self.g_loss, grads = self.g_gradients(self.noise(self.config["batch_size"]))
        self.opt_g.step(grads)
        return self.g_loss

    @staticmethod
    def _grads(model):
        return dict((name, g.copy()) for name, g in model.body.named_arrays("grads"))

    def train(self, epochs=1, mode="both", measure_every=10, until=None):
        """``epochs`` epochs of D then G updates (``mode`` "d" or "g": only that network's), or
        fewer once ``time.perf_counter()`` passes ``until``; records metrics every ``measure_every``
        epochs and snapshots as configured. On a non-finite loss or weight, restores the state
        before this call and raises DivergedError."""
        if mode not in ("both", "d", "g"):
            raise ValueError("mode must be 'both', 'd' or 'g', got %r" % (mode,))
        before = self._state()
        c = self.config
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(int(epochs)):
                if mode != "g":
                    for _ in range(c["d_steps"] if mode == "both" else 1):
                        self.step_d()
                if mode != "d":
                    for _ in range(c["g_steps"] if mode == "both" else 1):
                        self.step_g()
                self.epoch += 1
                if not self._finite():
                    failed = self.epoch
                    self._set_state(before)
                    raise DivergedError("training diverged (a loss or weight became infinite or NaN) in epoch %d; "
                                        "back at epoch %d. Try smaller learning rates." % (failed, self.epoch))
                if self.epoch % measure_every == 0:
                    self.record()
                if self.epoch % c["snapshot_every"] == 0:
                    self.snapshot()
                if until is not None and time.perf_counter() >= until:
                    break
        return self

    def _finite(self):
        values = [self.d_loss, self.g_loss]
        if not all(v is None or np.isfinite(v) for v in values):
            return False
        return all(np.all(np.isfinite(p)) for m in (self.G, self.D) for p in m.parameters().values())

    # -- measurements ---------------------------------------------------------------------------
    def measure(self):
        fake = self.generate(self.eval_noise)
        return {"epoch": self.epoch, "d_loss": self.d_loss, "g_loss": self.g_loss,
                "kl": metrics.kl_divergence(self.eval_real, fake), "js": metrics.js_divergence(self.eval_real, fake),
                "modes_covered": metrics.modes_covered(fake, self.modes), "modes": len(self.modes)}

    def record(self):
        if self.history and self.history[-1]["epoch"] == self.epoch:
            self.history.pop()
        self.history.append(self.measure())
        return self.history[-1]

    # -- views ----------------------------------------------------------------------------------
    def discriminator_grid(self, resolution=40):
        """D's score (probability real) at the centres of a ``resolution``^2 grid, row = y."""
        centres = (np.arange(resolution) + 0.5) / resolution
        xx, yy = np.meshgrid(centres, centres)
        s = self.D.forward((np.stack([xx.ravel(), yy.ravel()], axis=1) - 0.5) * SCALE)[:, 0]
        return losses.score(s, self.config["loss"])

    def manifold(self, lines=15, per_line=30):
        """G applied to a regular grid of noise: ``(lines, per_line, 2)`` polylines (2-D noise:
        ``2 * lines`` rows, horizontal then vertical); 1-D noise: one polyline of ``per_line * lines``."""
        span = 1.0 if self.config["noise"] == "uniform" else 2.0
        if self.config["noise_dim"] == 1:
            z = np.linspace(-span, span, per_line * lines)[:, None]
            return self.generate(z)[None]
        across, along = np.linspace(-span, span, lines), np.linspace(-span, span, per_line)
        a, b = np.meshgrid(across, along, indexing="ij")
        rows = np.stack([b, a], axis=-1)          # line i: y fixed at across[i]
        cols = np.stack([a, b], axis=-1)          # line i: x fixed at across[i]
        z = np.concatenate([rows, cols]).reshape(-1, 2)
        return self.generate(z).reshape(2 * lines, per_line, 2)

    def generator_gradients(self, fake):
        """``-d(G loss)/d(point)`` at each fake point, times the batch size: where G's update moves it."""
        fake = np.asarray(fake, dtype=np.float64)
        s = self.D.forward((fake - 0.5) * SCALE)[:, 0]
        _, d_s = losses.generator_loss(s, self.config["loss"])
        return -self.D.backward(d_s[:, None]) * SCALE * len(fake)

    # -- state, snapshots -----------------------------------------------------------------------
    def _state(self):
        return {"epoch": self.epoch, "G": self.G.state(), "D": self.D.state(), "d_loss": self.d_loss,
                "g_loss": self.g_loss, "opt": (_opt_state(self.opt_g), _opt_state(self.opt_d)),
                "rng": self.rng.bit_generator.state, "history": len(self.history), "snapshots": len(self.snapshots)}

    def _set_state(self, state):
        self.epoch, self.d_loss, self.g_loss = state["epoch"], state["d_loss"], state["g_loss"]
        self.G.set_state(state["G"])
        self.D.set_state(state["D"])
        _set_opt_state(self.opt_g, state["opt"][0])
        _set_opt_state(self.opt_d, state["opt"][1])
        self.rng.bit_generator.state = state["rng"]
        del self.history[state["history"]:]
        del self.snapshots[state["snapshots"]:]

    def snapshot(self):
        if self.snapshots and self.snapshots[-1]["epoch"] == self.epoch:
            return
        self.snapshots.append(self._state())
        if len(self.snapshots) > MAX_SNAPSHOTS:
            # Keep every other one (the first and the newest always), so the timeline spans all training.
            self.snapshots = self.snapshots[:-1:2] + [self.snapshots[-1]]

    def restore(self, index):
        """Rewind training to snapshot ``index`` (later snapshots and history are dropped)."""
        if not 0 <= int(index) < len(self.snapshots):
            raise ValueError("snapshot %r does not exist (there are %d)" % (index, len(self.snapshots)))
        state = dict(self.snapshots[int(index)])
        state["snapshots"] = int(index) + 1
        state["history"] = sum(1 for h in self.history if h["epoch"] <= state["epoch"])
        self._set_state(state)

    def at_snapshot(self, index):
        """A copy of this GAN with the networks of snapshot ``index`` (for viewing the timeline)."""
        other = GAN.__new__(GAN)
        other.__dict__.update(self.__dict__)
        other.G, other.D = _network_like(self.G), _network_like(self.D)
        state = self.snapshots[int(index)]
        other.G.set_state(state["G"])
        other.D.set_state(state["D"])
        other.epoch, other.d_loss, other.g_loss = state["epoch"], state["d_loss"], state["g_loss"]
        return other


def _network_like(model):
    return Sequential(layers.from_config(model.config()["layers"]), loss="mse", input_shape=model.input_shape)


def _opt_state(opt):
    copy = {k: (dict((n, np.array(v)) for n, v in v.items()) if isinstance(v, dict) else v)
            for k, v in vars(opt).items() if k != "params"}
    return copy


def _set_opt_state(opt, state):
    for k, v in state.items():
        setattr(opt, k, dict((n, np.array(a)) for n, a in v.items()) if isinstance(v, dict) else v)
