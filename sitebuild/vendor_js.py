"""Copy the JavaScript libraries the pages load from ``node_modules`` into ``site/vendor/``.

The site makes no request off its own origin, so a library from the npm lock is served
from ``site/vendor/<name>/`` like the Pyodide runtime. Each file is replaced atomically and
only when its bytes changed. The build manifest lists what was copied (``libraries``).
"""
import json
import os
import shutil

from . import stamps
from .npm import BuildError
from .paths import NODE_MODULES, SITE

# name -> (npm package, [(file in the package, path under site/)])
LIBRARIES = {
    # Layered graph layout for the Models page's architecture graph. The ES-module build
    # (graphlib bundled in) is imported by site/js/models/graph-layout.js.
    "dagre": ("@dagrejs/dagre", [("dist/dagre.esm.js", "vendor/dagre/dagre.esm.js"),
                                 ("LICENSE", "vendor/dagre/LICENSE")]),
    # 3-D surfaces, contours and heatmaps for the Landscapes page: plotly's "strict" build, made for
    # pages without 'unsafe-eval' (its WebGL code is precompiled). A classic script: window.Plotly.
    "plotly": ("plotly.js-strict-dist-min", [("plotly-strict.min.js", "vendor/plotly/plotly-strict.min.js"),
                                             ("LICENSE", "vendor/plotly/LICENSE")]),
}


class MissingLibrary(BuildError):
    """A library the pages need is not in node_modules (package.json or npm ci is behind)."""


def _package_dir(package):
    return os.path.join(NODE_MODULES, *package.split("/"))


def vendor_libraries():
    """Copy every library's files into site/; returns {name: {"package", "version", "files"}}
    where files are site-relative paths."""
    result = {}
    for name, (package, files) in sorted(LIBRARIES.items()):
        source_dir = _package_dir(package)
        meta = os.path.join(source_dir, "package.json")
        if not os.path.isfile(meta):
            raise MissingLibrary("%s is not installed in node_modules: add it to package.json and the lock, then "
                                 "run 'python3 build.py' again (npm ci fetches it)" % package)
        with open(meta) as f:
            version = json.load(f)["version"]
        copied = []
        for source, target in files:
            _copy_if_changed(os.path.join(source_dir, source), os.path.join(SITE, target))
            copied.append(target)
        result[name] = {"package": package, "version": version, "files": copied}
        print("vendor: %s %s in site/%s" % (package, version, os.path.dirname(files[0][1])))
    return result


def _copy_if_changed(source, target):
    if os.path.isfile(target) and stamps.file_sha256(target) == stamps.file_sha256(source):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = target + ".tmp"
    shutil.copyfile(source, tmp)
    os.replace(tmp, target)
