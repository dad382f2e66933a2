"""Cases shared by the two WGSL kernel suites (wgpu-py on lavapipe, and Chromium on SwiftShader)."""
import numpy as np


def batches(n_samples, batch_size, n_steps, seed):
    """``(indices, offsets)`` for n_steps SGD steps: epochs of a fresh permutation cut into
    batches of batch_size, the last batch of each epoch shorter when it does not divide."""
    rng = np.random.default_rng(seed)
    indices, offsets = [], [0]
    while len(offsets) <= n_steps:
        order = rng.permutation(n_samples)
        for start in range(0, n_samples, batch_size):
            if len(offsets) > n_steps:
                break
            batch = order[start:start + batch_size]
            indices.extend(batch.tolist())
            offsets.append(offsets[-1] + len(batch))
    return np.array(indices, np.uint32), np.array(offsets, np.uint32)
