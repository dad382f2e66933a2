"""The dataset pickers' thumbnails: a few points of every dataset, from the engine's own generators.

Written at build time to ``site/data/dataset-previews.json`` (``{name: {"x": [[x1, x2], ...], "y": [...]}}``,
coordinates rounded to 0.01), so the page draws each thumbnail in the palette shown before the engine is up.
"""
import json
import os

from pyplayground.playground import datasets

from . import paths

OUT = os.path.join(paths.SITE, "data", "dataset-previews.json")
POINTS = 120   # per dataset: enough to read the shape in a 48 px square
SEED = 1


def previews():
    """``{name: {"x", "y"}}`` for every dataset, noise-free, in the engine's order."""
    out = {}
    for name in datasets.DATASETS:
        X, y = datasets.make(name, POINTS, 0.0, SEED)
        out[name] = {"x": [[round(float(a), 2), round(float(b), 2)] for a, b in X],
                     "y": [round(float(v), 3) for v in y]}
    return out


def write_previews():
    """Write the file when its content changed (the build's other steps keep their stamps)."""
    text = json.dumps(previews(), separators=(",", ":"), sort_keys=True) + "\n"
    if os.path.exists(OUT):
        with open(OUT, encoding="utf-8") as f:
            if f.read() == text:
                return OUT
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT + ".tmp", "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(OUT + ".tmp", OUT)
    return OUT
