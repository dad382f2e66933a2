"""Build the pure-Python wheel of ``pyplayground`` that the browser unpacks into site-packages.

A py3-none-any wheel is a zip of the package plus three metadata files (PEP 427),
written here with the standard library so that building the site needs no pip
packages. Entries carry a fixed timestamp, so the same sources give the same bytes.
"""
import base64
import hashlib
import os
import re
import zipfile

from . import stamps
from .paths import PACKAGE, ROOT, WHEELS

FIXED_TIME = (1980, 1, 1, 0, 0, 0)


def package_version():
    with open(os.path.join(PACKAGE, "__init__.py")) as f:
        match = re.search(r'^__version__ = "([^"]+)"', f.read(), re.M)
    if not match:
        raise RuntimeError("pyplayground/__init__.py has no __version__")
    return match.group(1)


def package_sources():
    """The package's .py files, sorted, as absolute paths."""
    found = []
    for base, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        found += [os.path.join(base, f) for f in sorted(files) if f.endswith(".py")]
    return found


def _record_hash(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return "sha256=" + digest


def _metadata(version):
    return ("Metadata-Version: 2.1\nName: pyplayground\nVersion: %s\n"
            "Summary: A pure-NumPy neural-network engine for an in-browser playground\n"
            "Requires-Python: >=3.8\nRequires-Dist: numpy\n" % version)


def build_wheel():
    """Write ``site/wheels/pyplayground-VERSION-py3-none-any.whl`` if the sources changed; return its path."""
    version = package_version()
    name = "pyplayground-%s-py3-none-any.whl" % version
    path = os.path.join(WHEELS, name)
    sources = package_sources()
    source_hash = stamps.hash_files(sources) + version
    if stamps.read("wheel") == source_hash and os.path.isfile(path):
        print("wheel: %s is up to date" % name)
        return path
    os.makedirs(WHEELS, exist_ok=True)
    for old in os.listdir(WHEELS):
        if old.endswith(".whl"):
            os.remove(os.path.join(WHEELS, old))
    dist_info = "pyplayground-%s.dist-info" % version
    entries = []
    for src in sources:
        with open(src, "rb") as f:
            entries.append((os.path.relpath(src, ROOT).replace(os.sep, "/"), f.read()))
    entries.append((dist_info + "/METADATA", _metadata(version).encode()))
    entries.append((dist_info + "/WHEEL", b"Wheel-Version: 1.0\nGenerator: pyplayground-sitebuild\n"
                                          b"Root-Is-Purelib: true\nTag: py3-none-any\n"))
    record = "".join("%s,%s,%d\n" % (arc, _record_hash(data), len(data)) for arc, data in entries)
    entries.append((dist_info + "/RECORD", (record + dist_info + "/RECORD,,\n").encode()))
    tmp = path + ".tmp"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as whl:
        for arc, data in entries:
            info = zipfile.ZipInfo(arc, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            whl.writestr(info, data)
    os.replace(tmp, path)
    stamps.write("wheel", source_hash)
    print("wheel: built %s (%d files)" % (name, len(sources)))
    return path
