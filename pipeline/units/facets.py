"""Multifaceted feature visualization (Nguyen, Yosinski, Clune 2016, Algorithm 1) for one class
of a digit model, at build time (scikit-learn).

1. The codes: every training image of the class through the model up to the last Dense
   layer's input (the penultimate layer; their fc7 was the same role), flattened.
2. PCA to 50 dimensions, then t-SNE to 2-D (their steps 2-3); the 2-D embedding is also what
   the page draws, coloured by facet.
3. k-means in the embedding. The paper used k = 10 on ImageNet classes of 1,300 images; a
   digit class may have fewer distinct modes, so k starts at ``K_MAX`` = 10 and drops by one
   while (a) a cluster has fewer than ``MIN_MEMBERS`` = 15 images (a facet's start must be the
   mean of its own 15 nearest members, the paper's number) or (b) two facet images are closer
   than the distinctness bound; k = 1 always qualifies. Every rejected k is recorded with why.
4. A facet's start is the mean of the 15 images nearest its centroid; activation maximization
   of the class logit from it, with the centre bias. The regularizers are lighter than Table 1
   (L2 decay 1e-4, blur sigma 0.5 px every 8 steps, lr 0.01; ``FACET_SETTINGS``) and the run
   stops as soon as the logit exceeds ``TARGET_RATIO`` = 1.05 times the class's maximum over
   its training images (at most ``FACET_STEPS``): measured on these digits, Table 1's blur of
   1 px every 4 steps compounds to sigma ~7 px over 200 steps and pulls every start to the
   same blob, erasing exactly the differences the facets are for.
5. Distinctness bound: facet images of a class are distinct when every pair is at least
   ``DISTINCT_FRACTION`` = 0.1 times apart of the median L2 distance between two training
   images of that class (500 random pairs, seeded; ~0.7-1.0 on MNIST, i.e. a clearly
   visible stroke difference, not pixel noise).
Deterministic for a seed: PCA (full SVD), t-SNE and k-means take ``seed``; ties break by index.
"""
import numpy as np

from pyplayground import units

K_MAX = 10
MIN_MEMBERS = 15
NEAREST = 15
PCA_DIMS = 50
TARGET_RATIO = 1.05
FACET_STEPS = 300
FACET_SETTINGS = {"preset": "yosinski-3", "lr": 0.01, "blur_width": 0.5, "blur_every": 8, "center_start": 20.0 / 28}
DISTINCT_FRACTION = 0.1
PAIRS = 500


def embed(codes, seed):
    """``codes (n, d)`` -> 2-D t-SNE embedding ``(n, 2)`` of their PCA-50 projection."""
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE
    codes = np.asarray(codes, dtype=np.float64)
    dims = min(PCA_DIMS, codes.shape[0] - 1, codes.shape[1])
    reduced = PCA(dims, svd_solver="full", random_state=seed).fit_transform(codes)
    perplexity = float(min(30.0, (len(codes) - 1) / 3.0))
    return TSNE(2, perplexity=perplexity, init="pca", learning_rate="auto", random_state=seed).fit_transform(reduced)


def distinct_bound(images, seed):
    """``DISTINCT_FRACTION`` x the median L2 distance of ``PAIRS`` random pairs of ``images (n, 784)``."""
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, len(images), PAIRS), rng.integers(0, len(images), PAIRS)
    keep = a != b
    return DISTINCT_FRACTION * float(np.median(np.linalg.norm(images[a[keep]] - images[b[keep]], axis=1)))


def pairwise_min(images):
    """Smallest L2 distance between two rows of ``images (k, d)``; inf for k < 2."""
    if len(images) < 2:
        return float("inf")
    d = np.linalg.norm(images[:, None, :] - images[None, :, :], axis=2)
    return float(d[np.triu_indices(len(images), 1)].min())


def _facet(model, logit_layer, label, start, class_max):
    target = TARGET_RATIO * class_max
    image, trace = units.maximize(model, logit_layer, label, start, steps=FACET_STEPS, center_bias=True,
                                  progress=lambda step, a: a >= target, **FACET_SETTINGS)
    return image.reshape(-1), trace


def class_facets(model, images, codes, label, logit_layer, class_max, seed):
    """Facets of class ``label`` from its training ``images (n, 1, 28, 28)`` and ``codes (n, d)``.

    Returns a dict: ``k``, ``rejected`` ([{k, why}]), ``bound``, ``min_distance``,
    ``silhouette``, ``embedding (n, 2)``, ``assign (n,)``, and ``facets``: per facet
    ``members`` (row numbers, nearest the centroid first), ``nearest`` (the 15 averaged),
    ``start (784,)``, ``image (784,)``, ``activation``, ``ratio``, ``steps``.
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import silhouette_score
    flat = np.asarray(images, dtype=np.float64).reshape(len(images), -1)
    embedding = embed(codes, seed)
    bound = distinct_bound(flat, seed)
    rejected = []
    for k in range(min(K_MAX, len(flat) // MIN_MEMBERS), 0, -1):
        km = KMeans(k, n_init=10, random_state=seed).fit(embedding)
        sizes = np.bincount(km.labels_, minlength=k)
        if sizes.min() < MIN_MEMBERS:
            rejected.append({"k": k, "why": "a cluster of %d images (< %d)" % (sizes.min(), MIN_MEMBERS)})
            continue
        facets = []
        for j in range(k):
            d = np.linalg.norm(embedding - km.cluster_centers_[j], axis=1)
            nearest = np.argsort(d, kind="stable")[:NEAREST]
            members = np.flatnonzero(km.labels_ == j)
            members = members[np.argsort(d[members], kind="stable")]
            start = flat[nearest].mean(axis=0)
            image, trace = _facet(model, logit_layer, label, start.reshape(1, 28, 28), class_max)
            facets.append({"members": members, "nearest": nearest, "start": start, "image": image,
                           "activation": float(trace[-1]), "ratio": float(trace[-1] / class_max),
                           "steps": int(len(trace) - 1)})
        closest = pairwise_min(np.array([f["image"] for f in facets]))
        if closest < bound:
            rejected.append({"k": k, "why": "two facet images %.2f apart (< bound %.2f)" % (closest, bound)})
            continue
        silhouette = float(silhouette_score(embedding, km.labels_)) if k > 1 else None
        return {"k": k, "rejected": rejected, "bound": bound, "min_distance": closest, "silhouette": silhouette,
                "embedding": embedding, "assign": km.labels_.astype(int), "facets": facets}
    raise ValueError("class %r has fewer than %d training images" % (label, MIN_MEMBERS))
