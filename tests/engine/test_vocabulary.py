"""The engine's registries and limits follow pyplayground.vocabulary (the one definition), in its order."""
from pyplayground import activations, regularization, vocabulary
from pyplayground.playground import config, datasets, features


def test_features_are_the_vocabularys_in_order():
    assert list(features.FEATURES) == list(vocabulary.FEATURE_LABELS)
    assert features.labels(list(vocabulary.FEATURE_LABELS)) == list(vocabulary.FEATURE_LABELS.values())
    assert vocabulary.LIMITS["inputs"] == len(features.FEATURES)


def test_activations_and_regularizers_are_the_vocabularys():
    assert list(activations.ACTIVATIONS) == list(vocabulary.ACTIVATION_CODES)
    assert ["none"] + list(regularization.REGULARIZERS) == list(vocabulary.REGULARIZATION_CODES)
    assert sorted(vocabulary.ACTIVATION_CODES.values()) == list(range(len(vocabulary.ACTIVATION_CODES)))
    assert sorted(vocabulary.REGULARIZATION_CODES.values()) == list(range(len(vocabulary.REGULARIZATION_CODES)))


def test_datasets_and_their_problems_are_the_vocabularys():
    assert {name: d.problem for name, d in datasets.DATASETS.items()} == vocabulary.DATASET_PROBLEMS
    assert list(datasets.DATASETS) == list(vocabulary.DATASET_PROBLEMS)
    assert set(vocabulary.DATASET_PROBLEMS.values()) == set(vocabulary.PROBLEMS) == set(vocabulary.SAMPLES)
    assert config.problem_of(vocabulary.CUSTOM_DATASET) == "classification"
    for name in datasets.DATASETS:
        assert config.output_layer(name)[1] <= vocabulary.LIMITS["classes"]


def test_limits_and_the_plane_are_the_vocabularys():
    assert config.LIMITS is vocabulary.LIMITS
    assert datasets.DOMAIN == vocabulary.DOMAIN
    assert vocabulary.LIMITS["n_samples"] >= max(vocabulary.SAMPLES.values())
    assert config.DEFAULTS["n_samples"] == vocabulary.SAMPLES[config.problem_of(config.DEFAULTS["dataset"])]


def test_a_new_session_starts_from_the_playgrounds_defaults():
    from pyplayground.playground.session import Session
    page = vocabulary.PLAYGROUND_DEFAULTS
    s = Session()
    assert (s.config["dataset"], s.config["activation"], s.config["learning_rate"], s.config["batch_size"],
            s.config["regularization"], s.config["regularization_rate"]) == \
        (page["dataset"], page["activation"], page["learning_rate"], page["batch_size"], page["regularization"],
         page["regularization_rate"])
    assert s.config["hidden"] == list(page["hidden"]) and s.config["features"] == list(page["features"])
    assert s.config["noise"] * 100 == page["noise_percent"]
    assert s.config["train_fraction"] * 100 == page["train_percent"]
    assert s.net.sizes == [len(page["features"])] + list(page["hidden"]) + [1] and s.net.activation == "tanh"
    assert s.problem == page["problem"] and page["regression_dataset"] in datasets.DATASETS


def test_the_explanation_methods_and_landscape_planes_are_the_vocabularys():
    from pyplayground import explain
    from pyplayground.explain import neurons
    from pyplayground.landscape import live
    assert explain.METHODS == vocabulary.RELEVANCE_METHODS
    assert tuple(explain.COMPOSITES) == vocabulary.LRP_COMPOSITES
    assert set(vocabulary.PLAYGROUND_RELEVANCE_METHODS) <= set(neurons.LRP_METHODS)
    assert live.DIRECTIONS == vocabulary.LANDSCAPE_DIRECTIONS and live.RESOLUTIONS == vocabulary.LANDSCAPE_RESOLUTIONS
    sizes = vocabulary.GRID_RESOLUTIONS
    assert 2 <= min(sizes.values()) and max(sizes["output"], sizes["neurons"]) <= vocabulary.LIMITS["grid_resolution"]
    assert vocabulary.LANDSCAPE_RESOLUTIONS[0] <= sizes["landscape"] <= vocabulary.LANDSCAPE_RESOLUTIONS[1]
