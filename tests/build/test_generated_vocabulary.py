"""pyplayground/vocabulary.py is the one definition: the generated JS and WGSL are up to date with it,
the WGSL constants equal it, and the page's HTML (index.html, not generated) offers exactly its names
and limits. (tests/browser/test_vocabulary_in_page.py reads the page's modules in the browser.)"""
import json
import os
import re
from html.parser import HTMLParser

import pytest

import build
from pyplayground import vocabulary
from sitebuild import paths
from sitebuild import vocabulary as generator


@pytest.fixture(scope="module")
def built():
    build.build()


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_the_generated_files_are_up_to_date(built):
    for path, text in generator.generate().items():
        assert read(path) == text, "%s is stale: run python3 build.py" % path
        assert "by sitebuild/vocabulary.py (python3 build.py): do not edit." in text.splitlines()[0]


def test_the_generator_reads_the_engines_module():
    assert generator.constants(generator.load()) == generator.constants(vocabulary)
    assert {"FEATURE_LABELS", "ACTIVATION_CODES", "REGULARIZATION_CODES", "DATASET_PROBLEMS", "LIMITS",
            "DOMAIN"} <= set(generator.constants(vocabulary))


def test_a_second_build_rewrites_nothing(built):
    assert generator.write_generated() == []


def wgsl_constants(text):
    return {name: int(value) for name, value in re.findall(r"^const (\w+): u32 = (\d+)u;", text, re.M)}


def test_the_wgsl_constants_are_the_vocabularys(built):
    consts = wgsl_constants(read(generator.WGSL))
    limits = vocabulary.LIMITS
    assert (consts["MAX_INPUT"], consts["MAX_HIDDEN_LAYERS"], consts["MAX_HIDDEN_UNITS"], consts["MAX_OUTPUT"],
            consts["MAX_BATCH"]) == (limits["inputs"], limits["hidden_layers"], limits["units"], limits["classes"],
                                     limits["batch_size"])
    assert {name: consts[name.upper()] for name in vocabulary.ACTIVATION_CODES} == vocabulary.ACTIVATION_CODES
    assert {name: consts["REG_" + name.upper()] for name in vocabulary.REGULARIZATION_CODES} == \
        vocabulary.REGULARIZATION_CODES


def test_the_hand_written_wgsl_defines_none_of_them(built):
    generated = set(wgsl_constants(read(generator.WGSL)))
    for name in ("mlp-common.wgsl", "mlp-forward.wgsl", "mlp-train.wgsl"):
        own = set(re.findall(r"^const (\w+)", read(os.path.join(paths.SITE, "js", "webgpu", name)), re.M))
        assert not own & generated, name


class Controls(HTMLParser):
    """index.html's radios (name -> values), selects (setting -> option values) and ranges (id -> attrs)."""

    def __init__(self):
        super().__init__()
        self.radios, self.selects, self.ranges, self.checkboxes = {}, {}, {}, []
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "radio":
            self.radios.setdefault(a["name"], []).append(a["value"])
        elif tag == "input" and a.get("type") == "range" and "data-setting" in a:   # a setting's slider
            self.ranges[a["data-setting"]] = (float(a["min"]), float(a["max"]))
        elif tag == "input" and a.get("type") == "checkbox":
            self.checkboxes.append(a.get("data-setting"))
        elif tag == "select":
            self._select = self.selects.setdefault(a.get("data-setting"), [])
        elif tag == "option" and self._select is not None:
            self._select.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


@pytest.fixture(scope="module")
def page_controls():
    controls = Controls()
    controls.feed(read(os.path.join(paths.SITE, "index.html")))
    return controls


def datasets_of(problem):
    return [name for name, p in vocabulary.DATASET_PROBLEMS.items() if p == problem]


def test_the_pages_dataset_radios_are_the_vocabularys(page_controls):
    assert page_controls.radios["dataset"] == datasets_of("classification") + [vocabulary.CUSTOM_DATASET]
    assert page_controls.radios["regDataset"] == datasets_of("regression")
    assert page_controls.selects["problem"] == list(vocabulary.PROBLEMS)


def test_the_pages_menus_are_the_vocabularys(page_controls):
    assert page_controls.selects["activation"] == list(vocabulary.ACTIVATION_CODES)
    assert page_controls.selects["regularization"] == list(vocabulary.REGULARIZATION_CODES)


def test_the_pages_sliders_end_at_the_limits(page_controls):
    assert page_controls.ranges["batchSize"] == (1, vocabulary.LIMITS["batch_size"])
    assert page_controls.ranges["noise"] == tuple(vocabulary.NOISE_PERCENT)
    assert page_controls.ranges["percTrainData"] == tuple(vocabulary.TRAIN_PERCENT)


def test_features_are_not_written_into_the_page(page_controls):
    # The network view draws one input node per feature from the generated vocabulary.
    assert not set(page_controls.checkboxes) & set(vocabulary.FEATURE_LABELS)


def test_the_workers_request_names_are_the_request_tables(built):
    # protocol.js's ENGINE_REQUESTS come from this generated file (tests/browser/test_vocabulary_in_page.py
    # reads them in the browser); the engine dispatches on the same table.
    from pyplayground import bridge
    text = read(generator.REQUESTS_JS)
    names = json.loads(re.search(r"PlaygroundEngineRequests = Object\.freeze\((\[.*\])\);", text).group(1))
    assert names == list(bridge.HANDLERS) == list(generator.load(generator.REQUESTS_SOURCE).REQUESTS)
