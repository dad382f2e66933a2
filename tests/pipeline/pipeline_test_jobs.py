"""Job functions for the pipeline tests (importable by the worker processes, which inherit sys.path)."""
import os


def explode(spec, inputs, resources, workdir, progress):
    """Writes part of its output, reports progress, then fails."""
    path = os.path.join(workdir, "models", spec["id"], "model.npz")
    os.makedirs(os.path.dirname(path))
    with open(path, "wb") as f:
        f.write(b"half")
    progress(1, 2)
    raise RuntimeError("boom midway")


def echo(spec, inputs, resources, workdir, progress):
    """Writes one file that depends on its params and inputs."""
    rel = "echo/%s.txt" % spec["id"]
    os.makedirs(os.path.join(workdir, "echo"))
    with open(os.path.join(workdir, rel), "w") as f:
        f.write("%s %s\n" % (spec["params"], sorted(inputs)))
    return {"files": [rel], "metrics": {"n": len(inputs)}}
