"""Copy the JavaScript libraries the pages load from ``node_modules`` into ``site/vendor/``.

The site makes no request off its own origin, so a library from the npm lock is served
from ``site/vendor/<name>/`` like the Pyodide runtime. Each file is replaced atomically and
only when its bytes changed. The build manifest lists what was copied (``libraries``).

Scripts are copied with every other origin's URL made inert (:func:`offline_copy`): plotly carries
map-tile servers, map attributions and its logo link, which a kiosk must never reach (CSP would
block the requests; the links would still lead off the site). XML namespaces stay: they are names.
"""
import json
import os
import re

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


# An absolute http(s) URL's scheme and host, except the W3C's namespace names.
OFF_ORIGIN = re.compile(r"https?://(?!www\.w3\.org/)[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
INERT = "about:blank#offline:"  # what replaces it: a string still, leading nowhere


def offline_copy(data):
    """A script's bytes with every off-origin URL's scheme and host replaced by :data:`INERT`."""
    return OFF_ORIGIN.sub(INERT, data.decode("utf-8")).encode("utf-8")


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
            transform = offline_copy if target.endswith(".js") else None
            _copy_if_changed(os.path.join(source_dir, source), os.path.join(SITE, target), transform)
            copied.append(target)
        result[name] = {"package": package, "version": version, "files": copied}
        print("vendor: %s %s in site/%s" % (package, version, os.path.dirname(files[0][1])))
    return result


def _copy_if_changed(source, target, transform=None):
    with open(source, "rb") as f:
        data = f.read()
    if transform is not None:
        data = transform(data)
    if os.path.isfile(target):
        with open(target, "rb") as f:
            if f.read() == data:
                return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = target + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, target)
