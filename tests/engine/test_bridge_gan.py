"""The worker bridge's GAN requests: configure, train in a time budget, views, the timeline,
and clear errors for bad payloads; the views equal the engine called directly.

Also runs inside the browser's Pyodide (Python 3.8, numpy 1.17.5) with the other engine tests.
"""

import numpy as np
import pytest

from pyplayground.gan import GAN
from bridge_calls import call

VIEWS = {"grid": 16, "samples": 40, "manifold": True, "gradients": True}


def test_configure_train_and_views_match_the_engine():
    fields, reply = call("gan_configure", config={"seed": 11, "snapshot_every": 10}, views=VIEWS)
    assert fields["epoch"] == 0 and fields["config"]["seed"] == 11 and fields["modes"] == 8
    assert sorted(fields["arrays"]) == ["d_grid", "fake", "gradients", "history", "manifold", "real"]
    fields, reply = call("gan_train", epochs=30, since=1, views=VIEWS)
    assert fields["epoch"] == fields["trained"] == 30 and fields["snapshots"] == [0, 10, 20, 30]
    gan = GAN({"seed": 11, "snapshot_every": 10}).train(30)
    assert np.allclose(reply.array("d_grid"), gan.discriminator_grid(16), atol=1e-6)
    assert np.allclose(reply.array("fake").reshape(-1, 2), gan.generate(gan.eval_noise[:40]), atol=1e-6)
    assert reply.array("manifold").size == 30 * 30 * 2 and fields["manifold_shape"] == [30, 30]
    history = reply.array("history").reshape(-1, 7)
    assert list(history[:, 0]) == [10, 20, 30] and fields["history_from"] == 1
    assert np.isclose(history[-1, 4], gan.history[-1]["js"])


def test_timeline_view_and_restore():
    call("gan_configure", config={"seed": 2, "snapshot_every": 5})
    call("gan_train", epochs=20)
    fields, reply = call("gan_view", snapshot=1, views={"grid": 8})
    assert fields["epoch"] == 5 and len(fields["snapshots"]) == 5
    assert np.allclose(reply.array("d_grid"), GAN({"seed": 2, "snapshot_every": 5}).train(5).discriminator_grid(8),
                       atol=1e-6)
    fields, _ = call("gan_restore", snapshot=2)
    assert fields["epoch"] == 10 and fields["snapshots"] == [0, 5, 10]


def test_a_budget_stops_training_early():
    call("gan_configure", config={"seed": 1})
    fields, _ = call("gan_train", epochs=100000, budget_ms=50)
    assert 1 <= fields["trained"] < 100000


@pytest.mark.parametrize("kind,payload", [
    ("gan_configure", {"config": {"dataset": "nope"}}), ("gan_configure", {"config": []}),
    ("gan_train", {"epochs": 0}), ("gan_train", {"epochs": 1, "mode": "x"}), ("gan_train", {"budget_ms": -1}),
    ("gan_view", {"snapshot": 99}), ("gan_train", {"views": {"grid": 1000}})])
def test_bad_requests_say_why_and_keep_the_gan(kind, payload):
    call("gan_configure", config={"seed": 9})
    call("gan_train", epochs=3)
    with pytest.raises(ValueError):
        call(kind, **payload)
    assert call("gan_view")[0]["epoch"] == 3


def test_diverging_training_is_an_error_and_the_gan_stays():
    call("gan_configure", config={"optimizer": "sgd", "g_lr": 10, "d_lr": 10, "loss": "least-squares"})
    call("gan_train", epochs=2)
    with pytest.raises(ValueError, match="diverged"):
        call("gan_train", epochs=500)
    fields, _ = call("gan_view", views={"grid": 4})
    assert fields["epoch"] == 2 and np.isfinite(fields["js"])
