"""The worker's one store of loaded models (``load_zoo_model``), which the Models, Relevance and
Units requests all read.

A model is kept under its id with its input shape and a cache of what requests derive from it
(e.g. the Relevance page's Explainer), dropped with the model when it is replaced or forgotten.
At most :data:`MAX_MODELS` are kept; loading another forgets the oldest.
"""
from collections import OrderedDict

MAX_MODELS = 16  # models kept at once (each well under 1 MB)


class LoadedModel:
    """One loaded model: ``model`` (an ``nn.Sequential`` in eval mode), ``shape`` (its input
    shape, a tuple) and ``derived`` (name -> what a request built from it, see :meth:`ModelStore.derived`)."""

    def __init__(self, model, shape):
        self.model, self.shape, self.derived = model, tuple(shape), {}


class ModelStore:
    """Loaded models by id, in load order."""

    def __init__(self, limit=MAX_MODELS):
        self.limit = limit
        self._entries = OrderedDict()  # id -> LoadedModel

    def put(self, model_id, model, shape):
        """Keep ``model`` under ``model_id`` (replacing one of that id), forgetting the oldest beyond the limit."""
        self._entries.pop(model_id, None)
        while len(self._entries) >= self.limit:
            self._entries.popitem(last=False)
        self._entries[model_id] = LoadedModel(model, shape)

    def get(self, model_id):
        """The :class:`LoadedModel` of ``model_id``; ValueError naming the loaded ones if there is none."""
        entry = self._entries.get(model_id)
        if entry is None:
            raise ValueError("model %r is not loaded; send load_zoo_model first (loaded: %s)"
                             % (model_id, ", ".join(sorted(self._entries)) or "none"))
        return entry

    def derived(self, model_id, name, build):
        """``build(model)`` for loaded model ``model_id``, built once per loaded model and kept with it."""
        entry = self.get(model_id)
        if name not in entry.derived:
            entry.derived[name] = build(entry.model)
        return entry.derived[name]

    def forget(self, model_id):
        self._entries.pop(model_id, None)

    def ids(self):
        """The loaded models' ids, sorted."""
        return sorted(self._entries)


MODELS = ModelStore()  # the worker's one store


def model_id(payload):
    """The request's ``id``: a non-empty string naming a model."""
    value = payload.get("id")
    if not isinstance(value, str) or not value:
        raise ValueError("a model request needs an id (a non-empty string)")
    return value


def loaded(payload):
    """``(model, shape)`` of the loaded model the request's ``id`` names."""
    entry = MODELS.get(model_id(payload))
    return entry.model, entry.shape
