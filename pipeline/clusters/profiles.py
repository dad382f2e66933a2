"""Activation profiles, their clusters and a similarity order.

A neuron's (a channel's) activation profile is its output averaged over its map's positions,
one value per input of a fixed, class-balanced set; profiles are compared after centring and
scaling each to unit length (so two neurons that respond to the same digits, however strongly,
are close: CNNVis clusters by this kind of response pattern).

Matrix reordering: clusters are ordered by their centroids' position along the profiles' first
principal component, and the neurons of a cluster likewise, so that the neuron x input matrix
shows its blocks and similar neurons sit side by side (a one-dimensional seriation by the
leading principal axis).
"""
import numpy as np

from pyplayground.dynamics.kmeans import kmeans


def profiles(values):
    """``(units, inputs)`` profiles from one layer's outputs ``(inputs, units, ...)``, unit-length rows."""
    a = np.asarray(values, dtype=np.float64)
    p = a.reshape(a.shape[0], a.shape[1], -1).mean(axis=2).T
    p = p - p.mean(axis=1, keepdims=True)
    norm = np.linalg.norm(p, axis=1, keepdims=True)
    return p / np.where(norm > 0, norm, 1.0)


def _leading_axis(points):
    centred = points - points.mean(axis=0)
    if not np.any(centred):
        return np.zeros(len(points))
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    axis = vt[0] * (1 if vt[0][np.argmax(np.abs(vt[0]))] > 0 else -1)   # a fixed sign
    return centred @ axis


def order_by_similarity(points, labels):
    """Neuron indices in display order: clusters by their centroid's leading-axis coordinate,
    members likewise; returns ``(order, cluster_order)``."""
    points = np.asarray(points, dtype=np.float64)
    labels = np.asarray(labels)
    coord = _leading_axis(points)
    clusters = sorted(set(labels.tolist()), key=lambda c: (float(coord[labels == c].mean()), c))
    order = []
    for c in clusters:
        members = np.flatnonzero(labels == c)
        order += [int(i) for i in members[np.argsort(coord[members], kind="stable")]]
    return order, clusters


def cluster_layer(values, k, seed=0):
    """``{labels, order, cluster_order, profiles}`` for one layer's outputs ``(inputs, units, ...)``."""
    p = profiles(values)
    labels, _ = kmeans(p, k, seed=seed)
    order, cluster_order = order_by_similarity(p, labels)
    return {"labels": labels, "order": order, "cluster_order": cluster_order, "profiles": p}
