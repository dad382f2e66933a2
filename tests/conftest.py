"""Make the repository root importable (pyplayground, sitebuild) without installing."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

# The longest files start first, so that under pytest-xdist (``--dist loadfile``, build.py test) the
# other workers run the short ones beside them instead of one worker finishing them alone at the end.
LONGEST_FIRST = ("tests/pipeline/", "tests/browser/test_engine_in_pyodide.py", "tests/browser/test_offline_cache.py",
                 "tests/browser/test_repeat_start.py")


def pytest_collection_modifyitems(session, config, items):
    def first(item):
        path = os.path.relpath(str(item.fspath), ROOT).replace(os.sep, "/")
        return 0 if path.startswith(LONGEST_FIRST) else 1
    items.sort(key=first)  # stable: the order within each group is kept
