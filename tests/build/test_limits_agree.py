"""The page's limits agree with the engine's (pyplayground.vocabulary.LIMITS), so the engine refuses
exactly what the page cannot produce. The page's modules take theirs from the generated vocabulary
(tests/build/test_generated_vocabulary.py, tests/browser/test_vocabulary_in_page.py); these are the checks still
written out in site/js."""
import os
import re

from pyplayground.config import LIMITS
from pyplayground.bridge import MAX_TRAIN_S
from sitebuild import paths

JS = os.path.join(paths.SITE, "js")


def read(name):
    with open(os.path.join(JS, name)) as f:
        return f.read()


def test_epochs_grids_and_timeouts_agree():
    playground = read("playground/playground.js")
    assert 'import {LIMITS} from "../generated/vocabulary.js"' in playground
    assert "n > LIMITS.epochs" in playground  # step(n)'s check
    assert "resolution > LIMITS.grid_resolution" in playground  # neuronGrids' check
    client = read("engine-client.js")
    timeout_ms = int(re.search(r"request: (\d+)", client).group(1))
    assert timeout_ms > 2 * MAX_TRAIN_S * 1000  # a train request always answers well before its timeout
