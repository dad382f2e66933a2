"""What the pipeline tests share (one module, not copies in each test file): run jobs into a
folder on local processes (or a given executor), the command line's quick build of one kind
into .build/artifacts-quick, and an artifact file's bytes or JSON."""
import json
import os
import subprocess
import sys

from pipeline.__main__ import RESOURCES
from pipeline.core import executors, manifest, runner
from pipeline.core.jobs import ROOT

QUICK_OUT = os.path.join(ROOT, ".build", "artifacts-quick")
VERSION = "test"   # the version every test run records in its entries (command: "pytest")


def run_jobs(jobs, out, executor=None, processes=2, **kwargs):
    """Run ``jobs`` into ``out`` on ``executor`` (default: ``processes`` local processes), closed
    afterwards; ``kwargs`` go to :func:`pipeline.core.runner.run`. Returns its Report."""
    executor = executor or executors.LocalExecutor(processes)
    try:
        return runner.run(jobs, str(out), executor, RESOURCES, "pytest", VERSION, quiet=True, **kwargs)
    finally:
        executor.close()


def build_jobs(jobs, out, processes=2):
    """Run ``jobs`` into ``out`` on local processes; the manifest as a dict (the run must succeed)."""
    report = run_jobs(jobs, out, processes=processes)
    assert report.ok, report.failed
    with open(os.path.join(str(out), "manifest.json")) as f:
        return json.load(f)


def quick_cli_build(kind):
    """``python -m pipeline --quick --only KIND`` into QUICK_OUT (what CI's smoke build runs):
    ``(QUICK_OUT, manifest, {id: entry})``."""
    proc = subprocess.run([sys.executable, "-m", "pipeline", "--quick", "--only", kind, "--out", QUICK_OUT],
                          cwd=ROOT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    data = manifest.load(QUICK_OUT)
    return QUICK_OUT, data, manifest.by_id(data)


def read_bytes(out, path):
    with open(os.path.join(out, path), "rb") as f:
        return f.read()


def read_json(out, path):
    with open(os.path.join(out, path)) as f:
        return json.load(f)
