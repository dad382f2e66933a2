"""The six TF Playground datasets and "gauss3": shapes, ranges, labels, seeds and the properties
that define them; hand-placed ("custom") points and their errors."""
import math

import numpy as np
import pytest

from pyplayground.playground import datasets

CLASSIFICATION = ["circle", "xor", "gauss", "spiral"]
REGRESSION = ["reg-plane", "reg-gauss"]


@pytest.mark.parametrize("name", CLASSIFICATION + REGRESSION)
def test_shapes_types_and_ranges(name):
    X, y = datasets.make(name, n=301, noise=0.2, seed=7)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.all(np.abs(X) <= 6.0 + 1.0)  # TF's ranges (+ spiral's noise)
    if name in CLASSIFICATION:
        assert set(np.unique(y)) <= {-1.0, 1.0}
    assert datasets.problem_of(name) == ("classification" if name in CLASSIFICATION else "regression")


@pytest.mark.parametrize("name", CLASSIFICATION + REGRESSION)
def test_seed_determines_the_data(name):
    a = datasets.make(name, n=50, seed=3)
    b = datasets.make(name, n=50, seed=3)
    c = datasets.make(name, n=50, seed=4)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


def test_circle_without_noise_labels_by_radius():
    X, y = datasets.make("circle", n=400, noise=0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_array_equal(y, np.where(r < 2.5, 1.0, -1.0))
    assert np.sum(y > 0) == 200  # half inside, half outside
    assert not np.any((r > 2.5) & (r < 3.5))  # TF's gap between the classes


def test_xor_without_noise_labels_by_quadrant_and_keeps_the_padding():
    X, y = datasets.make("xor", n=400)
    np.testing.assert_array_equal(y, np.where(X[:, 0] * X[:, 1] >= 0, 1.0, -1.0))
    assert np.all(np.abs(X) >= 0.3)


def test_gauss_clusters_sit_at_plus_and_minus_two():
    X, y = datasets.make("gauss", n=2000)
    np.testing.assert_allclose(X[y > 0].mean(axis=0), [2, 2], atol=0.15)
    np.testing.assert_allclose(X[y < 0].mean(axis=0), [-2, -2], atol=0.15)


def test_spiral_arms_are_point_reflections_of_each_other():
    X, y = datasets.make("spiral", n=200)
    pos = X[y > 0]
    neg = X[y < 0]
    # Arm two is arm one turned by pi: the same radii, negated points.
    np.testing.assert_allclose(sorted(np.hypot(*pos.T)), sorted(np.hypot(*neg.T)), atol=1e-12)
    assert np.hypot(*pos.T).max() < 5.0


def test_reg_plane_without_noise_is_the_scaled_sum():
    X, y = datasets.make("reg-plane", n=100)
    np.testing.assert_allclose(y, (X[:, 0] + X[:, 1]) / 10.0)


def test_reg_gauss_peaks_at_the_centres():
    X, y = datasets.make("reg-gauss", n=3000)
    near = np.hypot(X[:, 0] - 4, X[:, 1] - 2.5) < 0.2
    assert near.any() and np.all(y[near] > 0.85)
    assert np.all(np.abs(y) <= 1.0)


def test_split_and_grid():
    X, y = datasets.make("circle", n=10)
    X_tr, y_tr, X_te, y_te = datasets.split(X, y, 0.3)
    assert len(X_tr) == 3 and len(X_te) == 7
    np.testing.assert_array_equal(np.concatenate([X_tr, X_te]), X)
    g = datasets.grid(3)
    np.testing.assert_array_equal(g[0], [-6, 6])    # top-left first
    np.testing.assert_array_equal(g[-1], [6, -6])   # bottom-right last
    assert g.shape == (9, 2)


@pytest.mark.parametrize("kwargs, message", [
    ({"name": "moons"}, "'circle'"),
    ({"name": "circle", "n": 0}, "positive"),
    ({"name": "circle", "noise": -0.1}, "noise"),
])
def test_bad_arguments_raise_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message):
        datasets.make(**kwargs)


# -- "gauss3": three classes -----------------------------------------------------------
def test_gauss3_shapes_labels_and_problem():
    X, y = datasets.make("gauss3", n=301, noise=0.2, seed=7)
    assert X.shape == (301, 2) and y.shape == (301,)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert set(np.unique(y)) == {0.0, 1.0, 2.0}
    assert datasets.problem_of("gauss3") == "multiclass"
    assert datasets.n_classes("gauss3") == 3 and datasets.n_classes("gauss") == 0


@pytest.mark.parametrize("n", [3, 10, 500, 1001])
def test_gauss3_classes_are_balanced(n):
    _, y = datasets.make("gauss3", n=n)
    counts = [int(np.sum(y == c)) for c in (0.0, 1.0, 2.0)]
    assert sum(counts) == n and max(counts) - min(counts) <= 1


def test_gauss3_clusters_sit_at_radius_three_on_90_210_330_degrees():
    X, y = datasets.make("gauss3", n=3000, seed=1)
    for label, degrees in ((0.0, 90.0), (1.0, 210.0), (2.0, 330.0)):
        angle = math.radians(degrees)
        np.testing.assert_allclose(X[y == label].mean(axis=0), [3 * math.cos(angle), 3 * math.sin(angle)], atol=0.1)
        # "gauss"'s variance: 0.5 at noise 0 (TF maps noise [0, .5] to variance [.5, 4]).
        np.testing.assert_allclose(X[y == label].var(axis=0), [0.5, 0.5], rtol=0.15)
    wide = datasets.make("gauss3", n=3000, noise=0.5, seed=1)
    np.testing.assert_allclose(wide[0][wide[1] == 0.0].var(axis=0), [4.0, 4.0], rtol=0.15)


def test_gauss3_seed_determines_the_data():
    a, b, c = (datasets.make("gauss3", n=60, seed=s) for s in (3, 3, 4))
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    assert not np.array_equal(a[0], c[0])


# -- hand-placed points ("custom") -------------------------------------------------------
def test_from_points_returns_float64_arrays_in_order():
    X, y = datasets.from_points({"x": [[1, 2], [-3.5, 0.25], [0, 0]], "y": [1, -1.0, 1]})
    assert X.dtype == y.dtype == np.float64
    np.testing.assert_array_equal(X, [[1, 2], [-3.5, 0.25], [0, 0]])
    np.testing.assert_array_equal(y, [1, -1, 1])


def test_a_cleared_plane_or_a_single_point_is_data_too():
    X, y = datasets.from_points({"x": [], "y": []})
    assert X.shape == (0, 2) and y.shape == (0,)
    X, y = datasets.from_points({"x": [[1, 2]], "y": [-1]})
    assert X.tolist() == [[1.0, 2.0]] and y.tolist() == [-1.0]


@pytest.mark.parametrize("points, message", [
    ([[1, 2]], "must be"),
    ({"x": [[1, 2], [3, 4]]}, "must be"),
    ({"x": [[1, 2], [3, 4]], "y": [1, -1], "z": 0}, "must be"),
    ({"x": [[1, 2], [3, 4]], "y": [1]}, "labels"),
    ({"x": [[1, 2], [3]], "y": [1, -1]}, r"x\[1\]"),
    ({"x": [[1, 2], [3, "4"]], "y": [1, -1]}, r"x\[1\]"),
    ({"x": [[1, 2], [3, float("nan")]], "y": [1, -1]}, "finite"),
    ({"x": [[1, 2], [float("inf"), 0]], "y": [1, -1]}, "finite"),
    ({"x": [[1, 2], [3, 10 ** 400]], "y": [1, -1]}, "finite"),
    ({"x": [[1, 2], [3, 4]], "y": [1, 0]}, "-1 or 1"),
    ({"x": [[1, 2], [3, 4]], "y": [1, True]}, "-1 or 1"),
    ({"x": "points", "y": [1, -1]}, "lists"),
])
def test_bad_custom_points_raise_clear_errors(points, message):
    with pytest.raises(ValueError, match=message):
        datasets.from_points(points)
