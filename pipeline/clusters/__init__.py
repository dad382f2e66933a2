"""The Clusters page's family: neuron clusters after CNNVis (Liu et al. 2016). ``jobs``: the wide
CNN's model job and its "clusters" job; ``profiles``: a layer's neurons clustered by their
activation profiles over a class-balanced set of digits and ordered so similar neurons sit
together; ``bundling``: edges between consecutive layers bundled cluster to cluster.
Build-time only (the page loads the artifact)."""
