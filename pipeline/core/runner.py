"""Run a list of jobs into an artifacts folder: skip what is up to date, run the rest in
parallel as their inputs become ready, commit each finished job atomically.

Commit protocol (so a failed or interrupted run never leaves a manifest entry pointing at
missing or different files): the job's old entry is removed from manifest.json first; its
files are written under ``<out>/.staging/`` and moved into place one ``os.replace`` each;
only then is the new entry written. A job that fails or is interrupted before its commit
changes nothing in ``<out>``; a stale ``.staging`` is removed by the next run.
"""
import os
import shutil
import time
import traceback

from . import jobs as _jobs
from . import manifest
from .progress import Display

STAGING = ".staging"


class Report:
    """What a run did: job ids that ran, were skipped (up to date), failed (id -> error), were blocked."""

    def __init__(self):
        self.ran, self.skipped, self.blocked, self.failed = [], [], [], {}
        self.seconds = 0.0

    @property
    def ok(self):
        return not self.failed and not self.blocked


def _closure(selected, by_id):
    """``selected`` jobs plus every job they need, in the order of ``by_id`` (a dict)."""
    need, stack = set(), [j.id for j in selected]
    while stack:
        job_id = stack.pop()
        if job_id in need:
            continue
        if job_id not in by_id:
            raise ValueError("unknown input job %r" % job_id)
        need.add(job_id)
        stack += by_id[job_id].inputs
    return [j for j in by_id.values() if j.id in need]


def _read_inputs(out_dir, job, entries):
    return {i: {"entry": entries[i], "files": {f["path"]: _read(os.path.join(out_dir, f["path"]))
                                                for f in entries[i]["files"]}} for i in job.inputs}


def _read(path):
    with open(path, "rb") as f:
        return f.read()


def commit(out_dir, data, job, job_hash, result, command, version, order):
    """Move a finished job's files into ``out_dir`` and record its entry (module docstring)."""
    others = {f["path"]: e["id"] for e in data["artifacts"] if e["id"] != job.id for f in e["files"]}
    for rel, _ in result["files"]:
        if rel in others:
            raise ValueError("job %s writes %s, which belongs to %s" % (job.id, rel, others[rel]))
    old = manifest.by_id(data).get(job.id)
    if manifest.remove(data, job.id):
        manifest.write(out_dir, data)
    staging = os.path.join(out_dir, STAGING, job.id)
    shutil.rmtree(staging, ignore_errors=True)
    for rel, payload in result["files"]:
        path = os.path.join(staging, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(payload)
    for rel, _ in result["files"]:
        final = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(final), exist_ok=True)
        os.replace(os.path.join(staging, rel), final)
    shutil.rmtree(os.path.join(out_dir, STAGING), ignore_errors=True)
    new_paths = {rel for rel, _ in result["files"]}
    for f in (old or {}).get("files", []):   # files the job no longer makes
        if f["path"] not in new_paths and os.path.isfile(os.path.join(out_dir, f["path"])):
            os.remove(os.path.join(out_dir, f["path"]))
    entry = {"id": job.id, "kind": job.kind, "title": job.title, "model": None, "dataset": "", "seed": None,
             "parameters": job.params, "command": command, "version": version, "inputs": list(job.inputs),
             "job_hash": job_hash}
    entry.update({k: v for k, v in result.items() if k not in ("files", "duration_s")})
    entry["files"] = [manifest.file_entry(rel, payload) for rel, payload in result["files"]]
    entry["duration_s"] = result["duration_s"]
    manifest.put(data, entry, order)
    manifest.write(out_dir, data)
    return entry


def _summary(entry):
    size = sum(f["bytes"] for f in entry["files"])
    metrics = entry.get("metrics", {})
    shown = ", ".join("%s %s" % (k, metrics[k]) for k in ("test_accuracy", "test_loss") if k in metrics)
    return "%s %s: done in %.1f s, %d file%s, %.0f KB%s" % (
        entry["kind"], entry["id"], entry["duration_s"], len(entry["files"]), "" if len(entry["files"]) == 1 else "s",
        size / 1024.0, (" (" + shown + ")") if shown else "")


def run(job_list, out_dir, executor, resources, command, version, only=None, force=False, quiet=False):
    """Build ``job_list`` (or the jobs of kind ``only`` and what they need) into ``out_dir``.

    ``resources``: ``{name: loader}``, each ``loader()`` -> ``(value, content hash)``, called
    once when a job first needs it. Returns a :class:`Report`; failures are reported, not raised
    (Ctrl-C is: running jobs are cancelled, nothing half-done is committed).
    """
    start = time.monotonic()
    by_id = {}
    for job in job_list:
        if job.id in by_id:
            raise ValueError("duplicate job id %r" % job.id)
        by_id[job.id] = job
    selected = [j for j in job_list if only is None or j.kind == only]
    if only is not None and not selected:
        raise ValueError("no jobs of kind %r; kinds: %s" % (only, ", ".join(sorted({j.kind for j in job_list}))))
    pending = _closure(selected, by_id)
    order = [j.id for j in job_list]
    os.makedirs(out_dir, exist_ok=True)
    shutil.rmtree(os.path.join(out_dir, STAGING), ignore_errors=True)
    data = manifest.load(out_dir)
    broken = [e["id"] for e in data["artifacts"] if not manifest.intact(out_dir, e)]
    for job_id in broken:
        manifest.remove(data, job_id)
    if broken:
        manifest.write(out_dir, data)
    report, status, running = Report(), {}, {}
    loaded, shared = {}, {}
    display = Display(len(pending), quiet=quiet)
    log = display.line
    if broken:
        log("artifacts: dropped entries whose files were missing or changed: %s" % ", ".join(broken))
    try:
        while pending or running:
            ready = []
            for job in list(pending):
                states = [status.get(i) for i in job.inputs]
                if any(s in ("failed", "blocked") for s in states):
                    pending.remove(job)
                    status[job.id] = "blocked"
                    report.blocked.append(job.id)
                    display.job_finished(job.id)
                    log("%s %s: not run, an input failed" % (job.kind, job.id))
                elif all(s in ("done", "skipped") for s in states):
                    pending.remove(job)
                    ready.append(job)
            if pending and not ready and not running:
                raise ValueError("jobs wait on each other in a cycle: %s" % ", ".join(j.id for j in pending))
            for job in sorted(ready, key=lambda j: -j.cost):  # longest first: shorter critical path
                for name in job.resources:
                    if name not in loaded:
                        loaded[name] = resources[name]()
                        shared[name] = executor.share({name: loaded[name][0]})[name]
                entries = manifest.by_id(data)
                h = _jobs.job_hash(job, entries, {n: loaded[n][1] for n in job.resources})
                if not force and entries.get(job.id, {}).get("job_hash") == h:
                    status[job.id] = "skipped"
                    report.skipped.append(job.id)
                    display.job_finished(job.id)
                    log("%s %s: up to date" % (job.kind, job.id))
                    continue
                future = executor.submit(_jobs.execute, job.spec(), _read_inputs(out_dir, job, entries),
                                         {n: shared[n] for n in job.resources}, executor.channel())
                running[future] = (job, h)
                status[job.id] = "running"
            for job_id, done, total in executor.messages():
                display.job_progress(job_id, done, total)
            for future in [f for f in running if f.done()]:
                job, h = running.pop(future)
                display.job_finished(job.id)
                try:
                    entry = commit(out_dir, data, job, h, future.result(), command, version, order)
                except Exception as err:  # a job's own error: report it, go on with the others
                    status[job.id] = "failed"
                    report.failed[job.id] = "".join(traceback.format_exception(type(err), err, err.__traceback__))
                    log("%s %s: FAILED: %s: %s" % (job.kind, job.id, type(err).__name__, err))
                else:
                    status[job.id] = "done"
                    report.ran.append(job.id)
                    log(_summary(entry))
    except BaseException:  # Ctrl-C: stop waiting; the caller closes the executor with cancel=True
        executor.cancel(list(running))
        raise
    finally:
        display.close()
    report.seconds = time.monotonic() - start
    return report
