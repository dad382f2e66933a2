"""The playground's own engine: its 2-D datasets and input features, the session config and its
validation, and the :class:`~.session.Session` the worker (and a notebook) trains: epochs in
TF Playground's order (:mod:`.shuffle`, :mod:`.epoch_trainer`), loss and accuracy per split
(:mod:`.split_stats`). The network itself is :class:`pyplayground.nn.MLP`; the names and limits
are :mod:`pyplayground.vocabulary`'s.

    from pyplayground.playground import Session
    s = Session({"dataset": "xor", "hidden": [4, 2]})
    s.train(100)
"""
from . import config, datasets, features, shuffle
from .session import Session

__all__ = ["Session", "config", "datasets", "features", "shuffle"]
