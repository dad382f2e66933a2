"""Fetch the front-end dependencies (the Pyodide runtime) with ``npm ci`` from the lock file."""
import os
import shutil
import subprocess
import threading

from . import stamps
from .paths import NODE_MODULES, PYODIDE_DIST, ROOT
from .progress import Progress

# The @pyodide/pyodide 0.17.1 tarball is about 185 MB; used only to show progress.
EXPECTED_DOWNLOAD_BYTES = 185e6


class BuildError(RuntimeError):
    """A build step failed; the message says what to do."""


def _dir_bytes(path):
    total = 0
    for base, _dirs, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(base, name))
            except OSError:
                pass
    return total


def _npm_cache_dir(npm):
    try:
        out = subprocess.run([npm, "config", "get", "cache"], cwd=ROOT, capture_output=True, text=True, timeout=60)
        return os.path.join(out.stdout.strip(), "_cacache")
    except (OSError, subprocess.SubprocessError):
        return None


def ensure_node_modules():
    """Run ``npm ci`` unless node_modules already matches package-lock.json."""
    lock_hash = stamps.hash_files([os.path.join(ROOT, "package-lock.json")])
    if stamps.read("npm") == lock_hash and os.path.isdir(PYODIDE_DIST):
        print("runtime: node_modules matches package-lock.json")
        return lock_hash
    npm = shutil.which("npm")
    if npm is None:
        raise BuildError("npm was not found. The first build fetches the Pyodide runtime with npm: install "
                         "Node.js and npm (Debian: apt-get install npm), then run this again.")
    print("runtime: fetching @pyodide/pyodide with 'npm ci' (about 185 MB the first time)...")
    cache = _npm_cache_dir(npm)
    # npm streams the tarball into tmp/ and then files it under content-v2/: count whichever is larger.
    measure = (lambda: max(_dir_bytes(os.path.join(cache, "tmp")), _dir_bytes(os.path.join(cache, "content-v2")))) \
        if cache else (lambda: 0)
    cache_before = measure()
    progress = Progress("runtime download", EXPECTED_DOWNLOAD_BYTES, every_s=2.0)
    proc = subprocess.Popen([npm, "ci", "--no-audit", "--no-fund"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    reader = threading.Thread(target=lambda: output.extend(proc.stdout), daemon=True)
    reader.start()
    while proc.poll() is None:
        try:
            proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            if cache:
                progress.update(max(0, measure() - cache_before))
    reader.join(timeout=5)
    if proc.returncode != 0:
        shutil.rmtree(NODE_MODULES, ignore_errors=True)  # never leave a half-installed runtime
        raise BuildError("'npm ci' failed (exit %d). The first build needs the npm registry; check the network "
                         "or npm's proxy settings and run this again. npm said:\n%s"
                         % (proc.returncode, "".join(output[-20:])))
    if not os.path.isdir(PYODIDE_DIST):
        raise BuildError("npm ci finished but %s is missing; delete node_modules and retry" % PYODIDE_DIST)
    print("runtime: fetched")
    stamps.write("npm", lock_hash)
    return lock_hash
