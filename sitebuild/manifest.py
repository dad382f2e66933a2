"""The build manifest (``site/build-manifest.json``): versions and file hashes.

The worker reads it to find the runtime folder, the packages to load, the wheel to
install and the byte sizes it reports download progress against.
"""
import json
import os

from . import stamps
from .paths import ARTIFACTS_MANIFEST, MANIFEST, SITE, VENDOR_PYODIDE
from .vendor import SITE_PACKAGES

SCHEMA = 1


def _entry(path):
    return {"path": os.path.relpath(path, SITE).replace(os.sep, "/"),
            "bytes": os.path.getsize(path), "sha256": stamps.file_sha256(path)}


def write_manifest(runtime, runtime_files, wheel_path, package_version, libraries=None):
    """Write the build manifest atomically and return it as a dict.

    ``libraries``: {name: {"package", "version", "files": [site-relative paths]}} (vendor_js).
    """
    manifest = {
        "schema": SCHEMA,
        "pyplayground": {"version": package_version, "wheel": _entry(wheel_path)},
        "runtime": {
            "name": "pyodide",
            "version": runtime["pyodide"],
            "numpy": runtime["numpy"],
            "index_url": "vendor/pyodide/",
            "packages": list(SITE_PACKAGES),
            "files": [_entry(os.path.join(VENDOR_PYODIDE, f)) for f in runtime_files],
        },
        "libraries": {name: dict(lib, files=[_entry(os.path.join(SITE, f)) for f in lib["files"]])
                      for name, lib in (libraries or {}).items()},
    }
    _write_json(MANIFEST, manifest)
    return manifest


def ensure_artifacts_manifest():
    """Create an empty artifacts manifest (one entry per precomputed artifact) if there is none."""
    if not os.path.exists(ARTIFACTS_MANIFEST):
        _write_json(ARTIFACTS_MANIFEST, {"schema": SCHEMA, "artifacts": []})


def _write_json(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)
