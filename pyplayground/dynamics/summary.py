"""What the Training views draw, from a recorder (:class:`Recorder` or :class:`LiveRecorder`):
per layer and metric the neurons' lines with a blue-noise and a random sample of the same size
and the outlying lines; k-means clusters of the neurons; the credit and links per snapshot.

Each (layer, metric)'s lines are divided by their overall standard deviation before sampling and
measuring; a sample keeps ``SAMPLE_SHARE`` of the lines (at least 2); the outliers are the top
``OUTLIER_SHARE`` (at least one) by nearest-neighbour distance (:mod:`.sampling`).
"""
import numpy as np

from .kmeans import kmeans
from .sampling import blue_noise_sample, min_pairwise_distance, outliers, random_sample

SAMPLE_SHARE = 0.25
OUTLIER_SHARE = 0.05
CLUSTERS = 4


def _r(values, digits=5):
    return [float("%.*g" % (digits, v)) for v in np.asarray(values, dtype=np.float64).ravel()]


def analyse(lines, seed):
    """Samples, outliers and what each sample kept for one (layer, metric): ``lines (units, T)``."""
    scale = float(np.std(lines)) or 1.0
    scaled = np.asarray(lines, dtype=np.float64) / scale
    k = max(2, int(round(SAMPLE_SHARE * len(lines))))
    blue = blue_noise_sample(scaled, k, seed=seed)
    rand = random_sample(len(lines), k, seed=seed)
    out = outliers(scaled, OUTLIER_SHARE)
    return {"blue_noise": blue, "random": rand, "outliers": out,
            "kept": {"blue_noise": len(set(out) & set(blue)), "random": len(set(out) & set(rand))},
            "min_distance": {"blue_noise": _distance(min_pairwise_distance(scaled, blue)),
                             "random": _distance(min_pairwise_distance(scaled, rand))}}


def _distance(value):
    return round(value, 5) if np.isfinite(value) else None   # None: fewer than two lines


def summarize(recorder, seed=0):
    """``{steps, metrics, layers, sample_share, outlier_share, outliers_kept, outliers, credit_range}``."""
    layers, kept, total, credits = [], {"blue_noise": 0, "random": 0}, 0, []
    last = len(recorder.layers) - 1
    for k, layer in enumerate(recorder.layers):
        entry = {"name": layer["name"], "kind": layer["kind"], "units": int(recorder.arrays(k, "act_mean").shape[0]),
                 "series": {}, "samples": {}, "layer_series": {}}
        for metric in recorder.metrics:
            lines = recorder.arrays(k, metric)
            entry["series"][metric] = [_r(line) for line in lines]
            entry["layer_series"][metric] = _r(lines.mean(axis=0))
            if metric != "dead":
                analysis = analyse(lines, seed + k)
                entry["samples"][metric] = analysis
                for name in kept:
                    kept[name] += analysis["kept"][name]
                total += len(analysis["outliers"])
        features = recorder.arrays(k, "act_mean")
        entry["clusters"] = kmeans(features / (np.std(features) or 1.0), CLUSTERS, seed=seed)[0].tolist()
        if k < last:
            entry["credit"] = [_r(c, 4) for c in recorder.credit[k]]
            entry["links"] = [_r(C, 4) for C in recorder.links[k]]
            entry["links_shape"] = list(np.shape(recorder.links[k][0]))
            credits += [v for c in recorder.credit[k] for v in c]
        layers.append(entry)
    return {"steps": list(recorder.steps), "metrics": list(recorder.metrics), "layers": layers,
            "sample_share": SAMPLE_SHARE, "outlier_share": OUTLIER_SHARE,
            "outliers_kept": {name: round(count / total, 4) if total else 0.0 for name, count in kept.items()},
            "outliers": total,
            "credit_range": [round(float(min(credits)), 4), round(float(max(credits)), 4)] if credits else [0.0, 0.0]}
