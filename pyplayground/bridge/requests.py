"""The worker's request table: every request name the engine answers -> ``"module.function"``.

The one definition of the requests: :mod:`pyplayground.bridge` dispatches on it, and the build
(``sitebuild/vocabulary.py``) loads this file by its path (plain data, no imports) and generates
``site/js/generated/engine-requests.js``, the names the worker accepts (``protocol.js``'s
``ENGINE_REQUESTS``). ``module`` is a module of this package; every handler takes the payload
dict and returns ``(fields, arrays)``.
"""

REQUESTS = {
    # The playground's one Session (playground.py).
    "configure": "playground.configure",
    "update": "playground.update",
    "reset": "playground.reset",
    "rewind": "playground.rewind",
    "train": "playground.train",
    "grid": "playground.grid",
    "model": "playground.model",
    "dynamics": "playground.dynamics",
    "set_param": "playground.set_param",
    "load_model": "playground.load_model",
    "set_params": "playground.set_params",
    "backend_data": "playground.backend_data",
    # The model zoo's loaded models (models.py; the store is store.py), used by the Models page.
    "load_zoo_model": "models.load_zoo_model",
    "predict": "models.predict",
    "unload_zoo_model": "models.unload_zoo_model",
    # The Relevance page: heatmaps of a loaded model (relevance.py).
    "relevance": "relevance.relevance",
    # The Units page: a loaded model's units (units.py).
    "activations": "units.activations",
    "unit_backprop": "units.unit_backprop",
    "maximize_start": "units.maximize_start",
    "maximize_step": "units.maximize_step",
    "maximize_stop": "units.maximize_stop",
    # The GAN page's one GAN (gan.py).
    "gan_configure": "gan.configure",
    "gan_train": "gan.train",
    "gan_view": "gan.view",
    "gan_restore": "gan.restore",
}
