"""Build-time artifact pipeline (not part of the browser's wheel): MNIST conversion and split,
jobs with content hashes, a local-process or Dask runner, and the artifacts manifest.

Run it as ``python3 build.py artifacts`` (or ``python -m pipeline``); see docs/model-zoo.md.
Modules: ``mnist`` (data), ``jobs`` (job, hash, worker side), ``executors`` (local / Dask),
``runner`` (scheduling and atomic commits), ``manifest`` (+ ``manifest.schema.json``),
``progress`` (tqdm), ``zoo_jobs`` (the dataset and model jobs).
"""
