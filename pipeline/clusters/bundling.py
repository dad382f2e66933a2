"""Edges between two consecutive layers, bundled by biclustering (CNNVis's biclustering-based
edge bundling): a bundle is a complete bipartite subgraph (a biclique) of the strong edges, drawn
as one band from its source neurons to its target neurons.

- The edges: neuron i -> neuron j with strength ``|C[i, j]|``, the mean contribution of i to j
  (:func:`pyplayground.dynamics.contributions`); the strong edges are those at or above the
  ``quantile`` of all strengths of the layer pair (the ones a diagram would draw).
- Bicliques, greedily: for every source neuron r with strong edges left, pair it with the source
  neuron sharing most of its targets; the targets they share are the columns and every source
  neuron linked to all of them the rows. The largest such block (rows x columns edges, at least
  2 x 2) becomes a bundle and its edges are removed; repeat until no block of 2 x 2 is left.
- What it saves: ``edges_before`` = the strong edges, ``edges_after`` = bundles + edges left single.
"""
import numpy as np


def strong_edges(C, quantile=0.8):
    """Bool matrix of the edges at or above the ``quantile`` of ``|C|`` (and above zero)."""
    strength = np.abs(np.asarray(C, dtype=np.float64))
    threshold = np.quantile(strength, quantile) if strength.size else 0.0
    return (strength >= threshold) & (strength > 0)


def _best_biclique(M):
    counts = M.astype(np.int64)
    shared = counts @ counts.T                   # shared[r, s]: targets r and s both reach
    np.fill_diagonal(shared, -1)
    best = (0, None, None)
    for r in np.flatnonzero(counts.sum(axis=1) >= 2):
        partner = int(np.argmax(shared[r]))
        cols = M[r] & M[partner]
        if cols.sum() < 2:
            continue
        rows = M[:, cols].all(axis=1)
        size = int(rows.sum()) * int(cols.sum())
        if size > best[0]:
            best = (size, rows, cols)
    return best


def bundle_edges(C, quantile=0.8):
    """``{bundles: [{rows, cols, edges}], single: [[i, j]], edges_before, edges_after}``."""
    M = strong_edges(C, quantile)
    before = int(M.sum())
    bundles = []
    while True:
        size, rows, cols = _best_biclique(M)
        if size < 4:
            break
        bundles.append({"rows": np.flatnonzero(rows).tolist(), "cols": np.flatnonzero(cols).tolist(), "edges": size})
        M[np.ix_(rows, cols)] = False
    single = [[int(i), int(j)] for i, j in zip(*np.nonzero(M))]
    return {"bundles": bundles, "single": single, "edges_before": before, "edges_after": len(bundles) + len(single)}
