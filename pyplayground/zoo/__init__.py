"""Model zoo: architectures by name, the graph adapter the Models page draws, and the walk over
a model's layers. Pure NumPy (runs in the browser's Pyodide too). The training loop that makes
the zoo's models is build-time code: :mod:`pipeline.zoo.training`."""
from . import architectures, graph, walk

__all__ = ["architectures", "graph", "walk"]
