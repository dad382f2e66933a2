"""Compiled bytecode kept between visits, so a repeat start skips compiling what it imports.

Pyodide ships Python sources only, so every start compiled the standard library modules it
imports, NumPy and the engine again (about a second of the browser's start). After a first
visit's start the worker compiles the modules it imported once more, a slice at a time between
requests (:class:`Packer`; letting Python write them while importing would cost the first start
0.5 s), into one zip of stored files that the browser's cache keeps. The next visit writes them
into Python's file system before Python starts (site/js/worker/bytecode-files.js reads the zip),
so even the modules Python and Pyodide import while starting load from bytecode. Every file is a
checked-hash pyc (PEP 552): Python compares it with its source's hash and compiles the source
afresh when they differ, so a stale or foreign cache can cost time, never correctness.
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


def imported_sources(roots):
    """(source path, pyc path) of every imported module under one of ``roots``."""
    roots = _prefixes(roots)
    found = []
    for name, module in list(sys.modules.items()):
        source_path = getattr(module, "__file__", None)
        cached = getattr(module, "__cached__", None)
        if not (isinstance(source_path, str) and isinstance(cached, str)):
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
    """Zip bytes of {pyc path: pyc bytes}, stored uncompressed (the zip only bundles them, and the
    worker reads it without an inflater)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(pycs):
            archive.writestr(path, pycs[path])
    return buffer.getvalue()


class Packer:
    """Compiles the imported modules a slice at a time, so the worker can do it between requests."""

    def __init__(self, roots):
        self.todo = imported_sources(roots)
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

