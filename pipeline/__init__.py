"""Build-time artifact pipeline (not part of the browser's wheel): the jobs that train the
models and precompute what the pages load from site/artifacts.

Run it as ``python3 build.py artifacts`` (or ``python -m pipeline``); see docs/model-zoo.md.
Packages: ``core`` (jobs and their content hashes, local / Dask executors, the runner's atomic
commits, the manifest and its schema, progress), ``data`` (the MNIST digits and their split),
and one package per artifact family, each with a ``jobs`` module listing its jobs: ``zoo``
(the split and the model zoo, with the training loop), ``relevance``, ``landscapes``, ``units``
(and facets), ``dynamics``, ``clusters``. ``__main__`` strings the families together.
"""
