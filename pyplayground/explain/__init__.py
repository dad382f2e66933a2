"""Explanations of a classifier's decision as input heatmaps, and their evaluation.

``relevance(model, X, method, target=None, **params)`` and ``Explainer(model)``, a model
prepared once for many calls (:mod:`.methods`); LRP rules from
parts (:mod:`.rules`); whole-network propagation (:mod:`.lrp`); region-perturbation
evaluation, Samek et al. 2017 (:mod:`.evaluation`).
"""
from .methods import COMPOSITES, METHODS, Explainer, relevance

__all__ = ["relevance", "Explainer", "METHODS", "COMPOSITES"]
