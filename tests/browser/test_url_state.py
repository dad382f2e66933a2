"""URL state: TF Playground lesson links open the same lesson; bad hashes never break the page."""
import random

import pytest

from helpers import hash_params, notices, state

pytestmark = pytest.mark.browser

# A link as TF Playground itself writes it (every key, its own spellings).
TF_DEFAULT = ("activation=tanh&batchSize=10&dataset=circle&regDataset=reg-plane&learningRate=0.03&"
              "regularizationRate=0&noise=0&networkShape=4,2&seed=0.54356&showTestData=false&discretize=false&"
              "percTrainData=50&x=true&y=true&xTimesY=false&xSquared=false&ySquared=false&cosX=false&sinX=false&"
              "cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false")

# A lesson in the style of the ML crash course exercises: no hidden layer, controls hidden.
TF_LESSON = ("activation=linear&batchSize=1&dataset=gauss&regDataset=reg-plane&learningRate=0.003&"
             "regularizationRate=0&noise=35&networkShape=&seed=0.59651&showTestData=true&discretize=true&"
             "percTrainData=70&x=true&y=false&xTimesY=true&xSquared=false&ySquared=false&cosX=false&sinX=true&"
             "cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=true&"
             "activation_hide=true&problem_hide=true&noise_hide=true&regularization_hide=true&dataset_hide=true&"
             "batchSize_hide=true&learningRate_hide=true&regularizationRate_hide=true&percTrainData_hide=true&"
             "numHiddenLayers_hide=true")

REGRESSION = "problem=regression&regDataset=reg-gauss&networkShape=8,8,5&activation=relu&regularization=L2&regularizationRate=0.01"


@pytest.mark.parametrize("link", [TF_DEFAULT, TF_LESSON, REGRESSION], ids=["tf-default", "tf-lesson", "regression"])
def test_a_tf_playground_link_round_trips(page, site_url, link):
    page.goto(site_url + "#" + link)
    page.evaluate("window.playground.ready")
    assert notices(page) == ""
    written = hash_params(page.url)
    for key, value in hash_params("#" + link).items():
        assert written[key] == value, key  # literally, so TF Playground can read our links too


def test_a_lesson_link_applies_its_settings_and_hides_its_controls(page, site_url):
    page.goto(site_url + "#" + TF_LESSON)
    page.evaluate("window.playground.ready")
    c = state(page)["config"]
    assert c["networkShape"] == [] and c["activation"] == "linear" and c["batchSize"] == 1
    assert c["noise"] == 35 and c["percTrainData"] == 70 and c["seed"] == "0.59651"
    assert [c[f] for f in ("x", "y", "xTimesY", "sinX")] == [True, False, True, True]
    assert page.locator("#network .neuron:not(.disabled)[data-layer='0']").count() == 3
    for hidden in ("[data-setting=learningRate]", "[data-setting=activation]", "[data-setting=noise]",
                   "input[value=gauss]", "#add-layer", "[data-setting=batchSize]"):
        assert page.locator(hidden).is_hidden(), hidden
    assert page.locator("#play-pause").is_visible()
    assert page.locator(".about").is_hidden()  # hideText
    assert page.evaluate("window.playground.step(5)")["epoch"] == 5


def test_out_of_range_and_unknown_values_are_reported_not_applied(page, site_url):
    page.goto(site_url + "#noise=80&batchSize=0&learningRate=abc&activation=swish&networkShape=4,9&"
              "dataset=moons&problem=ranking&x=false&y=false&frobnicate=1&seed=a%20b")
    page.evaluate("window.playground.ready")
    c = state(page)["config"]
    assert c["noise"] == 0 and c["batchSize"] == 10 and c["learningRate"] == 0.03 and c["activation"] == "tanh"
    assert c["networkShape"] == [4, 2] and c["dataset"] == "circle" and c["x"] and c["y"]
    text = notices(page)
    for key in ("noise", "batchSize", "learningRate", "activation", "networkShape", "dataset", "problem",
                "frobnicate", "seed", "input feature"):
        assert key in text, key


def fuzz_hashes(seed, count):
    rng = random.Random(seed)
    keys = ["activation", "batchSize", "dataset", "regDataset", "learningRate", "regularization",
            "regularizationRate", "noise", "networkShape", "seed", "showTestData", "discretize", "percTrainData",
            "x", "y", "xTimesY", "problem", "initZero", "hideText", "palette", "noise_hide", "zzz", "", "=", "&&"]
    values = ["", "0", "-1", "1e309", "NaN", "true", "false", "relu", "L1", "spiral", "reg-gauss", "4,2",
              "8,8,8,8,8,8,8", "1,,2", "%", "%E0%A4%A", "%00", "\u2603", "0.1", "30", "31", "a" * 300, "<script>",
              "classification", "regression", "multiclass", "custom", "[1]", "{}", "null"]
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 6)):
            key, value = rng.choice(keys), rng.choice(values)
            parts.append(rng.choice([key + "=" + value, key, value, key + "==" + value]))
        yield rng.choice(["#", "#&", "##"]) + "&".join(parts)


# Set the hash and resolve once the page has handled it: its own hashchange listener was added
# first, so it has run when ours runs; an unchanged hash fires no event and is resolved at once.
SET_HASH = """(h) => new Promise((resolve) => {
    const before = location.hash;
    addEventListener("hashchange", () => resolve(), {once: true});
    location.hash = h;
    if (location.hash === before) resolve();
})"""


def test_fuzzed_hashes_never_break_the_page(ready_page, page_errors):
    page = ready_page
    for k, fragment in enumerate(fuzz_hashes(seed=1234, count=40)):
        page.evaluate(SET_HASH, fragment)
        # Still alive and consistent: the state is valid and training works.
        s = page.evaluate("window.playground.ready.then(() => window.playground.state())")
        c = s["config"]
        assert c["activation"] in ("relu", "tanh", "sigmoid", "linear"), fragment
        assert 1 <= c["batchSize"] <= 30 and 0 <= c["noise"] <= 50, fragment
        assert all(1 <= n <= 8 for n in c["networkShape"]) and len(c["networkShape"]) <= 6, fragment
        assert any(c[f] for f in ("x", "y", "xSquared", "ySquared", "xTimesY", "sinX", "sinY", "cosX", "cosY"))
        if k % 10 == 9:
            before = page.evaluate("window.playground.pause()")["epoch"]  # after any queued hash change
            assert page.evaluate("window.playground.step(1)")["epoch"] == before + 1
    assert not page_errors.unexpected()
