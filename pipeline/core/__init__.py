"""The pipeline's core, the same for every artifact family: what a job is and its content hash
(``jobs``), where jobs run (``executors``: local processes or a Dask cluster), scheduling and
atomic commits (``runner``), the artifacts manifest (``manifest`` + ``manifest.schema.json``)
and progress bars (``progress``). It knows no family: the families' packages beside it declare
their jobs with :class:`pipeline.core.jobs.Job`."""
