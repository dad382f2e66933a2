"""The Relevance page's family (kind "relevance"): every method's heatmaps of the zoo's models
and their region-perturbation evaluation (Samek et al. 2017), in ``jobs``."""
