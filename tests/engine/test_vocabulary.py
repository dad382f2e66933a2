"""The engine's registries and limits follow pyplayground.vocabulary (the one definition), in its order."""
from pyplayground import activations, config, datasets, features, regularization, vocabulary


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
