"""The GAN engine (pyplayground.gan): its losses and the gradients G and D receive against
finite differences, the KL/JS grid estimates against a hand-computed case, mode coverage,
settings checks, the timeline, divergence, and a seeded run on the ring of eight Gaussians.

Also runs inside the browser's Pyodide (Python 3.8, numpy 1.17.5) with the other engine tests.
"""
import math

import numpy as np
import pytest

from pyplayground.gan import GAN, DivergedError, losses, metrics, validate
from pyplayground.gan.data import dataset
from pyplayground.gan.model import MAX_SNAPSHOTS

KINDS = ("minimax", "nonsaturating", "least-squares")


def numeric(f, x, eps=1e-6):
    out = np.zeros_like(x)
    for i in range(x.size):
        old = x.flat[i]
        x.flat[i] = old + eps
        up = f()
        x.flat[i] = old - eps
        down = f()
        x.flat[i] = old
        out.flat[i] = (up - down) / (2 * eps)
    return out


@pytest.mark.parametrize("kind", KINDS)
def test_loss_gradients_match_finite_differences(kind):
    rng = np.random.default_rng(1)
    s_real, s_fake = rng.normal(0, 2, 7), rng.normal(0, 2, 5)
    loss, d_real, d_fake = losses.discriminator_loss(s_real, s_fake, kind, smoothing=0.1)
    f = lambda: losses.discriminator_loss(s_real, s_fake, kind, smoothing=0.1)[0]
    assert np.allclose(d_real, numeric(f, s_real), atol=1e-8)
    assert np.allclose(d_fake, numeric(f, s_fake), atol=1e-8)
    g_loss, d_g = losses.generator_loss(s_fake, kind)
    assert np.allclose(d_g, numeric(lambda: losses.generator_loss(s_fake, kind)[0], s_fake), atol=1e-8)


def test_losses_are_the_papers_formulas_and_stay_finite():
    s_real, s_fake = np.array([0.3, -1.2]), np.array([2.0])
    sig = lambda s: 1 / (1 + np.exp(-s))
    loss, _, _ = losses.discriminator_loss(s_real, s_fake, "minimax")
    assert math.isclose(loss, -np.mean(np.log(sig(s_real))) - np.mean(np.log(1 - sig(s_fake))))
    assert math.isclose(losses.generator_loss(s_fake, "minimax")[0], np.mean(np.log(1 - sig(s_fake))))
    assert math.isclose(losses.generator_loss(s_fake, "nonsaturating")[0], -np.mean(np.log(sig(s_fake))))
    assert math.isclose(losses.generator_loss(s_fake, "least-squares")[0], 0.5 * (2.0 - 1) ** 2)
    huge = np.array([800.0, -800.0])
    assert all(np.isfinite(losses.discriminator_loss(huge, huge, "minimax")[0:1]))
    assert np.isfinite(losses.generator_loss(huge, "nonsaturating")[0])


@pytest.mark.parametrize("kind", KINDS)
def test_network_gradients_match_finite_differences(kind):
    gan = GAN({"loss": kind, "label_smoothing": 0.1, "g_layers": 1, "g_neurons": 4, "d_layers": 1,
               "d_neurons": 5, "activation": "tanh", "seed": 4})
    rng = np.random.default_rng(2)
    real, z = rng.normal(0, 1, (6, 2)), gan.noise(6, rng)
    _, d_grads = gan.d_gradients(real, z)
    for name, p in gan.D.parameters().items():
        assert np.allclose(d_grads[name], numeric(lambda: gan.d_gradients(real, z)[0], p), atol=1e-6), name
    _, g_grads = gan.g_gradients(z)
    for name, p in gan.G.parameters().items():
        assert np.allclose(g_grads[name], numeric(lambda: gan.g_gradients(z)[0], p), atol=1e-6), name


def test_generator_gradient_arrows_are_minus_the_loss_gradient_per_point():
    gan = GAN({"activation": "tanh", "seed": 5})
    fake = np.array([[0.2, 0.3], [0.6, 0.9], [0.5, 0.5]])
    arrows = gan.generator_gradients(fake)
    point = fake.copy()

    def loss():
        s = gan.D.forward((point - 0.5) * 4.0)[:, 0]
        return losses.generator_loss(s, gan.config["loss"])[0] * len(point)
    assert np.allclose(arrows, -numeric(loss, point), atol=1e-6)


def test_js_and_kl_equal_a_hand_computed_case():
    cell_a, cell_b = [0.01, 0.01], [0.99, 0.99]          # first and last of the 30 x 30 cells
    real, fake = [cell_a, cell_a], [cell_a, cell_b]       # p = (1, 0), q = (1/2, 1/2)
    js = 0.5 * (1 * math.log(1 / 0.75)) + 0.5 * (0.5 * math.log(0.5 / 0.75) + 0.5 * math.log(0.5 / 0.25))
    assert math.isclose(metrics.js_divergence(real, fake), js, rel_tol=1e-12)
    q_a = (1 + metrics.ALPHA) / (2 + metrics.ALPHA * 900)
    assert math.isclose(metrics.kl_divergence(real, fake), math.log(1 / q_a), rel_tol=1e-12)
    assert metrics.js_divergence(real, real) == 0.0
    far = [[0.5, 0.5]] * 2
    assert math.isclose(metrics.js_divergence(real, far), math.log(2), rel_tol=1e-12)


def test_modes_covered_counts_modes_holding_their_share():
    _, modes = dataset("ring")
    centres = np.array([m[1] for m in modes])
    assert metrics.modes_covered(np.repeat(centres, 10, axis=0), modes) == 8
    assert metrics.modes_covered(np.repeat(centres[:1], 80, axis=0), modes) == 1
    few = np.concatenate([np.repeat(centres[:1], 79, axis=0), centres[1:2]])   # 1/80 < 0.2/8 of the points
    assert metrics.modes_covered(few, modes) == 1
    _, boxes = dataset("disjoint")
    assert metrics.modes_covered([[0.2, 0.2], [0.8, 0.25], [0.45, 0.75]], boxes) == 3


@pytest.mark.parametrize("name", ["line", "two-gaussians", "ring", "disjoint"])
def test_every_dataset_samples_on_the_plane(name):
    sample, modes = dataset(name)
    x = sample(500, np.random.default_rng(0))
    assert x.shape == (500, 2) and np.all((x > -0.1) & (x < 1.1))
    if modes:
        assert metrics.modes_covered(x, modes) == len(modes)


def test_drawing_samples_near_the_drawn_points():
    sample, _ = dataset("drawing", [[0.25, 0.5], [0.75, 0.5]])
    x = sample(400, np.random.default_rng(0))
    assert np.all(np.min(np.abs(x[:, :1] - np.array([[0.25, 0.75]])), axis=1) < 0.06)


@pytest.mark.parametrize("bad", [{"dataset": "moons"}, {"g_lr": 0}, {"g_layers": 7}, {"batch_size": 1.5},
                                 {"seed": "1"}, {"colour": 1}, {"d_steps": 0, "g_steps": 0},
                                 {"dataset": "drawing"}, {"dataset": "drawing", "points": [[2, 0.5]]},
                                 {"points": [[0.1]]}, {"g_lr": float("nan")}, {"noise_dim": True}])
def test_bad_settings_are_refused_with_the_key_named(bad):
    with pytest.raises(ValueError):
        validate(bad)


def test_seeded_runs_repeat_and_the_timeline_rewinds():
    a = GAN({"seed": 7, "snapshot_every": 20}).train(60)
    b = GAN({"seed": 7, "snapshot_every": 20}).train(60)
    assert a.history == b.history and [s["epoch"] for s in a.snapshots] == [0, 20, 40, 60]
    a.restore(2)
    assert a.epoch == 40 and [s["epoch"] for s in a.snapshots] == [0, 20, 40]
    a.train(20)
    assert np.allclose(a.generate(a.eval_noise[:50]), b.generate(b.eval_noise[:50]))   # same batches again
    view = b.at_snapshot(1)
    assert view.epoch == 20 and b.epoch == 60
    assert not np.allclose(view.generate(b.eval_noise[:5]), b.generate(b.eval_noise[:5]))


def test_snapshots_are_thinned_keeping_first_and_newest():
    gan = GAN({"snapshot_every": 1, "g_layers": 0, "d_layers": 0, "batch_size": 4})
    gan.train(MAX_SNAPSHOTS + 5, measure_every=1000)
    epochs = [s["epoch"] for s in gan.snapshots]
    assert len(epochs) <= MAX_SNAPSHOTS and epochs[0] == 0 and epochs[-1] == gan.epoch == MAX_SNAPSHOTS + 5


def test_a_diverging_run_raises_and_keeps_the_last_good_state():
    gan = GAN({"optimizer": "sgd", "g_lr": 10, "d_lr": 10, "loss": "least-squares"}).train(2)
    before = (gan.epoch, {k: v.copy() for k, v in gan.G.parameters().items()}, len(gan.history))
    with pytest.raises(DivergedError, match="back at epoch 2"):
        gan.train(200)
    assert gan.epoch == before[0] and len(gan.history) == before[2]
    assert all(np.array_equal(v, before[1][k]) for k, v in gan.G.parameters().items())


def test_single_step_modes_move_only_their_network():
    gan = GAN({"seed": 3})
    g0, d0 = gan.G.state(), gan.D.state()
    gan.train(1, mode="d")
    assert all(np.array_equal(v, g0[k]) for k, v in gan.G.state().items())
    assert not all(np.array_equal(v, d0[k]) for k, v in gan.D.state().items())
    d1 = gan.D.state()
    gan.train(1, mode="g")
    assert all(np.array_equal(v, d1[k]) for k, v in gan.D.state().items())


def test_views_have_their_shapes():
    gan = GAN({"noise_dim": 1, "noise": "gaussian"})
    assert gan.manifold().shape == (1, 450, 2)
    gan = GAN()
    assert gan.manifold().shape == (30, 30, 2)
    grid = gan.discriminator_grid(12)
    assert grid.shape == (144,) and np.all((grid >= 0) & (grid <= 1))


def test_defaults_on_the_ring_bring_js_well_below_its_start():
    """The issue's check: a seeded default run on the ring; JS at epoch 0 vs after 1,500 epochs."""
    gan = GAN({"seed": 0}).train(1500)
    start, end = gan.history[0], gan.history[-1]
    assert start["js"] > 0.55 and end["js"] < 0.5 * start["js"], (start, end)
    assert end["modes_covered"] >= 6
