"""The optimization path projected on its top two PCA directions (Li et al. 2018, section 7).

Given parameter snapshots ``theta_0 ... theta_n`` (name -> array dicts), form the matrix
``M = [theta_0 - theta_n; ...; theta_{n-1} - theta_n]`` over the weights (one-axis
parameters ignored, as for random directions), take its top two principal directions and
report how much of the variance they explain. Random directions in high dimensions are
nearly orthogonal to the path, which is why the paper uses these instead.
"""
from collections import OrderedDict

import numpy as np


def _flat(state, names):
    return np.concatenate([np.asarray(state[n], np.float64).ravel() for n in names])


def pca_directions(snapshots, final=None):
    """``(directions, explained, coords)`` for a list of parameter snapshots.

    ``directions``: two name -> array dicts (unit norm over the weights, zero elsewhere);
    ``explained``: the two explained-variance ratios, in [0, 1], largest first;
    ``coords``: ``(len(snapshots), 2)``, each snapshot minus ``final`` (default the last)
    projected on the two directions, the path to overlay on the contour plot.
    """
    if len(snapshots) < 3:
        raise ValueError("need at least 3 snapshots for a 2-D PCA of the trajectory, got %d" % len(snapshots))
    final = snapshots[-1] if final is None else final
    names = [n for n, v in final.items() if np.ndim(v) >= 2]
    origin = _flat(final, names)
    M = np.stack([_flat(s, names) - origin for s in snapshots])
    # PCA about the mean of the differences (scikit-learn's convention, as the reference code uses).
    centred = M - M.mean(axis=0)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    var = s ** 2
    explained = var[:2] / var.sum() if var.sum() > 0 else np.zeros(2)
    coords = M @ vt[:2].T
    directions = []
    for row in vt[:2]:
        d, offset = OrderedDict(), 0
        for name, v in final.items():
            if name in names:
                size = np.size(v)
                d[name] = row[offset:offset + size].reshape(np.shape(v))
                offset += size
            else:
                d[name] = np.zeros(np.shape(v))
        directions.append(d)
    return directions, [float(e) for e in explained], coords
