"""Artifact jobs: what a job declares, its content hash, and how a worker runs it.

A :class:`Job` names a function ``"module:function"`` called in a worker process (local or
on a Dask cluster) as ``func(spec, inputs, resources, workdir, progress) -> result``:
- ``spec``: ``{"id", "kind", "params"}``, ``params`` being the job's JSON parameters;
- ``inputs``: ``{job id: {"entry": manifest entry, "files": {path: bytes}}}`` for every
  declared input job (their committed files, read by the driver);
- ``resources``: ``{name: value}`` shared read-only data (``"mnist"``: ``(x uint8 (10000, 784),
  y uint8 (10000,))``), sent once per worker;
- ``workdir``: an empty private folder; the job writes its files there at their paths
  relative to the artifacts folder (``models/cnn-small/model.npz``);
- ``progress(done, total)``: report progress (sent to the driver at most twice a second).
``result`` is a dict: ``files`` (paths in entry order) and ``metrics``, plus any entry fields
the job sets (``model``, ``seed``, ``test_indices``, ...). The worker returns the files' bytes,
so nothing is written where the artifacts live until the driver commits the whole job.

The job's hash (:func:`job_hash`) covers what makes its output, and nothing of where the code
lives, so moving or renaming a file changes no hash (only a change of content does):
- the function as ``[name, sha256 of its module's source]``: ``"pipeline.zoo.jobs:train_model"``
  enters as ``["train_model", <sha256 of pipeline/zoo/jobs.py>]``, not as its module path;
- ``code`` as the sorted set of the sha256 of every .py file it names (files or folders), not as
  a path -> hash table: the paths only say where to find the sources;
- the job's kind and parameters, the hashes of its resources, and the ``[path, sha256]`` of
  every file of its inputs (those paths are artifact paths, part of what the inputs are).
Unchanged hash, no rerun. The job's id is not in it (it names the entry the hash is stored in).
"""
import hashlib
import importlib
import importlib.util
import json
import os
import shutil
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # the repository
PROGRESS_EVERY_S = 0.5


class Job:
    """One artifact: ``id`` (unique), ``kind`` ("dataset", "model", ...), ``title``, ``func``
    ("module:function"), JSON ``params``, input job ids, ``code`` (repository paths, files or
    folders, whose .py sources enter the hash), ``resources`` (names) and ``cost`` (a relative
    running time: of the jobs ready at once, the costliest start first)."""

    def __init__(self, id, kind, title, func, params, inputs=(), code=(), resources=(), cost=1.0):
        self.id, self.kind, self.title, self.func = id, kind, title, func
        self.params, self.cost = params, float(cost)
        self.inputs, self.code, self.resources = list(inputs), list(code), list(resources)

    def spec(self):
        """What a worker needs (plain data, small to send)."""
        return {"id": self.id, "kind": self.kind, "func": self.func, "params": self.params}

    def __repr__(self):
        return "Job(%r, kind=%r)" % (self.id, self.kind)


def code_files(paths, root=ROOT):
    """The .py files under ``paths`` (files or folders, relative to ``root``), sorted."""
    found = []
    for rel in paths:
        path = os.path.join(root, rel)
        if os.path.isfile(path):
            found.append(path)
            continue
        if not os.path.isdir(path):
            raise ValueError("job code path %r does not exist" % rel)
        for base, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            found += [os.path.join(base, f) for f in sorted(files) if f.endswith(".py")]
    return sorted(found)


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def func_identity(func):
    """``[function name, sha256 of its module's source]`` for ``"module:function"`` (no module path)."""
    module, _, name = func.partition(":")
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin or not os.path.isfile(spec.origin):
        raise ValueError("job function %r: module %r has no source file" % (func, module))
    return [name, _sha256(spec.origin)]


def job_hash(job, input_entries, resource_hashes, root=ROOT):
    """SHA-256 hex of the job's function, kind, params, code, resources and input files, with no
    source path in it (module docstring)."""
    code = sorted({_sha256(path) for path in code_files(job.code, root)})
    inputs = {i: [[f["path"], f["sha256"]] for f in input_entries[i]["files"]] for i in job.inputs}
    payload = {"func": func_identity(job.func), "kind": job.kind, "params": job.params, "code": code,
               "inputs": inputs, "resources": {name: resource_hashes[name] for name in job.resources}}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def resolve(func):
    module, _, name = func.partition(":")
    return getattr(importlib.import_module(module), name)


class Reporter:
    """``progress(done, total)`` for a job, throttled, sent through ``channel`` (see runner)."""

    def __init__(self, channel, job_id):
        self.channel, self.job_id, self._last = channel, job_id, 0.0

    def __call__(self, done, total):
        now = time.monotonic()
        if self.channel is None or (now - self._last < PROGRESS_EVERY_S and done < total):
            return
        self._last = now
        self.channel.send((self.job_id, int(done), int(total)))


class ArrayFile:
    """A resource (an array or a tuple of arrays) saved once in a local ``.npy``/``.npz`` file:
    local workers load it instead of receiving a pickled copy with every job."""

    def __init__(self, value, folder, name):
        self.many = isinstance(value, (tuple, list))
        self.path = os.path.join(folder, name + (".npz" if self.many else ".npy"))
        if self.many:
            np.savez(self.path, *value)
        else:
            np.save(self.path, value)

    def load(self):
        if not self.many:
            return np.load(self.path, allow_pickle=False)
        with np.load(self.path, allow_pickle=False) as f:
            return tuple(f["arr_%d" % i] for i in range(len(f.files)))


def execute(spec, inputs, resources, channel=None):
    """Run one job in this process (a worker): returns its result with ``files`` as
    ``[(path, bytes)]`` and ``duration_s``. Its scratch folder is removed whatever happens."""
    func = resolve(spec["func"])
    resources = {k: v.load() if isinstance(v, ArrayFile) else v for k, v in resources.items()}
    workdir = tempfile.mkdtemp(prefix="pipeline-%s-" % spec["id"])
    try:
        start = time.monotonic()
        result = dict(func(spec, inputs, resources, workdir, Reporter(channel, spec["id"])))
        files = []
        for rel in result["files"]:
            if os.path.isabs(rel) or ".." in rel.split("/") or "\\" in rel:
                raise ValueError("job %s: file path %r must be relative, inside the artifacts folder"
                                 % (spec["id"], rel))
            with open(os.path.join(workdir, rel), "rb") as f:
                files.append((rel, f.read()))
        result["files"] = files
        result["duration_s"] = round(time.monotonic() - start, 2)
        return result
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
