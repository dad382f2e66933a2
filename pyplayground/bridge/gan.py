"""The worker's GAN-page requests (:mod:`pyplayground.gan`), called through
:func:`pyplayground.bridge.handle`. The worker keeps one GAN at a time.

Every reply carries the GAN's position and, with ``views``, what the page draws:
fields ``epoch``, ``d_loss``, ``g_loss``, ``kl``, ``js``, ``modes_covered``, ``modes``,
``snapshots`` (the epochs of the timeline's snapshots), ``history_from`` (the index of the first
history row sent); arrays ``history`` (rows of ``HISTORY_COLUMNS``, NaN for "none yet", from
the payload's ``since``; the GAN measures every 10 epochs) and, on request ``views: {grid?, samples?, manifold?, gradients?}``:
``d_grid`` (``grid``^2 scores of D, row = y), ``real`` and ``fake`` (``samples`` points each,
x,y pairs; fixed real points, G applied to fixed noise), ``manifold`` (G of the noise grid,
polylines, field ``manifold_shape`` ``[lines, points]``), ``gradients`` (``-dLoss_G/dx`` at each
fake point). Points are on the unit square.

- ``gan_configure {config, views?}``: a new GAN (a partial config over the defaults); its reply
  adds field ``config`` (complete, checked).
- ``gan_train {epochs, mode?: "both"|"d"|"g", budget_ms?, since?, views?}``: up to ``epochs``
  epochs, stopping once ``budget_ms`` (default and at most ``checks.MAX_TRAIN_S``) has passed. A run that
  diverges raises (the GAN is back where the request found it).
- ``gan_view {snapshot?, since?, views?}``: the views at a timeline snapshot (index), or now.
- ``gan_restore {snapshot, since?, views?}``: training rewound to that snapshot.
"""
import time

import numpy as np

from .. import gan as _gan
from . import checks

MAX_EPOCHS = 100000
MAX_GRID = 100
MAX_SAMPLES = 2000
HISTORY_COLUMNS = ("epoch", "d_loss", "g_loss", "kl", "js", "modes_covered", "modes")

_state = {"gan": None}


def _require():
    if _state["gan"] is None:
        raise ValueError("no GAN yet: send gan_configure first")
    return _state["gan"]


def _views(payload):
    """The payload's ``views``, checked (before any work is done)."""
    views = payload.get("views") or {}
    if not isinstance(views, dict):
        raise ValueError("views must be an object")
    views = dict(views)
    if views.get("grid"):
        views["grid"] = checks.whole_number(views, "grid", 40, 2, MAX_GRID)
    if views.get("samples"):
        views["samples"] = checks.whole_number(views, "samples", 300, 1, MAX_SAMPLES)
    return views


def _reply(gan, payload, shown=None):
    """Fields and arrays for ``shown`` (a GAN whose networks are drawn; default ``gan``)."""
    shown = gan if shown is None else shown
    fields = {"epoch": shown.epoch, "d_loss": shown.d_loss, "g_loss": shown.g_loss,
              "snapshots": [s["epoch"] for s in gan.snapshots]}
    last = gan.history[-1]
    measured = last if shown is gan and last["epoch"] == gan.epoch else shown.measure()   # measured already
    fields.update((k, measured[k]) for k in ("kl", "js", "modes_covered", "modes"))
    since = checks.whole_number(payload, "since", 0, 0, 10 ** 9)
    rows = gan.history[since:]
    arrays = {"history": np.array([[np.nan if r[k] is None else r[k] for k in HISTORY_COLUMNS] for r in rows],
                                  dtype=np.float64).reshape(-1)}
    fields["history_from"] = min(since, len(gan.history))
    views = _views(payload)
    if views.get("grid"):
        arrays["d_grid"] = shown.discriminator_grid(views["grid"])
    if views.get("samples"):
        n = min(views["samples"], len(gan.eval_real))
        fake = shown.generate(gan.eval_noise[:n])
        arrays["real"], arrays["fake"] = gan.eval_real[:n].reshape(-1), fake.reshape(-1)
        if views.get("gradients"):
            arrays["gradients"] = shown.generator_gradients(fake).reshape(-1)
    if views.get("manifold"):
        lines = shown.manifold()
        arrays["manifold"] = lines.reshape(-1)
        fields["manifold_shape"] = [int(lines.shape[0]), int(lines.shape[1])]
    return fields, arrays


def configure(payload):
    config = payload.get("config", {})
    if not isinstance(config, dict):
        raise ValueError("config must be an object")
    gan = _gan.GAN(config)
    _state["gan"] = gan
    fields, arrays = _reply(gan, payload)
    fields["config"] = dict(gan.config)
    return fields, arrays


def train(payload):
    gan = _require()
    epochs = checks.whole_number(payload, "epochs", 1, 1, MAX_EPOCHS)
    mode = payload.get("mode", "both")
    budget = payload.get("budget_ms", checks.MAX_TRAIN_S * 1000)
    if isinstance(budget, bool) or not isinstance(budget, (int, float)) or not budget > 0:
        raise ValueError("budget_ms must be a positive number, got %r" % (budget,))
    _views(payload)
    start = gan.epoch
    gan.train(epochs, mode=mode, until=time.perf_counter() + min(float(budget) / 1000.0, checks.MAX_TRAIN_S))
    done = gan.epoch - start
    fields, arrays = _reply(gan, payload)
    fields["trained"] = done
    return fields, arrays


def _snapshot_index(gan, payload):
    return checks.whole_number(payload, "snapshot", 0, 0, max(len(gan.snapshots) - 1, 0))


def view(payload):
    gan = _require()
    _views(payload)
    if payload.get("snapshot") is None:
        return _reply(gan, payload)
    if not gan.snapshots:
        raise ValueError("no snapshots yet")
    return _reply(gan, payload, gan.at_snapshot(_snapshot_index(gan, payload)))


def restore(payload):
    gan = _require()
    _views(payload)
    if not gan.snapshots:
        raise ValueError("no snapshots yet")
    gan.restore(_snapshot_index(gan, payload))
    return _reply(gan, payload)

