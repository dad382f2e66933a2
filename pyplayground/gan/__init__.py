"""A two-dimensional GAN trained by the engine, for the GAN page and for notebooks.

    from pyplayground.gan import GAN
    gan = GAN({"dataset": "ring", "seed": 1}).train(2000)
    gan.history[-1]   # {"epoch", "d_loss", "g_loss", "kl", "js", "modes_covered", "modes"}
"""
from .config import DEFAULTS, validate
from .data import DATASETS
from .losses import LOSSES
from ..errors import DivergedError
from .model import GAN

__all__ = ["GAN", "DivergedError", "DEFAULTS", "DATASETS", "LOSSES", "validate"]
