"""Neuron clusters after CNNVis (Liu et al. 2016): a layer's neurons clustered by their
activation profiles over a class-balanced set of digits and ordered so similar neurons sit
together; edges between consecutive layers bundled cluster to cluster. Used by the pipeline's
"clusters" artifacts (the Clusters page)."""
from .bundling import bundle_edges, strong_edges
from .profiles import cluster_layer, order_by_similarity, profiles

__all__ = ["bundle_edges", "cluster_layer", "order_by_similarity", "profiles", "strong_edges"]
