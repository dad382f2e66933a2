"""Two extra model jobs for the landscapes' batch-size comparison (Li et al. 2018, section 3).

The 8-16-channel small CNN (``architectures.cnn_small`` with ``channels=[8, 16]``) trained with SGD
(momentum 0.9, no weight decay, no augmentation, cosine schedule), as the paper compares batches of
128 and 8,192: here 16 (5 epochs, lr 0.02) and 1,024 (20 epochs, lr 0.2; the same number of epochs
would leave it 64 times fewer steps). Kind "model" (``zoo_jobs.train_model``), no trajectory. Their
own module, so a change to the landscape code does not retrain them.
"""
import json
import os
from collections import OrderedDict

from ..core.jobs import Job
from ..zoo import jobs as zoo_jobs

SGD = {"optimizer": "sgd", "momentum": 0.9, "weight_decay": 0.0, "schedule": "cosine", "shift": 0}
MODELS = OrderedDict([
    ("cnn-b16", ("Small CNN 8-16, SGD in batches of 16", dict(SGD, lr=0.02, batch_size=16, epochs=5))),
    ("cnn-b1024", ("Small CNN 8-16, SGD in batches of 1,024", dict(SGD, lr=0.2, batch_size=1024, epochs=20))),
])
QUICK_EPOCHS = {"cnn-b16": 2, "cnn-b1024": 4}


def batch_model_jobs(quick=False):
    out = []
    for model_id, (title, recipe) in MODELS.items():
        recipe = dict(recipe, epochs=QUICK_EPOCHS[model_id]) if quick else dict(recipe)
        params = {"architecture": "cnn-small", "options": {"channels": [8, 16]}, "training": recipe,
                  "seed": zoo_jobs.SEED, "quick": bool(quick), "train_size": zoo_jobs.QUICK_TRAIN if quick else None,
                  "trajectory": False, "title": title}
        out.append(Job(model_id, "model", title, "pipeline.landscapes.batch_models:train", params,
                       inputs=[zoo_jobs.SPLIT_JOB],
                       code=zoo_jobs.ENGINE_CODE + ["pipeline/landscapes/batch_models.py"], resources=["mnist"],
                       cost=recipe["epochs"] * 0.5))
    return out


def train(spec, inputs, resources, workdir, progress):
    """``zoo_jobs.train_model``, then the job's title written into the model's summary.json."""
    result = zoo_jobs.train_model(spec, inputs, resources, workdir, progress)
    path = os.path.join(workdir, result["files"][1])
    with open(path) as f:
        summary = json.load(f)
    summary["title"] = spec["params"]["title"]
    with open(path, "w") as f:
        f.write(json.dumps(summary, separators=(",", ":")) + "\n")
    return result
