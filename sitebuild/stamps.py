"""Content hashes that let a step be skipped when its inputs have not changed."""
import hashlib
import os

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
