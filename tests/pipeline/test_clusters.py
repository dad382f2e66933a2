"""Neuron clusters (pipeline.clusters, build-time): profiles are scale-free, clustering and the similarity
order are deterministic and keep clusters together, biclique bundling covers exactly the strong
edges with complete blocks and finds a planted biclique.
"""
import numpy as np

from pipeline.clusters import bundling, profiles


def layer_outputs(seed=0):
    """(images, units, 2, 2) outputs of 12 units in three groups responding to different images."""
    rng = np.random.default_rng(seed)
    images, units = 30, 12
    pattern = np.zeros((3, images))
    for g in range(3):
        pattern[g, g * 10:(g + 1) * 10] = 1.0
    values = np.zeros((images, units, 2, 2))
    for u in range(units):
        values[:, u] = (pattern[u % 3] * (1 + u) + 0.05 * rng.random(images))[:, None, None]
    return values


def test_profiles_ignore_a_neurons_scale():
    values = layer_outputs()
    p = profiles.profiles(values)
    scaled = values.copy()
    scaled[:, 0] *= 7.0
    assert np.allclose(profiles.profiles(scaled), p) and np.allclose(np.linalg.norm(p, axis=1), 1.0)


def test_clusters_find_the_groups_and_the_order_keeps_them_together():
    found = profiles.cluster_layer(layer_outputs(), 3, seed=1)
    labels = found["labels"]
    assert all(len({labels[u] for u in range(g, 12, 3)}) == 1 for g in range(3))
    assert len(set(labels.tolist())) == 3
    order = found["order"]
    assert sorted(order) == list(range(12))
    runs = [labels[order[i]] for i in range(12)]
    assert sum(runs[i] != runs[i + 1] for i in range(11)) == 2            # each cluster one contiguous run
    again = profiles.cluster_layer(layer_outputs(), 3, seed=1)
    assert again["labels"].tolist() == labels.tolist() and again["order"] == order


def test_bundles_are_complete_bicliques_covering_the_strong_edges():
    rng = np.random.default_rng(3)
    C = rng.normal(0, 0.1, (10, 12))
    C[np.ix_([1, 4, 7], [0, 2, 5, 9])] = 5.0      # a planted 3 x 4 biclique of strong edges
    result = bundling.bundle_edges(C, quantile=0.8)
    strong = bundling.strong_edges(C, 0.8)
    covered = np.zeros_like(strong)
    for b in result["bundles"]:
        block = strong[np.ix_(b["rows"], b["cols"])]
        assert block.all() and b["edges"] == block.size >= 4
        assert not covered[np.ix_(b["rows"], b["cols"])].any()
        covered[np.ix_(b["rows"], b["cols"])] = True
    for i, j in result["single"]:
        covered[i, j] = True
    assert np.array_equal(covered, strong)
    assert result["edges_before"] == strong.sum() and result["edges_after"] == len(result["bundles"]) + len(result["single"])
    assert result["edges_after"] < result["edges_before"]
    assert any(set([1, 4, 7]) <= set(b["rows"]) and set([0, 2, 5, 9]) <= set(b["cols"]) for b in result["bundles"])
