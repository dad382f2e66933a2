"""The weights a training run has visited, kept small enough to project live (Li et al. 2018, section 7).

The playground records one point per epoch; a long run would keep millions. The path keeps at
most ``limit`` points by thinning: once full it drops every other point and from then on keeps
only every second (fourth, ...) recorded one, so the points stay evenly spread over the run and
the first point (the initial weights) is never lost.
"""
import numpy as np

DEFAULT_LIMIT = 256


class WeightPath:
    """Flat parameter vectors in the order they were recorded, evenly thinned to at most ``limit``."""

    def __init__(self, limit=DEFAULT_LIMIT):
        if limit < 4:
            raise ValueError("a weight path keeps at least 4 points, got limit %r" % (limit,))
        self.limit = int(limit)
        self.clear()

    def clear(self):
        self.points = []   # flat float64 vectors
        self.epochs = []   # the epoch of each point
        self._stride = 1   # keep every stride-th recorded point
        self._seen = 0

    def add(self, vector, epoch):
        """Record the parameters (one flat vector) at ``epoch``; a vector of another size starts a new path."""
        vector = np.array(vector, dtype=np.float64).ravel()
        if self.points and self.points[0].size != vector.size:
            self.clear()
        if self._seen % self._stride == 0:
            self.points.append(vector)
            self.epochs.append(int(epoch))
            if len(self.points) > self.limit:
                self.points, self.epochs = self.points[::2], self.epochs[::2]
                self._stride *= 2
        self._seen += 1

    def __len__(self):
        return len(self.points)
