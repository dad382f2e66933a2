"""The model zoo's family: the MNIST split job (kind "dataset") and one training job per model
(kind "model"), in ``jobs``; the training loop that records what the Models page plots, and
evaluation, in ``training`` (build-time only: the browser loads the trained weights)."""
