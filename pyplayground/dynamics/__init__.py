"""Training dynamics after DGMTracker (Liu et al. 2018): per-neuron metrics recorded during
training, blue-noise sampling of their time series, credit assignment between layers, k-means
clusters of a layer's neurons. Used by the pipeline's "dynamics" artifacts (the Training page)."""
from .credit import contributions, forward_credit
from .kmeans import kmeans
from .recorder import METRICS, Recorder
from .sampling import blue_noise_sample, min_pairwise_distance, outliers, random_sample
from .summary import analyse, summarize

__all__ = ["METRICS", "Recorder", "blue_noise_sample", "contributions", "forward_credit", "kmeans",
           "min_pairwise_distance", "outliers", "random_sample", "analyse", "summarize"]
