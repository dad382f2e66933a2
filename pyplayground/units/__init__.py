"""Inside the units: regularized activation maximization (Yosinski et al. 2015), its
regularizers, and receptive fields for top-image patches. Multifaceted starting points
(Nguyen et al. 2016) are chosen at build time and passed as ``start``."""
from .maximize import PRESETS, activation_and_gradient, maximize
from .receptive import patch_box, receptive_field

__all__ = ["PRESETS", "maximize", "activation_and_gradient", "receptive_field", "patch_box"]
