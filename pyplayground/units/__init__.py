"""Inside the units: regularized activation maximization (Yosinski et al. 2015), its
regularizers, the units of a model's layers, a unit's backprop and deconvolution onto the
input, and receptive fields for top-image patches. Multifaceted starting points (Nguyen et
al. 2016) are chosen at build time (pipeline/units/facets.py) and passed as ``start``."""
from .backprop import unit_backprop
from .inventory import find_layer, penultimate, unit_layers
from .maximize import PRESETS, Maximizer, activation_and_gradient, maximize, settings, start_image
from .receptive import patch_box, receptive_field

__all__ = ["PRESETS", "Maximizer", "maximize", "settings", "start_image", "activation_and_gradient",
           "unit_backprop", "unit_layers", "find_layer", "penultimate", "receptive_field", "patch_box"]
