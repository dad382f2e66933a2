"""Where jobs run: local processes (default) or an existing Dask distributed cluster.

Both give the same bytes: every job runs in a fresh worker process whose BLAS uses one
thread (Dask's nannies set ``OMP/OPENBLAS/MKL_NUM_THREADS=1``; the local pool sets the same
before it starts its processes), so floating-point sums happen in the same order.
An executor offers ``share(resources)``, ``submit(fn, *args) -> future`` (``done()``,
``result()``), ``cancel(futures)``, ``channel()`` (what a worker sends progress through),
``messages()`` (progress received since the last call) and ``close()``.
"""
import hashlib
import multiprocessing
import os
import queue
import shutil
import tempfile
import uuid
import zipfile
from concurrent.futures import ProcessPoolExecutor

from .jobs import ROOT, ArrayFile

BLAS_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


class QueueChannel:
    """Progress from a local worker: a multiprocessing manager's queue (picklable proxy)."""

    def __init__(self, q):
        self.q = q

    def send(self, message):
        self.q.put(message)


class DaskChannel:
    """Progress from a Dask worker: an event on a topic the driver's client subscribes to."""

    def __init__(self, topic):
        self.topic = topic

    def send(self, message):
        from distributed import get_worker
        get_worker().log_event(self.topic, list(message))


class LocalExecutor:
    """``workers`` processes on this machine (``spawn``, so each starts with a clean numpy)."""

    def __init__(self, workers=None):
        self.workers = max(1, int(workers or os.cpu_count() or 1))
        self._saved_env = {k: os.environ.get(k) for k in BLAS_THREAD_VARS}
        for k in BLAS_THREAD_VARS:   # children read these when numpy loads
            os.environ[k] = "1"
        ctx = multiprocessing.get_context("spawn")
        self._manager = ctx.Manager()
        self._queue = self._manager.Queue()
        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx)
        self._folder = tempfile.mkdtemp(prefix="pipeline-resources-")
        self.description = "%d local process%s" % (self.workers, "" if self.workers == 1 else "es")

    def share(self, resources):
        """Resources as files in a private folder (each job gets a path, not a 10 MB pickle)."""
        return {name: ArrayFile(value, self._folder, name) for name, value in resources.items()}

    def submit(self, fn, *args):
        return self._pool.submit(fn, *args)

    def cancel(self, futures):
        """Nothing to do here: ``close(cancel=True)`` stops the workers, and the pool then fails
        every pending future itself (cancelling them first trips CPython 3.11's pool shutdown)."""

    def channel(self):
        return QueueChannel(self._queue)

    def messages(self, timeout=0.2):
        out = []
        try:
            out.append(self._queue.get(timeout=timeout))
            while True:
                out.append(self._queue.get_nowait())
        except (queue.Empty, EOFError, OSError):
            pass
        return out

    def close(self, cancel=False):
        """Stop the pool; ``cancel`` (after a failure or Ctrl-C) also stops jobs still running."""
        if cancel:  # ProcessPoolExecutor cannot stop a running task; end its processes instead
            for process in list(getattr(self._pool, "_processes", {}).values()):
                process.terminate()
        self._pool.shutdown(wait=not cancel)
        self._manager.shutdown()
        shutil.rmtree(self._folder, ignore_errors=True)
        for k, v in self._saved_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class DaskExecutor:
    """Jobs on a Dask cluster: ``scheduler`` is an address (``tcp://host:8786``) or a Client.

    The workers need numpy (and distributed); the code they run is this checkout's
    ``pyplayground`` and ``pipeline``, uploaded to them as a zip when the executor starts,
    so a cluster never runs a different version of the engine than the driver.
    """

    def __init__(self, scheduler):
        try:
            from distributed import Client
        except ImportError:
            raise RuntimeError("--scheduler needs Dask distributed: pip install -e '.[dask]'") from None
        self._own = isinstance(scheduler, str)
        self.client = Client(scheduler) if self._own else scheduler
        self.topic = "pyplayground-pipeline-" + uuid.uuid4().hex[:12]
        self._queue = queue.Queue()
        self.client.subscribe_topic(self.topic, lambda event: self._queue.put(tuple(event[1])))
        self._upload_code()
        workers = len(self.client.scheduler_info().get("workers", {}))
        self.description = "Dask cluster %s (%d workers)" % (self.client.scheduler.address, workers)

    def _upload_code(self):
        from distributed.diagnostics.plugin import UploadFile
        files = []
        for package in ("pyplayground", "pipeline"):
            for base, dirs, names in os.walk(os.path.join(ROOT, package)):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                files += [os.path.join(base, n) for n in sorted(names) if n.endswith((".py", ".json"))]
        h = hashlib.sha256()
        for path in files:
            with open(path, "rb") as f:
                h.update(path.encode() + b"\0" + f.read())
        folder = tempfile.mkdtemp(prefix="pipeline-code-")
        path = os.path.join(folder, "pyplayground_code_%s.zip" % h.hexdigest()[:16])
        with zipfile.ZipFile(path, "w") as z:
            for f in files:
                z.write(f, os.path.relpath(f, ROOT))
        def forget_old_code():
            """On a long-lived cluster, drop what an earlier run imported, so the new zip is what
            loads (a plugin's reload would refresh the packages but not their submodules). A nested
            function, so cloudpickle sends it by value: the workers need not have our code yet."""
            import sys
            for name in list(sys.modules):
                if name.split(".")[0] in ("pyplayground", "pipeline"):
                    del sys.modules[name]
            sys.path[:] = [p for p in sys.path if "pyplayground_code_" not in p]

        self.client.run(forget_old_code)
        # A worker plugin only (not the scheduler's upload): workers get the zip first on sys.path.
        plugin = UploadFile(path, load=True)   # reads the zip into memory
        shutil.rmtree(folder, ignore_errors=True)
        self.client.register_plugin(plugin, name="pyplayground-code")

    def share(self, resources):
        return self.client.scatter(resources, broadcast=True) if resources else resources

    def submit(self, fn, *args):
        return self.client.submit(fn, *args, pure=False)

    def cancel(self, futures):
        for future in futures:
            future.cancel()

    def channel(self):
        return DaskChannel(self.topic)

    def messages(self, timeout=0.2):
        out = []
        try:
            out.append(self._queue.get(timeout=timeout))
            while True:
                out.append(self._queue.get_nowait())
        except queue.Empty:
            pass
        return out

    def close(self, cancel=False):
        self.client.unsubscribe_topic(self.topic)
        if self._own:
            self.client.close()
