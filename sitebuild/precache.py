"""The offline list (``site/precache.json``): every file the site needs, with its SHA-256.

The service worker (``site/sw.js``) caches exactly these files on the first visit and checks each
against its hash, so a kiosk keeps working after its server stops, and a file changed in transit
or in the cache is refused. ``build`` (a hash of the list) names the cache; a new build gets a new
cache, and the old one is deleted once the new worker takes over.
"""
import hashlib
import json
import os

from . import stamps
from .paths import SITE

LIST = "precache.json"
# Not cached: the list itself, the service worker, the copy of the server, half-written files.
SKIP_NAMES = (LIST, "sw.js", "serve.py")
SKIP_SUFFIXES = (".tmp", ".pyc", ".gz")  # .gz: the server's compressed copies (compress.py)


def site_files(site=SITE):
    """Every file under ``site`` the pages may request, as sorted site-relative paths."""
    out = []
    for folder, dirs, files in os.walk(site):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in files:
            rel = os.path.relpath(os.path.join(folder, name), site).replace(os.sep, "/")
            if rel in SKIP_NAMES or name.startswith(".") or name.endswith(SKIP_SUFFIXES):
                continue
            out.append(rel)
    return sorted(out)


def write_precache(site=SITE):
    """Write ``site/precache.json`` atomically; returns it as a dict."""
    files = [{"path": rel, "bytes": os.path.getsize(os.path.join(site, rel)),
              "sha256": stamps.file_sha256(os.path.join(site, rel))} for rel in site_files(site)]
    build = hashlib.sha256(json.dumps(files, sort_keys=True).encode()).hexdigest()[:16]
    data = {"build": build, "bytes": sum(f["bytes"] for f in files), "files": files}
    path = os.path.join(site, LIST)
    with open(path + ".tmp", "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
    os.replace(path + ".tmp", path)
    return data
