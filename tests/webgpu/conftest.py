"""Fixtures for the WGSL kernel tests: one wgpu device for the session, or a clear skip."""
import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import wgsl_runner  # noqa: E402  (needs the path above)


@pytest.fixture(scope="session")
def gpu_device():
    device = wgsl_runner.request_device()
    if device is None:
        pytest.skip("no WebGPU adapter for wgpu-py: %s" % "; ".join(wgsl_runner.NO_ADAPTER_REASON))
    return device
