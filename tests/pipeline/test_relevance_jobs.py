"""The relevance jobs (Samek et al. 2017) on the quick build: schema, the metrics' shape, the
files' contract, gallery heatmaps against the engine, and the evaluation on a model whose
answer is known (it looks at one pixel).

The quick artifacts go where ``build.py artifacts --quick`` puts them (.build/artifacts-quick),
so jobs are skipped when nothing changed since the last run.
"""
import base64
import os

import numpy as np
import pytest

from pipeline_builds import quick_cli_build, read_json

from pipeline.__main__ import all_jobs
from pipeline.core import manifest
from pipeline.relevance import jobs as relevance_jobs
from pyplayground import explain, layers, nn

METHODS = list(explain.METHODS) + ["random"]


@pytest.fixture(scope="module")
def quick(digits):
    return quick_cli_build("relevance")


def test_jobs_are_registered_after_their_inputs():
    jobs = all_jobs(quick=True)
    ids = [j.id for j in jobs]
    mine = relevance_jobs.relevance_jobs(quick=True)
    assert [j.id for j in mine] == ["relevance-" + m for m in relevance_jobs.EXPLAINED]
    for job in mine:
        assert job.id in ids and job.kind == "relevance" and job.inputs == ["mnist", job.params["model"]]
        assert all(ids.index(i) < ids.index(job.id) for i in job.inputs)
        assert job.params["patch"] == 2 and job.params["steps"] == 32 and job.params["methods"] == list(explain.METHODS)
    full = {j.id: j for j in relevance_jobs.relevance_jobs(quick=False)}
    assert all(full[j.id].params["images"] > j.params["images"] for j in mine)


def test_quick_relevance_validates_and_its_metrics_map_every_method(quick):
    out, data, entries = quick
    manifest.validate(data)
    for model_id in relevance_jobs.EXPLAINED:
        e = entries["relevance-" + model_id]
        assert manifest.intact(out, e) and e["kind"] == "relevance" and e["model"] == model_id
        assert [f["path"] for f in e["files"]] == ["relevance/%s/%s" % (model_id, name)
                                                   for name in ("evaluation.json", "gallery.json", "heatmaps.bin")]
        m = e["metrics"]
        for key in ("aopc", "abpc", "aopc_ci95", "abpc_ci95", "aopc_erase", "abpc_erase", "heatmap_png_bytes"):
            assert sorted(m[key]) == sorted(METHODS), key
            assert all(isinstance(v, float) and np.isfinite(v) for v in m[key].values()), key
        assert all(-1 <= v <= 1 for v in list(m["aopc"].values()) + list(m["abpc"].values()))
        assert all(v >= 0 for v in m["aopc_ci95"].values()) and all(v > 0 for v in m["heatmap_png_bytes"].values())
        assert (m["images"], m["seeds"], m["patch"], m["steps"]) == (30, 2, 2, 32)


def test_evaluation_file_holds_the_table_and_curves(quick):
    out, data, entries = quick
    e = entries["relevance-cnn-small"]
    ev = read_json(out, e["files"][0]["path"])
    assert ev["methods"] == METHODS and set(ev["table"]) == set(ev["curves"]) == {"noise", "erase"}
    assert ev["table"]["noise"]["lrp-0"]["aopc"] == e["metrics"]["aopc"]["lrp-0"]
    assert ev["table"]["erase"]["sensitivity"]["abpc"] == e["metrics"]["abpc_erase"]["sensitivity"]
    assert len(ev["indices"]) == ev["images"] == 30 and ev["perturbations"]["noise"]["seeds"] == 2
    for pert, curves in ev["curves"].items():
        for method, c in curves.items():
            assert len(c["morf"]) == len(c["lerf"]) == 33
            assert c["morf"][0] == pytest.approx(c["lerf"][0])  # the same digits, unperturbed
            # AOPC is the mean drop of the MoRF curve (eq. 12): recomputed from the mean curve.
            morf = np.asarray(c["morf"])
            assert ev["table"][pert][method]["aopc"] == pytest.approx((morf[0] - morf).mean(), abs=1e-4)


def test_gallery_heatmaps_are_the_engines_quantized(quick, digits):
    out, data, entries = quick
    e = entries["relevance-cnn-small"]
    gallery = read_json(out, e["files"][1]["path"])
    with open(os.path.join(out, e["files"][2]["path"]), "rb") as f:
        maps = np.frombuffer(f.read(), dtype=np.int8)
    methods, n = gallery["methods"], len(gallery["digits"])
    assert methods == list(explain.METHODS) and n == 20
    assert [d["label"] for d in gallery["digits"]] == [k // 2 for k in range(20)]
    maps = maps.reshape(n, 2, len(methods), 784)
    pixels = np.frombuffer(base64.b64decode(gallery["pixels_u8_b64"]), dtype=np.uint8).reshape(n, 784)
    x, _ = digits
    assert np.array_equal(pixels, x[[d["index"] for d in gallery["digits"]]])
    model = nn.load(os.path.join(out, "models", "cnn-small", "model.npz"))
    for i in (0, 13):
        d = gallery["digits"][i]
        X = (pixels[i] / 255.0).reshape(1, 1, 28, 28)
        logits = model.eval().forward(X)[0]
        assert d["targets"][0] == d["predicted"] == int(np.argmax(logits))
        assert d["targets"][1] == int(np.argsort(-logits)[1])
        for slot in (0, 1):
            for k, method in enumerate(methods):
                R = explain.relevance(model, X, method, target=d["targets"][slot]).ravel()
                peak = np.abs(R).max()
                assert gallery["scales"][i][slot][k] == pytest.approx(peak, rel=1e-3)
                np.testing.assert_allclose(maps[i, slot, k] / 127.0, R / peak, atol=0.5 / 127 + 1e-9)


def one_pixel_model():
    """Class 1's logit is 8 * (pixel (14, 14) - 0.5); the others 0: only that pixel matters."""
    model = nn.Sequential([layers.Flatten(), layers.Dense(784, 3)], input_shape=(1, 28, 28))
    w, b = np.zeros((784, 3)), np.zeros(3)
    w[14 * 28 + 14, 1], b[1] = 8.0, -4.0
    model.set_state({"1.weight": w, "1.bias": b})
    return model


def test_the_evaluation_finds_the_pixel_the_model_uses():
    X = np.zeros((4, 1, 28, 28))
    X[:, 0, 13:16, 13:16] = 1.0   # the pixel is inked: class 1 wins
    explainer = explain.Explainer(one_pixel_model())
    target = explainer.logits(X).argmax(axis=1)
    assert target.tolist() == [1] * 4
    table, curves, png = relevance_jobs.evaluate(explainer, X, target, ["lrp-0", "lrp-epsilon"], 2, 32, 2)
    for pert in ("noise", "erase"):
        # MoRF perturbs the pixel's region first: the score falls at step 1 and stays down.
        morf = np.asarray(curves[pert]["lrp-0"]["morf"])
        assert morf[1] < morf[0] - 0.3 and np.allclose(morf[1:], morf[1], atol=0.3)
        assert table[pert]["lrp-0"]["aopc"] > table[pert]["random"]["aopc"] + 0.2
        assert table[pert]["lrp-0"]["abpc"] > 0.2
    # Erasing takes the ink away for good: the class score drops to softmax(-4, 0, 0)[1] at once.
    assert curves["erase"]["lrp-0"]["morf"][1] == pytest.approx(np.exp(-4) / (np.exp(-4) + 2), abs=1e-4)
    assert png["lrp-0"] < png["random"]  # one red square compresses better than noise
