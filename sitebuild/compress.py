"""Gzip copies of the site's large files (``NAME.gz`` beside ``NAME``), served by ``server.py`` to
browsers that accept gzip: the runtime's 27 MB travel as about 13 MB. Static hosts can do the same
(nginx ``gzip_static on``, Apache ``MultiViews`` / ``mod_rewrite``); a host that ignores the copies
serves the plain files, which stay the reference (the offline list hashes those).
"""
import gzip
import os

from .paths import SITE

MIN_BYTES = 64 * 1024                                   # smaller files gain little
SUFFIXES = (".wasm", ".data", ".js", ".json")  # what compresses (not .whl: a zip)
FOLDERS = ("vendor",)                                    # the runtime and libraries: 27 of the first 28 MB


def candidates(site=SITE):
    """Site files worth a gzip copy: large, compressible, under FOLDERS."""
    for top in FOLDERS:
        for folder, dirs, files in os.walk(os.path.join(site, top)):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                if name.endswith(SUFFIXES) and os.path.getsize(path) >= MIN_BYTES:
                    yield path


def compress_site(site=SITE):
    """Write ``NAME.gz`` for every candidate whose copy is missing or older; remove orphaned copies.
    Returns the number of copies written."""
    wanted = set()
    written = 0
    for path in candidates(site):
        target = path + ".gz"
        wanted.add(target)
        if os.path.exists(target) and os.path.getmtime(target) >= os.path.getmtime(path):
            continue
        with open(path, "rb") as f:
            data = gzip.compress(f.read(), compresslevel=9, mtime=0)
        with open(target + ".tmp", "wb") as f:
            f.write(data)
        os.replace(target + ".tmp", target)
        written += 1
    for top in FOLDERS:
        for folder, _, files in os.walk(os.path.join(site, top)):
            for name in files:
                path = os.path.join(folder, name)
                if name.endswith(".gz") and path not in wanted:
                    os.remove(path)
    return written
