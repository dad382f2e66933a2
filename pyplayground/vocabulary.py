"""The playground's vocabulary and limits: defined here once for the engine, the page and the kernels.

Plain data and the standard library only. The engine's registries (features, activations,
regularization, datasets) take their names and order from here and :mod:`playground.config` enforces the
limits; the build (``sitebuild/vocabulary.py``) loads this file by path, without numpy, and
generates ``site/js/generated/vocabulary.js`` (every constant below, frozen) and
``site/js/generated/vocabulary.wgsl`` (the kernels' limits and codes). The limits are the page's:
the engine accepts nothing the page cannot produce.
"""

# Input features: name (TF Playground's URL key, the engine's name) -> label on the input node,
# in TF Playground's order.
FEATURE_LABELS = {
    "x": "X₁", "y": "X₂", "xSquared": "X₁²", "ySquared": "X₂²", "xTimesY": "X₁X₂",
    "sinX": "sin(X₁)", "sinY": "sin(X₂)", "cosX": "cos(X₁)", "cosY": "cos(X₂)",
}

# Hidden-layer activations -> their code in the WGSL kernels.
ACTIVATION_CODES = {"relu": 0, "tanh": 1, "sigmoid": 2, "linear": 3}

# Weight penalties ("none": no penalty) -> their code in the WGSL training kernel.
REGULARIZATION_CODES = {"none": 0, "L1": 1, "L2": 2}

PROBLEMS = ("classification", "regression", "multiclass")

# Generated datasets -> their problem: TF Playground's, plus "gauss3" (ours).
DATASET_PROBLEMS = {
    "circle": "classification", "xor": "classification", "gauss": "classification", "spiral": "classification",
    "reg-plane": "regression", "reg-gauss": "regression",
    "gauss3": "multiclass",
}
CUSTOM_DATASET = "custom"  # hand-placed or uploaded points, a classification problem

# Points generated per problem (TF Playground's counts; 600 for multiclass).
SAMPLES = {"classification": 500, "regression": 1200, "multiclass": 600}

# The page's learning-rate and regularization-rate menus (TF Playground's).
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)
REGULARIZATION_RATES = (0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10)

# Sliders in percent (integers); the engine's noise and train_fraction are the value / 100.
NOISE_PERCENT = (0, 50)
TRAIN_PERCENT = (10, 90)

DOMAIN = (-6.0, 6.0)  # the input plane's square, x1 and x2 alike (TF Playground's xDomain)

LIMITS = {
    "inputs": len(FEATURE_LABELS),          # input nodes, one per feature
    "hidden_layers": 6,                     # hidden layers of the playground's network
    "units": 8,                             # neurons per hidden layer
    "classes": 3,                           # output units of a multiclass network
    "batch_size": 30,
    "custom_points": 5000,                  # hand-placed or uploaded points
    "n_samples": max(SAMPLES.values()),     # generated points
    "learning_rate": max(LEARNING_RATES),
    "regularization_rate": max(REGULARIZATION_RATES),
    "epochs": 100000,                       # epochs per train request
    "grid_resolution": 256,                 # cells per side of an output or neuron grid
}


# The playground's defaults (TF Playground's): the engine's Session config and the page's URL state
# start from these. Percentages as the sliders show them (the engine's noise and train_fraction are / 100).
PLAYGROUND_DEFAULTS = {
    "dataset": "circle",                    # the classification set shown first
    "regression_dataset": "reg-plane",      # the regression set shown first
    "problem": "classification",
    "features": ("x", "y"),
    "hidden": (4, 2),                       # neurons per hidden layer
    "activation": "tanh",
    "learning_rate": 0.03,
    "regularization": "none",
    "regularization_rate": 0,
    "batch_size": 10,
    "noise_percent": 0,
    "train_percent": 50,
}

# Cells per side of the grids the page asks for: the output heatmap, every neuron's heatmap,
# the live loss landscape.
GRID_RESOLUTIONS = {"output": 100, "neurons": 32, "landscape": 21}

# The live loss landscape (pyplayground.landscape.live): its planes and the cells per side it accepts.
LANDSCAPE_DIRECTIONS = ("random", "pca")
LANDSCAPE_RESOLUTIONS = (5, 101)

# Explanation methods (pyplayground.explain) by name, in the order the pages list them.
GRADIENT_METHODS = ("sensitivity", "deconvnet")
LRP_RULES = ("lrp-0", "lrp-epsilon", "lrp-alphabeta", "lrp-zplus")          # one rule for every layer
LRP_INPUT_RULES = ("lrp-zbox", "lrp-wsquare", "lrp-flat")                    # an input-layer rule, z+ above
LRP_COMPOSITES = ("composite-epsilon-plus", "composite-epsilon-plus-box", "composite-epsilon-alpha2-beta1",
                  "composite-epsilon-plus-flat")                              # a rule per layer kind (zennit's names)
RELEVANCE_METHODS = GRADIENT_METHODS + LRP_RULES + LRP_INPUT_RULES + LRP_COMPOSITES
# The LRP methods the playground's network diagram offers (its "relevance" menu, after "off").
PLAYGROUND_RELEVANCE_METHODS = ("lrp-epsilon", "lrp-0", "lrp-alphabeta", "lrp-zplus", "lrp-wsquare", "lrp-flat")

# What one worker request may ask of the engine (pyplayground.bridge enforces them; the page's
# request timeout, engine-client.js, is well above the training budget).
REQUEST_LIMITS = {
    "train_ms": 10000,                      # a train request's budget_ms, at most and by default (GAN's too)
    "request_bytes": 2 * 2 ** 20,           # a request's JSON text (5,000 custom points take about 0.2 MB)
    "backend_grids": 4,                     # grid resolutions per backend_data request
    "dynamics_snapshots": (2, 256),         # snapshots of a dynamics request
}
