"""Networks: the playground's ``MLP``, the model pages' ``Sequential`` of layers, model files.

- :mod:`.mlp`: ``MLP``, the fully connected network trained by TF Playground's rule, and its
  JSON format (``MLP.to_dict``/``from_dict``; ``FORMAT``, ``FORMAT_VERSION`` are this format's).
- :mod:`.sequential`: ``Sequential``, a list of :mod:`pyplayground.layers` with a loss, and its
  ``.npz`` format (``Sequential.save``).
- :mod:`.files`: ``load``, which reads either file.
- :mod:`.parameters`: an MLP's parameters by name and as one flat vector (the worker's order).

Imports run one way: ``files`` imports ``mlp`` and ``sequential``, which import neither.
"""
from .files import load
from .mlp import FORMAT, FORMAT_VERSION, INITS, MAX_LAYERS, MAX_UNITS, MLP, dead_masks
from .parameters import flat_parameters, mlp_parameters, unflatten
from .sequential import Sequential

__all__ = ["MLP", "Sequential", "load", "dead_masks", "mlp_parameters", "flat_parameters", "unflatten",
           "FORMAT", "FORMAT_VERSION", "INITS", "MAX_LAYERS", "MAX_UNITS"]
