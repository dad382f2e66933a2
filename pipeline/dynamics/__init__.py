"""The Training page's family (kind "dynamics"): a model retrained while per-neuron metrics are
recorded, and the summary the page draws (DGMTracker's views), in ``jobs``."""
