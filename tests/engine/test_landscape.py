"""Loss-landscape methods (Li et al. 2018) checked against their definitions."""
import numpy as np
import pytest

from pyplayground import landscape, layers, nn


def tiny_cnn(seed=0):
    return nn.Sequential([layers.Conv2D(1, 2, 3, stride=2, padding=1), layers.BatchNorm2D(2), layers.ReLU(),
                          layers.Flatten(), layers.Dense(2 * 3 * 3, 3)], seed=seed, input_shape=(1, 6, 6))


def data(n=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 1, 6, 6)), rng.integers(0, 3, n)


def test_filter_normalized_direction_has_each_filters_norm_and_ignores_biases_and_batchnorm():
    model = tiny_cnn()
    weights = model.parameters()
    d = landscape.random_direction(weights, np.random.default_rng(1), "filter")
    conv, dense = d["0.weight"], d["4.weight"]
    for o in range(conv.shape[0]):  # a conv filter is an output channel
        assert np.linalg.norm(conv[o]) == pytest.approx(np.linalg.norm(weights["0.weight"][o]), rel=1e-9)
    for j in range(dense.shape[1]):  # a dense filter is a column of (n_in, n_out)
        assert np.linalg.norm(dense[:, j]) == pytest.approx(np.linalg.norm(weights["4.weight"][:, j]), rel=1e-9)
    for name in ("0.bias", "1.weight", "1.bias", "4.bias"):
        assert not d[name].any()


def test_layer_and_no_normalization():
    weights = tiny_cnn().parameters()
    d = landscape.random_direction(weights, np.random.default_rng(1), "layer")
    assert np.linalg.norm(d["4.weight"]) == pytest.approx(np.linalg.norm(weights["4.weight"]), rel=1e-9)
    raw = landscape.random_direction(weights, np.random.default_rng(1), "none")
    assert np.linalg.norm(raw["4.weight"]) != pytest.approx(np.linalg.norm(weights["4.weight"]), rel=1e-3)
    with pytest.raises(ValueError, match="unknown normalization 'bogus'"):
        landscape.normalize(raw, weights, "bogus")


def test_surface_at_the_origin_is_the_models_loss_and_the_model_is_restored():
    model = tiny_cnn()
    X, y = data()
    model.forward(X)  # move the running statistics
    before = model.state()
    rng = np.random.default_rng(2)
    d1, d2 = (landscape.random_direction(model.parameters(), rng) for _ in range(2))
    loss, acc = landscape.surface_2d(model, X, y, d1, d2, np.linspace(-1, 1, 5), np.linspace(-1, 1, 3))
    assert loss.shape == (3, 5)
    assert loss[1, 2] == pytest.approx(model.eval().loss(X, y), rel=1e-12)
    assert np.all((acc >= 0) & (acc <= 1))
    for name, value in model.state().items():
        np.testing.assert_array_equal(value, before[name])
    # Along one direction, the 1-D curve equals the 2-D surface's middle row.
    curve, _ = landscape.surface_1d(model, X, y, d1, np.linspace(-1, 1, 5))
    np.testing.assert_allclose(curve, loss[1], rtol=1e-12)


def test_interpolation_ends_are_the_two_solutions():
    a, b = tiny_cnn(0).eval(), tiny_cnn(1).eval()
    X, y = data()
    loss, _ = landscape.interpolate(a, a.state(), b.state(), [0.0, 0.5, 1.0], X, y)
    assert loss[0] == pytest.approx(a.loss(X, y), rel=1e-12) and loss[2] == pytest.approx(b.loss(X, y), rel=1e-12)


def test_pca_of_a_trajectory():
    rng = np.random.default_rng(3)
    final = tiny_cnn().state()
    # A path mostly along one fixed direction, a little along another, plus noise.
    u, v = ({k: rng.normal(size=np.shape(w)) for k, w in final.items()} for _ in range(2))
    snaps = [{k: final[k] + (10 - t) * u[k] + 0.3 * np.sin(t) * v[k] + 0.01 * rng.normal(size=np.shape(final[k]))
              for k in final} for t in range(11)]
    dirs, explained, coords = landscape.pca_directions(snaps)
    assert 0 <= explained[1] <= explained[0] <= 1 and explained[0] > 0.9
    assert coords.shape == (11, 2) and np.allclose(coords[-1], 0)
    assert not dirs[0]["0.bias"].any()
    flat = np.concatenate([dirs[0][k].ravel() for k in final])
    assert np.linalg.norm(flat) == pytest.approx(1.0)


def dense_hessian(model, X, y, eps=1e-5):
    """The full Hessian by central differences of exact gradients, column by column."""
    names = list(model.parameters())
    size = sum(model.parameters()[n].size for n in names)
    H = np.zeros((size, size))
    for i in range(size):
        e = np.zeros(size)
        e[i] = 1.0
        H[:, i] = landscape.hessian_vector_product(model, X, y, e, names, eps)
    return 0.5 * (H + H.T)


def test_hessian_extremes_match_a_dense_eigendecomposition():
    model = nn.Sequential([layers.Dense(3, 4), layers.Tanh(), layers.Dense(4, 3)], seed=2)
    X, y = np.random.default_rng(0).normal(size=(15, 3)), np.arange(15) % 3
    eig = np.linalg.eigvalsh(dense_hessian(model, X, y))
    lam_max, lam_min = landscape.eigen_extremes(model, X, y, iterations=3000, tol=1e-10)
    assert lam_max == pytest.approx(eig[-1], rel=1e-3, abs=1e-6)
    assert lam_min == pytest.approx(eig[0], rel=1e-2, abs=1e-5)


def test_lanczos_ritz_values_of_a_symmetric_matrix():
    rng = np.random.default_rng(4)
    A = rng.normal(size=(30, 30))
    A = A + A.T
    eig = np.linalg.eigvalsh(A)
    full = landscape.lanczos(lambda v: A @ v, 30, 30, np.random.default_rng(0))
    np.testing.assert_allclose(full, eig, atol=1e-8)  # as many steps as dimensions: every eigenvalue
    few = landscape.lanczos(lambda v: A @ v, 30, 12, np.random.default_rng(0))
    assert len(few) == 12 and eig[0] <= few[0] and few[-1] <= eig[-1]  # Ritz values lie inside the spectrum
    assert few[-1] == pytest.approx(eig[-1], rel=0.1) and few[0] == pytest.approx(eig[0], rel=0.1)
    # A rank-2 operator: the Krylov space closes after two steps and the Ritz values are exact.
    u = rng.normal(size=(30, 2))
    B = u @ np.diag([3.0, -1.0]) @ u.T
    ritz = landscape.lanczos(lambda v: B @ v, 30, 10, np.random.default_rng(0))
    eig_b = np.linalg.eigvalsh(B)
    assert ritz[-1] == pytest.approx(eig_b[-1]) and ritz[0] == pytest.approx(eig_b[0])


def test_lanczos_hessian_extremes_match_a_dense_eigendecomposition():
    model = nn.Sequential([layers.Dense(3, 4), layers.Tanh(), layers.Dense(4, 3)], seed=2)
    X, y = np.random.default_rng(0).normal(size=(15, 3)), np.arange(15) % 3
    eig = np.linalg.eigvalsh(dense_hessian(model, X, y))
    size = len(eig)
    lam_max, lam_min = landscape.lanczos_extremes(model, X, y, steps=size)
    assert lam_max == pytest.approx(eig[-1], rel=1e-4, abs=1e-7)
    assert lam_min == pytest.approx(eig[0], rel=1e-3, abs=1e-6)
    lam_max, lam_min = landscape.lanczos_extremes(model, X, y, steps=15)  # fewer products than parameters (31)
    assert lam_max == pytest.approx(eig[-1], rel=1e-2) and eig[0] <= lam_min + 1e-9 < 0.5 * eig[0]


def test_roughness_is_zero_for_a_harmonic_log_loss_and_large_for_bumps():
    a = np.linspace(1, 2, 21)
    aa, bb = np.meshgrid(a, a)
    # log(loss) = x^2 - y^2 + 3x is harmonic: its discrete Laplacian vanishes.
    assert landscape.roughness(np.exp(aa ** 2 - bb ** 2 + 3 * aa)) == pytest.approx(0.0, abs=1e-9)
    smooth = landscape.roughness(np.exp(aa ** 2 + bb ** 2))
    h = a[1] - a[0]
    assert smooth == pytest.approx(4 * h * h, rel=1e-9)  # Laplacian of x^2 + y^2 is 4, times the step squared
    rng = np.random.default_rng(0)
    bumpy = np.exp(aa ** 2 + bb ** 2 + 0.3 * rng.normal(size=aa.shape))
    assert landscape.roughness(bumpy) > 20 * smooth
    assert landscape.roughness(10 * bumpy) == pytest.approx(landscape.roughness(bumpy))  # scale-free
    with pytest.raises(ValueError, match="3x3"):
        landscape.roughness(np.ones((2, 5)))


def test_eig_ratio_curve_spread_and_sharpness():
    np.testing.assert_allclose(landscape.eig_ratio([2.0, 4.0, 0.0], [-1.0, 0.4, -1.0]), [0.5, 0.1, 0.0])
    alphas = np.linspace(-1, 1, 11)
    alphas[5] = 0.0
    same = np.stack([1 + alphas ** 2] * 3)
    assert landscape.curve_spread(same, alphas) == pytest.approx(0.0, abs=1e-12)
    apart = np.stack([1 + c * alphas ** 2 for c in (1.0, 2.0)])
    # at |alpha| = 1: losses 2 and 3, std 0.5, mean 2.5 -> 0.2; the mean over |alpha| >= 0.2 is what is returned
    keep = np.abs(alphas) >= 0.2
    want = np.mean([0.5 * a * a / (1 + 1.5 * a * a) for a in alphas[keep]])
    assert landscape.curve_spread(apart, alphas) == pytest.approx(want)
    assert landscape.sharpness(alphas, 0.3 + 5.0 * alphas ** 2, radius=0.5) == pytest.approx(5.0)
