#!/usr/bin/env python3
"""Build, serve and test the pyplayground site.

    python3 build.py            build site/ (fetch the runtime with npm ci, vendor it, build the wheel)
    python3 build.py serve      build if needed, then serve site/ on http://127.0.0.1:8000/
    python3 build.py test       set up .venv and Chromium, build, run every test (pytest args may follow)
    python3 build.py bench      set up as for test, then print training speed in headless Chromium
    python3 build.py artifacts  set up .venv (build extra) and npm, then train the models into site/artifacts
                                ([--quick] [--only KIND] [--scheduler ADDRESS] [--out DIR] [--jobs N]; see pipeline/)

A second build with nothing changed takes well under a second; every step is skipped
when the hashes of its inputs match the last completed run (kept in .build/).
"""
import argparse
import os
import shutil
import subprocess
import sys

from sitebuild import (compress, dataset_previews, devenv, manifest, npm, precache, shell, stamps, vendor, vendor_js,
                       vocabulary, wheel)
from sitebuild.paths import ROOT, SITE


def build():
    with stamps.exclusive("build"):  # parallel test workers each check the build; one at a time
        _build()


def _build():
    lock_hash = npm.ensure_node_modules()
    runtime_files = vendor.vendor(lock_hash)
    libraries = vendor_js.vendor_libraries()
    vocabulary.write_generated()  # the page's and the kernels' copy of pyplayground/vocabulary.py
    dataset_previews.write_previews()  # the dataset pickers' thumbnails
    shell.build_shell()  # the navigation's table of pages; every page's CSP <meta> checked against the server's
    wheel_path = wheel.build_wheel()
    manifest.write_manifest(vendor.runtime_info(), runtime_files, wheel_path, wheel.package_version(), libraries)
    manifest.ensure_artifacts_manifest()
    compress.compress_site()  # gzip copies of the runtime for clients that accept them
    precache.write_precache()  # last: it lists (and hashes) every file of the built site
    shutil.copy2(os.path.join(ROOT, "sitebuild", "server.py"), os.path.join(SITE, "serve.py"))
    print("site: built in %s" % SITE)


def test_workers(pytest_args):
    """pytest-xdist's arguments for the suite: two workers per core (the browser tests wait on
    Chromium, timers and workers more than they compute: with one per core the cores were busy about
    a third of the time), PYPLAYGROUND_TEST_WORKERS=N for another count, 0 for none; each test file
    on one worker (``--dist loadfile``: a file's module fixtures, such as a quick build, are made
    once). None when the arguments choose for themselves."""
    if any(a == "-n" or a.startswith(("-n", "--numprocesses", "--dist")) or a == "no:xdist" for a in pytest_args):
        return []
    workers = os.environ.get("PYPLAYGROUND_TEST_WORKERS") or str(2 * (os.cpu_count() or 1))
    return [] if workers == "0" else ["-n", workers, "--dist", "loadfile"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("build", help="build site/ (the default)")
    serve = sub.add_parser("serve", help="build if needed and serve site/ on 127.0.0.1")
    from sitebuild import server
    server.add_arguments(serve)  # --port, --allow-host, --frame-ancestors
    serve.add_argument("--no-build", action="store_true", help="serve site/ as it is")
    sub.add_parser("test", help="set up, build and run all tests (other arguments go to pytest)")
    sub.add_parser("bench", help="set up, build and print training speed in headless Chromium (arguments go to "
                   "benchmarks/train_speed.py, e.g. --landscape off,random)")
    sub.add_parser("artifacts", add_help=False, help="set up, then build the precomputed artifacts (arguments go to "
                   "python -m pipeline; --help lists them)")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command not in ("test", "bench", "artifacts"):
        parser.error("unrecognized arguments: %s" % " ".join(extra))
    try:
        if args.command == "serve":
            if not args.no_build:
                build()
            return server.serve(SITE, args.port, args.allow_host, args.frame_ancestors)
        if args.command == "artifacts":
            python = devenv.ensure_venv("build,dask" if any(a.startswith("--scheduler") for a in extra) else "build")
            npm.ensure_node_modules()
            return subprocess.call([python, "-m", "pipeline"] + extra, cwd=ROOT)
        if args.command in ("test", "bench"):
            python = devenv.ensure_venv("test")
            devenv.ensure_chromium()
            build()
            if args.command == "test":
                cmd = [python, "-m", "pytest"] + test_workers(extra) + extra
            else:
                cmd = [python, os.path.join(ROOT, "benchmarks", "train_speed.py")] + extra
            return subprocess.call(cmd, cwd=ROOT)
        build()
        return 0
    except npm.BuildError as err:
        print("error: %s" % err, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; the site was left as it was before this step", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
