"""Model zoo: architectures by name, a training loop that records per-layer dynamics, and the
graph adapter the Models page draws. Pure NumPy (runs in the browser's Pyodide too)."""
from . import architectures, graph, training, walk

__all__ = ["architectures", "graph", "training", "walk"]
