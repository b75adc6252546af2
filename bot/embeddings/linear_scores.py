"""Class probabilities of a fitted logistic regression for one message at a time, fast.

scikit-learn's `predict_proba` multiplies the sparse features by `coef_.T`, a transposed
view that scipy copies into a new array on every call: for the topic selector's 130 classes
over some 80,000 n-gram features that copy was about 10 ms a message, most of a parse.
Here the weights are laid out once, in the order the product reads them."""

from __future__ import annotations

import numpy as np


class LinearScores:
    def __init__(self, classifier) -> None:  # noqa: ANN001 - a fitted sklearn LogisticRegression
        self.classifier = classifier
        self.classes_ = classifier.classes_
        self._multinomial = classifier.coef_.shape[0] > 1 and classifier.multi_class in (
            "auto",
            "multinomial",
        )
        self._multinomial = self._multinomial and classifier.solver != "liblinear"
        self._weights = np.ascontiguousarray(classifier.coef_.T)
        # The classifier keeps a view of the same numbers, so the weights are held once.
        classifier.coef_ = self._weights.T
        self._intercept = classifier.intercept_

    def predict_proba(self, features) -> np.ndarray:  # noqa: ANN001 - a scipy sparse matrix
        """The same numbers as the classifier's own `predict_proba`."""
        if not self._multinomial:
            return self.classifier.predict_proba(features)
        from sklearn.utils.extmath import softmax

        return softmax(np.asarray(features @ self._weights) + self._intercept)
