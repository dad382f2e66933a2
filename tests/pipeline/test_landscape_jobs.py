"""The landscape jobs (Li et al. 2018) end to end on the quick build: schema, the surface's centre
against the model's own loss, the files' contract, and grids split into parts, run locally and
on a Dask LocalCluster, against the same grid computed in one job.

The quick artifacts go where ``build.py artifacts --quick`` puts them (.build/artifacts-quick),
so jobs are skipped when nothing changed since the last run.
"""
import json
import os
import shutil

import numpy as np
import pytest

from pipeline_builds import quick_cli_build, read_bytes, run_jobs

from pipeline.__main__ import all_jobs
from pipeline.core import executors, manifest
from pipeline.landscapes import common as landscape_common
from pipeline.landscapes import jobs as landscape_jobs
from pipeline.zoo import jobs as zoo_jobs
from pyplayground import landscape, nn



@pytest.fixture(scope="module")
def quick(digits):
    return quick_cli_build("landscape")


def _landscapes(data):
    return [e for e in data["artifacts"] if e["kind"] == "landscape"]


def test_jobs_are_registered_and_every_input_is_a_job():
    jobs = all_jobs(quick=True)
    ids = [j.id for j in jobs]
    assert len(ids) == len(set(ids))
    mine = [j for j in jobs if j.id in {k.id for k in landscape_jobs.landscape_jobs(True)}]
    for job in mine:
        assert all(ids.index(i) < ids.index(job.id) for i in job.inputs), job.id  # inputs come first
    summaries = {j.params["model"] for j in mine if j.params.get("method") == "summary"}
    assert summaries == set(landscape_jobs.FAMILY)


def test_quick_landscapes_validate_and_are_all_there(quick):
    out, data, entries = quick
    manifest.validate(data)
    want = {j.id for j in landscape_jobs.landscape_jobs(quick=True)}
    assert want <= set(entries)
    for e in _landscapes(data):
        assert manifest.intact(out, e) and e["inputs"]
        assert all(f["path"].startswith("landscapes/") for f in e["files"])
    total = sum(f["bytes"] for e in _landscapes(data) for f in e["files"])
    assert total < 1e6, total


def test_every_summary_has_the_issues_metrics(quick):
    out, data, entries = quick
    for model_id in landscape_jobs.FAMILY:
        m = entries["landscape-%s" % model_id]["metrics"]
        assert set(m) >= {"model_loss", "loss_at_origin", "skip", "depth", "eig_ratio_mean", "roughness",
                          "pca_explained"}
        assert m["loss_at_origin"] == pytest.approx(m["model_loss"], rel=1e-5)
        assert m["skip"] == model_id.startswith("resnet-") and isinstance(m["depth"], int)
        assert 0 <= m["pca_explained"][1] <= m["pca_explained"][0] <= 1 and m["eig_ratio_mean"] >= 0
    blocks = {entries["landscape-%s" % i]["metrics"]["depth"] for i in ("resnet-1", "resnet-2", "resnet-4")}
    assert blocks == {5, 7, 11}  # three depths, each with and without skips


def test_the_centre_of_every_landscape_is_the_models_loss_on_the_documented_subset(quick, digits):
    out, data, entries = quick
    x_u8, y = digits
    test = np.asarray(json.loads(read_bytes(out, zoo_jobs.TEST_INDICES))["indices"])
    size = landscape_jobs.QUICK["subset"]
    idx = zoo_jobs.train_indices(len(y), test, size)
    x = (x_u8[idx].astype(np.float32) / np.float32(255)).reshape(-1, 1, 28, 28)
    for e in _landscapes(data):
        m = e["metrics"]
        if "loss_at_origin" not in m:
            continue
        model = nn.load(os.path.join(out, entries[e["model"]]["files"][0]["path"])).eval()
        assert m["model_loss"] == pytest.approx(float(model.loss(x, y[idx].astype(np.int64))), rel=1e-5), e["id"]
        assert m["loss_at_origin"] == pytest.approx(m["model_loss"], rel=1e-5), e["id"]


def test_grid_files_follow_their_contract(quick):
    out, data, entries = quick
    for e in _landscapes(data):
        method = e["parameters"].get("method")
        if method not in ("surface", "pca", "hessian") or "part" in e["parameters"]:
            continue
        meta = json.loads(read_bytes(out, e["files"][0]["path"]))
        assert e["files"][1]["path"] == meta["array"]
        values = landscape_common.read_npy(read_bytes(out, meta["array"]))
        assert values.dtype == np.dtype("<f4") and list(values.shape) == meta["shape"]
        assert values.shape == (len(meta["channels"]), len(meta["betas"]), len(meta["alphas"]))
        r, c = meta["origin"]
        assert meta["alphas"][c] == 0 and meta["betas"][r] == 0
        if method == "hessian":
            ratio, lmax, lmin = values
            np.testing.assert_allclose(ratio, landscape.eig_ratio(lmax, lmin), rtol=1e-6)
            assert e["metrics"]["eig_ratio_mean"] == pytest.approx(float(ratio.mean()), rel=1e-6)
            assert "finite differences" in meta["hessian"]["method"]
        else:
            assert values[0][r, c] == pytest.approx(e["metrics"]["loss_at_origin"])
            assert np.all((values[1] >= 0) & (values[1] <= 1)) and np.all(values[0] > 0)
            assert e["metrics"]["roughness"] == pytest.approx(landscape.roughness(values[0]))
            assert "eval mode" in meta["mode"]
        if method == "pca":
            assert meta["path"][-1] == [0.0, 0.0] and len(meta["path"]) == len(meta["epochs"])
            assert meta["explained"] == e["metrics"]["pca_explained"]


def test_the_hessian_centre_matches_lanczos_on_the_model_itself(quick, digits):
    out, data, entries = quick
    e = entries["landscape-cnn-small-hessian"]
    meta = json.loads(read_bytes(out, e["files"][0]["path"]))
    h = e["parameters"]["settings"]["hessian"]
    x_u8, y = digits
    test = np.asarray(json.loads(read_bytes(out, zoo_jobs.TEST_INDICES))["indices"])
    idx = zoo_jobs.train_indices(len(y), test, h["subset"])
    x = (x_u8[idx].astype(np.float32) / np.float32(255)).reshape(-1, 1, 28, 28)
    model = nn.load(os.path.join(out, entries["cnn-small"]["files"][0]["path"]))
    from pyplayground import layers
    model64 = nn.Sequential(layers.from_config(model.body.config()), dtype="float64", input_shape=model.input_shape)
    model64.set_state(model.state())
    lmax, lmin = landscape.lanczos_extremes(model64, x, y[idx].astype(np.int64), steps=h["steps"], seed=h["seed"],
                                            eps=h["eps"])
    assert e["metrics"]["lambda_max_at_origin"] == pytest.approx(lmax, rel=1e-4)
    assert e["metrics"]["lambda_min_at_origin"] == pytest.approx(lmin, rel=1e-3, abs=1e-3 * abs(lmax))
    assert meta["origin"] == [len(meta["betas"]) // 2, len(meta["alphas"]) // 2]


def test_curves_interpolation_and_normalization(quick):
    out, data, entries = quick
    curves = json.loads(read_bytes(out, entries["landscape-resnet-1-curves"]["files"][0]["path"]))
    centre = curves["alphas"].index(0.0)
    assert len(curves["curves"]) == landscape_jobs.QUICK["curves"]["count"]
    assert len({c["loss"][centre] for c in curves["curves"]}) == 1  # every direction starts at the model
    interp = json.loads(read_bytes(out, entries["landscape-batch-interpolation"]["files"][0]["path"]))
    assert interp["alphas"][0] == -0.5 and interp["alphas"][-1] == 1.5 and interp["models"] == ["cnn-b16", "cnn-b1024"]
    m = entries["landscape-batch-interpolation"]["metrics"]
    assert m["loss_at_origin"] == pytest.approx(m["model_loss"], rel=1e-6)
    assert m["loss_at_one"] == pytest.approx(m["model_b_loss"], rel=1e-6)
    norm = json.loads(read_bytes(out, entries["landscape-batch-normalization"]["files"][0]["path"]))
    assert norm["normalizations"] == ["filter", "layer", "none"] and len(norm["results"]) == 2
    for n in norm["normalizations"]:
        assert isinstance(entries["landscape-batch-normalization"]["metrics"]["sharpness_ratio_" + n], float)
    for model_id in ("cnn-b16", "cnn-b1024"):
        assert entries[model_id]["kind"] == "model" and entries[model_id]["metrics"]["test_accuracy"] > 0.5


def _seed(src, dst, ids):
    """Copy the entries ``ids`` and their files from artifacts folder ``src`` into ``dst``."""
    data = manifest.load(src)
    keep = manifest.empty()
    for e in data["artifacts"]:
        if e["id"] in ids:
            keep["artifacts"].append(e)
            for f in e["files"]:
                os.makedirs(os.path.dirname(os.path.join(dst, f["path"])), exist_ok=True)
                shutil.copyfile(os.path.join(src, f["path"]), os.path.join(dst, f["path"]))
    manifest.write(dst, keep)


TINY = dict(landscape_jobs.QUICK, subset=24, surface={"half": 2, "step": 0.5},
            hessian={"half": 1, "step": 1.0, "subset": 8, "steps": 3, "eps": 1e-4, "seed": 0})


def _tiny_jobs(parts):
    jobs = [j for j in zoo_jobs.zoo_jobs(quick=True) if j.id in ("mnist", "resnet-1")]
    for method in ("surface", "hessian"):
        jobs += landscape_jobs.grid_jobs("resnet-1", method, TINY, True, parts=parts)
    return jobs


def _grids(out):
    data = manifest.load(out)
    return {e["id"]: [read_bytes(out, f["path"]) for f in e["files"]] for e in _landscapes(data)
            if "part" not in e["parameters"]}


def test_split_grids_on_local_cores_and_on_dask_equal_one_job(quick, tmp_path):
    distributed = pytest.importorskip("distributed")
    out, _, _ = quick
    folders = {name: str(tmp_path / name) for name in ("whole", "parts", "dask")}
    for folder in folders.values():
        _seed(out, folder, {"mnist", "resnet-1"})

    def build(folder, jobs, executor):
        report = run_jobs(jobs, folder, executor)
        assert report.ok and set(report.skipped) == {"mnist", "resnet-1"}, report.failed
        return report

    build(folders["whole"], _tiny_jobs(1), executors.LocalExecutor(2))
    report = build(folders["parts"], _tiny_jobs(3), executors.LocalExecutor(2))
    assert sum("part" in i for i in report.ran) == 6  # 5x5 and 3x3 grids, three row blocks each
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            build(folders["dask"], _tiny_jobs(3), executors.DaskExecutor(client))
    whole, parts, dask = (_grids(folders[k]) for k in ("whole", "parts", "dask"))
    assert set(whole) == {"landscape-resnet-1-surface", "landscape-resnet-1-hessian"}
    for key in whole:
        # the .npy grids byte for byte; the JSON differs only in how the job was split (none of its numbers)
        assert whole[key][1] == parts[key][1] == dask[key][1], key
        assert json.loads(whole[key][0]) == json.loads(parts[key][0]) == json.loads(dask[key][0]), key
    assert manifest.by_id(manifest.load(folders["parts"]))["landscape-resnet-1-surface"]["metrics"] == \
        manifest.by_id(manifest.load(folders["dask"]))["landscape-resnet-1-surface"]["metrics"]
