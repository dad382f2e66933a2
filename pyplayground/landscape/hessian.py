"""Curvature: extreme Hessian eigenvalues by Hessian-vector products (Li et al. 2018, section 6).

The paper maps ``|lambda_min / lambda_max|`` over the surface: near zero where the landscape
is convex, large where it has strong negative curvature. Here ``H v`` is a central finite
difference of exact (backpropagated) gradients, ``(g(theta + eps v) - g(theta - eps v)) / 2 eps``,
evaluated in eval mode (in the model's dtype: use a float64 model for accurate products).
The extremes come from power iteration (:func:`eigen_extremes`: first the eigenvalue of
largest magnitude, then the far end of the spectrum from ``H - lambda_1 I``) or, in far fewer
products, from Lanczos (:func:`lanczos_extremes`: both ends of the spectrum at once).
"""
import numpy as np


def _flat_grad(model, X, y, names):
    grads = model.gradients(X, y)
    return np.concatenate([np.asarray(grads[n], np.float64).ravel() for n in names])


def hessian_vector_product(model, X, y, v, names=None, eps=1e-4):
    """``H v`` of the batch loss for a flat vector ``v`` over the parameters ``names`` (default: all)."""
    names = list(model.parameters()) if names is None else names
    params = model.parameters()
    saved = {n: params[n].copy() for n in names}
    was_training = model.body.training
    model.eval()
    try:
        def shifted(sign):
            offset = 0
            for n in names:
                size = saved[n].size
                params[n][...] = saved[n] + sign * eps * v[offset:offset + size].reshape(saved[n].shape)
                offset += size
            return _flat_grad(model, X, y, names)
        return (shifted(1.0) - shifted(-1.0)) / (2.0 * eps)
    finally:
        for n in names:
            params[n][...] = saved[n]
        model.body.set_training(was_training)


def _power(matvec, size, rng, iterations, tol):
    v = rng.standard_normal(size)
    v /= np.linalg.norm(v)
    value = 0.0
    for _ in range(iterations):
        w = matvec(v)
        new = float(v @ w)
        norm = np.linalg.norm(w)
        if norm == 0:
            return 0.0
        v = w / norm
        if abs(new - value) <= tol * max(abs(new), 1e-12):
            return new
        value = new
    return value


def eigen_extremes(model, X, y, names=None, iterations=100, tol=1e-4, seed=0, eps=1e-4):
    """``(lambda_max, lambda_min)``: the largest and smallest Hessian eigenvalues of the loss."""
    names = list(model.parameters()) if names is None else names
    size = sum(model.parameters()[n].size for n in names)
    rng = np.random.default_rng(seed)
    hvp = lambda v: hessian_vector_product(model, X, y, v, names, eps)  # noqa: E731
    first = _power(hvp, size, rng, iterations, tol)
    other = _power(lambda v: hvp(v) - first * v, size, rng, iterations, tol) + first
    return max(first, other), min(first, other)


def lanczos(matvec, size, steps, rng):
    """Ritz values ``(steps,)`` of a symmetric operator, ascending, from ``steps`` Lanczos
    iterations with full reorthogonalization (Golub & Van Loan, "Matrix Computations", 4th ed.,
    algorithm 10.1.1 with section 10.3.1). The extreme Ritz values approach the extreme
    eigenvalues from inside the spectrum, the largest-magnitude ones fastest; with
    ``steps == size`` they are the eigenvalues (up to rounding).
    ``matvec``: flat ``(size,)`` -> ``(size,)``; ``rng``: a Generator for the start vector.
    """
    steps = max(1, min(int(steps), int(size)))
    basis = np.zeros((steps, size))
    alpha, beta = np.zeros(steps), np.zeros(steps)
    v = rng.standard_normal(size)
    basis[0] = v / np.linalg.norm(v)
    count = steps
    for j in range(steps):
        w = matvec(basis[j])
        alpha[j] = float(basis[j] @ w)
        for _ in range(2):  # twice is enough (Kahan-Parlett "twice is enough")
            w = w - basis[:j + 1].T @ (basis[:j + 1] @ w)
        if j + 1 == steps:
            break
        beta[j] = float(np.linalg.norm(w))
        if beta[j] <= 1e-12 * max(1.0, abs(alpha[j])):  # an invariant subspace: the Ritz values are exact
            count = j + 1
            break
        basis[j + 1] = w / beta[j]
    T = np.diag(alpha[:count]) + np.diag(beta[:count - 1], 1) + np.diag(beta[:count - 1], -1)
    return np.linalg.eigvalsh(T)


def lanczos_extremes(model, X, y, names=None, steps=20, seed=0, eps=1e-4):
    """``(lambda_max, lambda_min)`` of the loss Hessian from ``steps`` Lanczos iterations, one
    Hessian-vector product each (:func:`lanczos`); what Li et al. 2018 (section 6) map as
    ``|lambda_min / lambda_max|``."""
    names = list(model.parameters()) if names is None else names
    size = sum(model.parameters()[n].size for n in names)
    ritz = lanczos(lambda v: hessian_vector_product(model, X, y, v, names, eps), size, steps,
                   np.random.default_rng(seed))
    return float(ritz[-1]), float(ritz[0])
