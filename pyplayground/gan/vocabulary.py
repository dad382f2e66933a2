"""The GAN page's settings, defined once (plain data, no numpy): names, defaults and ranges.

The build writes them to ``site/js/generated/gan-vocabulary.js`` (sitebuild/vocabulary.py), from
which the page builds its menus and reads its URL; :mod:`pyplayground.gan.config` enforces them.
"""
DATASETS = ["line", "two-gaussians", "ring", "disjoint", "drawing"]
DATASET_LABELS = {"line": "A line", "two-gaussians": "Two Gaussians", "ring": "Ring of eight Gaussians",
                  "disjoint": "Disjoint clusters", "drawing": "Your drawing"}
LOSSES = ["minimax", "nonsaturating", "least-squares"]
LOSS_LABELS = {"minimax": "Minimax (log loss)", "nonsaturating": "Non-saturating", "least-squares": "Least squares"}
NOISES = ["uniform", "gaussian"]
OPTIMIZERS = ["sgd", "adam"]
ACTIVATIONS = ["relu", "tanh", "sigmoid"]

DEFAULTS = {
    "dataset": "ring", "seed": 0,
    "noise_dim": 2, "noise": "uniform",
    "g_layers": 2, "g_neurons": 16, "d_layers": 2, "d_neurons": 16, "activation": "relu",
    "optimizer": "adam", "g_lr": 0.01, "d_lr": 0.01, "loss": "nonsaturating",
    "d_steps": 2, "g_steps": 1, "batch_size": 150, "label_smoothing": 0.0,
    "snapshot_every": 50, "points": [],
}
ORDER = ["dataset", "seed", "noise_dim", "noise", "g_layers", "g_neurons", "d_layers", "d_neurons", "activation",
         "optimizer", "g_lr", "d_lr", "loss", "d_steps", "g_steps", "batch_size", "label_smoothing",
         "snapshot_every", "points"]
FLOATS = ["g_lr", "d_lr", "label_smoothing"]   # the numbers that need not be whole
# name -> [low, high]
RANGES = {"seed": [0, 2147483647], "noise_dim": [1, 2], "g_layers": [0, 4], "g_neurons": [1, 32],
          "d_layers": [0, 4], "d_neurons": [1, 32], "g_lr": [1e-6, 10.0], "d_lr": [1e-6, 10.0],
          "d_steps": [0, 10], "g_steps": [0, 10], "batch_size": [1, 1000], "label_smoothing": [0.0, 0.5],
          "snapshot_every": [1, 10000]}
CHOICES = {"dataset": DATASETS, "noise": NOISES, "optimizer": OPTIMIZERS, "loss": LOSSES, "activation": ACTIVATIONS}
MAX_POINTS = 2000
