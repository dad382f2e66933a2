"""Copy the part of the Pyodide distribution the site needs into ``site/vendor/pyodide``.

Only the core runtime and the packages the worker loads (plus their dependencies,
read from the distribution's ``packages.json``) are copied: about 30 of 270 MB.
The copy is made in a temporary folder and swapped in whole, so an interrupted
build never leaves a half-vendored runtime behind.
"""
import json
import os
import shutil

from . import stamps
from .paths import PYODIDE_DIST, VENDOR_PYODIDE

CORE_FILES = ["pyodide.js", "pyodide.asm.js", "pyodide.asm.wasm", "pyodide.asm.data", "packages.json"]
SITE_PACKAGES = ["numpy"]  # what the worker loads before unpacking our wheel (no micropip: see runtime-pyodide-0.17.js)


def package_closure(names, dependencies):
    """``names`` and everything they depend on, per packages.json's ``dependencies`` map."""
    seen, todo = [], list(names)
    while todo:
        name = todo.pop(0)
        if name in seen:
            continue
        if name not in dependencies:
            raise KeyError("package %r is not in the Pyodide distribution" % name)
        seen.append(name)
        todo.extend(dependencies[name])
    return seen


def runtime_info():
    """Versions read from the distribution: ``{"pyodide", "numpy", "packages"}``."""
    with open(os.path.join(PYODIDE_DIST, "packages.json")) as f:
        packages = json.load(f)
    with open(os.path.join(os.path.dirname(PYODIDE_DIST), "package.json")) as f:
        version = json.load(f)["version"]
    closure = package_closure(SITE_PACKAGES, packages["dependencies"])
    return {"pyodide": version, "numpy": packages["versions"]["numpy"], "packages": closure}


def vendored_files():
    """File names (relative to the runtime folder) that the site needs."""
    files = list(CORE_FILES)
    for name in runtime_info()["packages"]:
        files += [name + ".js", name + ".data"]
    return files


def vendor(source_hash):
    """Copy the runtime into the site unless the vendored copy already matches ``source_hash``."""
    files = vendored_files()
    stamp = source_hash + ":" + ",".join(files)
    if stamps.read("vendor") == stamp and all(os.path.isfile(os.path.join(VENDOR_PYODIDE, f)) for f in files):
        print("vendor: site/vendor/pyodide is up to date (%d files)" % len(files))
        return files
    parent = os.path.dirname(VENDOR_PYODIDE)
    os.makedirs(parent, exist_ok=True)
    tmp, old = VENDOR_PYODIDE + ".tmp", VENDOR_PYODIDE + ".old"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    total = sum(os.path.getsize(os.path.join(PYODIDE_DIST, f)) for f in files)
    print("vendor: copying %d runtime files (%.1f MB) into site/vendor/pyodide" % (len(files), total / 1e6))
    try:
        for name in files:
            shutil.copy2(os.path.join(PYODIDE_DIST, name), os.path.join(tmp, name))
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)  # the old copy, if any, stays in place
        raise
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(VENDOR_PYODIDE):
        os.rename(VENDOR_PYODIDE, old)
    os.rename(tmp, VENDOR_PYODIDE)
    shutil.rmtree(old, ignore_errors=True)
    stamps.write("vendor", stamp)
    return files
