"""pyplayground: a pure-NumPy neural-network engine for a browser playground.

The package runs unchanged on CPython 3.8 + numpy 1.17.5 (Pyodide 0.17.1 in the
browser) and on current CPython + numpy 2.x. It never imports ``js`` or
``pyodide``: the Web Worker talks to it only through :mod:`pyplayground.bridge`.
"""
from . import activations, layers, losses, nn, optim, outputs, regularization
from .playground import datasets, features  # the playground's 2-D sets and input features, as before

__version__ = "0.1.0"
__all__ = ["activations", "datasets", "features", "layers", "losses", "nn", "optim", "outputs", "regularization",
           "__version__"]
