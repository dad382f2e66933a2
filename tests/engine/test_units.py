"""Activation maximization and its regularizers (Yosinski et al. 2015), receptive fields."""
import numpy as np
import pytest

from pyplayground import layers, nn, units
from pyplayground.units import regularizers as reg


def test_l2_decay_scales_towards_zero():
    x = np.full((1, 1, 2, 2), 0.5)
    np.testing.assert_allclose(reg.l2_decay(x, 0.3), 0.35)


def test_blur_spreads_a_point_and_keeps_its_mass():
    x = np.zeros((1, 1, 9, 9))
    x[0, 0, 4, 4] = 1.0
    y = reg.gaussian_blur(x, 1.0)
    assert y.sum() == pytest.approx(1.0) and y[0, 0, 4, 4] < 0.2 and y[0, 0, 4, 5] > 0.05
    np.testing.assert_allclose(y[0, 0], y[0, 0].T)  # isotropic
    assert y[0, 0, 4, 4] == y.max()
    np.testing.assert_array_equal(reg.gaussian_blur(x, 0.0), x)


def test_clip_small_norm_zeroes_the_weakest_pixels():
    x = np.arange(1.0, 17.0).reshape(1, 1, 4, 4)
    y = reg.clip_small_norm(x, 25)
    assert np.count_nonzero(y) == 12 and np.all(y[y > 0] >= 5)


def test_clip_small_contribution_uses_pixel_times_gradient():
    x = np.ones((1, 1, 2, 2))
    grad = np.array([[[[0.1, -5.0], [2.0, 0.01]]]])
    y = reg.clip_small_contribution(x, grad, 50)
    assert y.ravel().tolist() == [0.0, 1.0, 1.0, 0.0]


def digit_model():
    return nn.Sequential([layers.Conv2D(1, 3, 3, padding=1), layers.ReLU(), layers.MaxPool2D(2),
                          layers.Flatten(), layers.Dense(3 * 4 * 4, 4)], seed=1, input_shape=(1, 8, 8))


@pytest.mark.parametrize("preset", list(units.PRESETS))
def test_maximization_raises_the_units_activation(preset):
    model = digit_model()
    start = np.full((1, 8, 8), 0.2)
    image, trace = units.maximize(model, 4, 2, start, steps=40, lr=0.05, preset=preset)
    assert image.shape == (1, 1, 8, 8) and np.all((image >= 0) & (image <= 1))
    assert trace[-1] > trace[0]
    a, _ = units.activation_and_gradient(model, image, 4, 2)
    assert a[0] == pytest.approx(trace[-1])


def test_gradient_of_a_conv_unit_matches_finite_differences():
    model = digit_model()
    x = np.random.default_rng(0).uniform(size=(1, 1, 8, 8))
    _, g = units.activation_and_gradient(model, x, 0, 1)
    eps, numeric = 1e-6, np.zeros(64)
    for i in range(64):
        up, down = x.copy(), x.copy()
        up.reshape(-1)[i] += eps
        down.reshape(-1)[i] -= eps
        numeric[i] = (units.activation_and_gradient(model, up, 0, 1)[0][0]
                      - units.activation_and_gradient(model, down, 0, 1)[0][0]) / (2 * eps)
    np.testing.assert_allclose(g.ravel(), numeric, atol=1e-7)
    assert np.count_nonzero(g) <= 9  # the centre unit of a 3x3 conv sees 9 pixels


def test_progress_can_cancel_and_bad_names_raise():
    model = digit_model()
    seen = []
    _, trace = units.maximize(model, 4, 0, np.zeros((1, 8, 8)), steps=50,
                              progress=lambda step, a: seen.append(step) or step == 3)
    assert len(trace) == 4 and seen == [0, 1, 2, 3]
    with pytest.raises(ValueError, match="unknown preset"):
        units.maximize(model, 4, 0, np.zeros((1, 8, 8)), preset="bogus")
    with pytest.raises(ValueError, match="unknown regularizer setting"):
        units.maximize(model, 4, 0, np.zeros((1, 8, 8)), blur=1)


def test_receptive_fields():
    model = nn.Sequential([layers.Conv2D(1, 2, 3, stride=2, padding=1), layers.ReLU(),
                           layers.Residual([layers.Conv2D(2, 2, 3, padding=1)]), layers.MaxPool2D(2)])
    assert units.receptive_field(model, 0) == (3, 2, 0.0)
    assert units.receptive_field(model, 2) == (7, 2, 0.0)
    assert units.receptive_field(model, 3) == (9, 4, 1.0)
    assert units.patch_box(model, 0, 0, 0, 28) == (0, 0, 2, 2)
