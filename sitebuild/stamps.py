"""Content hashes that let a step be skipped when its inputs have not changed, and a lock that
keeps two builds of one checkout (two test workers, a test run beside ``build.py serve``) from
writing the same files at once."""
import contextlib
import hashlib
import os

try:
    import fcntl
except ImportError:  # Windows: builds of one checkout are not run side by side there
    fcntl = None

from .paths import STAMPS


def hash_files(paths):
    """SHA-256 over the names and bytes of ``paths`` (in the order given)."""
    h = hashlib.sha256()
    for path in paths:
        h.update(os.path.basename(path).encode() + b"\0")
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read(name):
    try:
        with open(os.path.join(STAMPS, name)) as f:
            return f.read().strip()
    except OSError:
        return None


def write(name, value):
    os.makedirs(STAMPS, exist_ok=True)
    with open(os.path.join(STAMPS, name), "w") as f:
        f.write(value + "\n")


@contextlib.contextmanager
def exclusive(name):
    """Hold ``.build/NAME.lock`` for the block: a second process asking for it waits until the
    first one leaves (the lock goes with the process, so a killed build never leaves it held)."""
    os.makedirs(STAMPS, exist_ok=True)
    with open(os.path.join(STAMPS, name + ".lock"), "a") as f:
        if fcntl is not None:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)
