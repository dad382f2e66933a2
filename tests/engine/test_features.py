"""Input features: TF Playground's names, order and labels, and expand against plain formulas."""
import math

import numpy as np
import pytest

from pyplayground.playground import features

# Each feature written out per point with the math module: an independent reference.
REFERENCE = {
    "x": lambda a, b: a,
    "y": lambda a, b: b,
    "xSquared": lambda a, b: a * a,
    "ySquared": lambda a, b: b * b,
    "xTimesY": lambda a, b: a * b,
    "sinX": lambda a, b: math.sin(a),
    "sinY": lambda a, b: math.sin(b),
    "cosX": lambda a, b: math.cos(a),
    "cosY": lambda a, b: math.cos(b),
}


def test_registry_holds_tf_playground_names_in_tf_order():
    assert list(features.FEATURES) == ["x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY", "cosX", "cosY"]
    assert features.labels(["x", "y", "xSquared", "xTimesY", "sinX", "cosY"]) == [
        "X\u2081", "X\u2082", "X\u2081\u00b2", "X\u2081X\u2082", "sin(X\u2081)", "cos(X\u2082)"]


@pytest.mark.parametrize("name", list(REFERENCE))
def test_each_feature_matches_its_formula_point_by_point(name):
    X = np.random.default_rng(0).uniform(-6, 6, (25, 2))
    out = features.expand(X, [name])
    assert out.shape == (25, 1) and out.dtype == np.float64
    expected = [REFERENCE[name](float(a), float(b)) for a, b in X]
    np.testing.assert_allclose(out[:, 0], expected, rtol=1e-14, atol=1e-15)


def test_expand_keeps_the_order_of_the_names():
    X = np.array([[1.0, 2.0], [-3.0, 0.5]])
    out = features.expand(X, ["xTimesY", "y", "x", "ySquared"])
    np.testing.assert_array_equal(out, [[2.0, 2.0, 1.0, 4.0], [-1.5, 0.5, -3.0, 0.25]])
    np.testing.assert_array_equal(features.expand(X, ["x", "y"]), X)


def test_expand_accepts_integer_points_and_returns_float64():
    out = features.expand(np.array([[1, 2]]), ["x", "xSquared"])
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [[1.0, 1.0]])


@pytest.mark.parametrize("names, message", [
    (["x", "zSquared"], "'xSquared'"),
    ([], "at least one"),
    ("x", "list"),
    (["x", "x"], "repeat"),
    ([["x"]], "unknown feature"),
])
def test_bad_names_raise_value_errors(names, message):
    with pytest.raises(ValueError, match=message):
        features.expand(np.zeros((3, 2)), names)


def test_bad_points_raise():
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        features.expand(np.zeros((3, 3)), ["x"])
