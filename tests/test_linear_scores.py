"""The fast class probabilities give scikit-learn's own numbers, for many classes and for two."""

import copy

import numpy as np
import pytest
from scipy.sparse import random as sparse_random
from sklearn.linear_model import LogisticRegression

from bot.embeddings.linear_scores import LinearScores


@pytest.mark.parametrize("classes", [2, 7])
def test_the_probabilities_are_the_classifiers_own(classes):
    generator = np.random.default_rng(3)
    features = sparse_random(300, 500, density=0.05, format="csr", random_state=4)
    labels = generator.integers(0, classes, 300)
    classifier = LogisticRegression(max_iter=500).fit(features, labels)
    expected = copy.deepcopy(classifier).predict_proba(features[:20])

    scores = LinearScores(classifier)

    assert np.allclose(scores.predict_proba(features[:20]), expected, atol=1e-12)
    assert np.allclose(scores.predict_proba(features[:1]), expected[:1], atol=1e-12)
    # The classifier itself still answers the same after its weights were laid out again.
    assert np.allclose(classifier.predict_proba(features[:20]), expected, atol=1e-12)
