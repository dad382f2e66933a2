"""Where the build reads and writes (everything relative to the repository root)."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SITE = os.path.join(ROOT, "site")
PACKAGE = os.path.join(ROOT, "pyplayground")
NODE_MODULES = os.path.join(ROOT, "node_modules")
PYODIDE_DIST = os.path.join(NODE_MODULES, "@pyodide", "pyodide", "dist")
VENDOR_PYODIDE = os.path.join(SITE, "vendor", "pyodide")   # served as vendor/pyodide/
WHEELS = os.path.join(SITE, "wheels")                      # served as wheels/
MANIFEST = os.path.join(SITE, "build-manifest.json")
ARTIFACTS_MANIFEST = os.path.join(SITE, "artifacts", "manifest.json")
STAMPS = os.path.join(ROOT, ".build")                      # hashes of the last completed steps
