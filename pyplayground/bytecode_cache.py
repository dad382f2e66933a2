"""Compiled bytecode kept between visits, so a repeat start skips compiling the engine.

Pyodide ships Python sources only, so every start compiles NumPy and the engine again (about
0.7 s of the browser's start). After a first visit's start the worker compiles the modules it
imported once more, a slice at a time between requests (:class:`Packer`; letting Python write
them while importing would cost the first start 0.5 s), into one zip that the browser's cache
keeps; the next visit unpacks it with :func:`unpack` before importing. Every file is a
checked-hash pyc (PEP 552): Python compares it with its source's hash and compiles the source
afresh when they differ, so a stale or foreign cache can cost time, never correctness.

The worker runs this file by path before the package is imported, so it imports only the
standard library (and nothing from ``pyplayground``).
"""
import importlib.util
import io
import marshal
import os
import sys
import time
import zipfile

_CHECKED_HASH = (0b11).to_bytes(4, "little")  # flags: hash-based, check the source


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def _prefixes(roots):
    """The roots as absolute folder prefixes, for ``str.startswith``."""
    return tuple(os.path.join(os.path.abspath(r), "") for r in roots)


def imported_sources(roots, skip=()):
    """(source path, pyc path) of every imported module under one of ``roots`` not named in ``skip``."""
    roots = _prefixes(roots)
    found = []
    for name, module in list(sys.modules.items()):
        source_path = getattr(module, "__file__", None)
        cached = getattr(module, "__cached__", None)
        if name in skip or not (isinstance(source_path, str) and isinstance(cached, str)):
            continue
        if source_path.endswith(".py") and source_path.startswith(roots):
            found.append((source_path, cached))
    return found


def compiled(source_path):
    """The checked-hash pyc of a source, compiled as the import system compiles it."""
    source = _read(source_path)
    code = compile(source, source_path, "exec", dont_inherit=True)
    return importlib.util.MAGIC_NUMBER + _CHECKED_HASH + importlib.util.source_hash(source) + marshal.dumps(code)


def pack(pycs):
    """Zip bytes of {pyc path: pyc bytes}, stored uncompressed (the zip only bundles them)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(pycs):
            archive.writestr(path, pycs[path])
    return buffer.getvalue()


class Packer:
    """Compiles the imported modules a slice at a time, so the worker can do it between requests."""

    def __init__(self, roots, skip=()):
        self.todo = imported_sources(roots, skip)
        self.pycs = {}

    def step(self, seconds):
        """Compile for about ``seconds``; returns True once every module is done."""
        deadline = time.perf_counter() + seconds
        while self.todo and time.perf_counter() < deadline:
            source_path, cached = self.todo.pop()
            try:
                self.pycs[cached] = compiled(source_path)
            except (OSError, SyntaxError, ValueError):  # gone or not compilable: it is simply not kept
                pass
        return not self.todo

    def data(self):
        return pack(self.pycs) if self.pycs else b""


def unpack(data, roots):
    """Write the pycs of a :func:`pack` zip next to their sources under ``roots``; returns how many.

    Entries that are not a pyc of this Python for an existing source under a root are skipped.
    Raises ValueError for bytes that are not a zip.
    """
    roots = _prefixes(roots)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as err:
        raise ValueError("the bytecode cache is not a zip file: %s" % err)
    count = 0
    with archive:
        for name in archive.namelist():
            try:
                source_path = importlib.util.source_from_cache(name)
            except ValueError:  # not a __pycache__ file of this Python
                continue
            if not os.path.abspath(source_path).startswith(roots) or not os.path.isfile(source_path):
                continue
            pyc = archive.read(name)
            if pyc[:4] != importlib.util.MAGIC_NUMBER or pyc[4:8] != _CHECKED_HASH:
                continue
            target = os.path.abspath(name)  # beside the source checked above
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as f:
                f.write(pyc)
            count += 1
    return count
