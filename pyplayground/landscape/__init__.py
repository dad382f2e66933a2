"""Loss landscapes (Li, Xu, Taylor, Studer, Goldstein 2018, "Visualizing the Loss Landscape of
Neural Nets"): directions and their normalization, surface evaluation, trajectories, curvature.

Directions, normalization, evaluation and plotting are separate (as in the reference code,
tomgoldstein/loss-landscape), and nothing mutates a model for good: every evaluation
restores the parameters it perturbed.
"""
from .directions import NORMALIZATIONS, normalize, random_direction
from .hessian import eigen_extremes, hessian_vector_product, lanczos, lanczos_extremes
from .metrics import curve_spread, eig_ratio, roughness, sharpness
from .surface import evaluate, interpolate, surface_1d, surface_2d
from .trajectory import pca_directions

__all__ = ["NORMALIZATIONS", "normalize", "random_direction", "evaluate", "surface_1d", "surface_2d",
           "interpolate", "pca_directions", "hessian_vector_product", "eigen_extremes",
           "lanczos", "lanczos_extremes", "roughness", "eig_ratio", "curve_spread", "sharpness"]
