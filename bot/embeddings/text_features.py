"""Features for the project's small text classifiers (the risk model, the topic selector):
word and character n-grams beside the MiniLM sentence vector, so both meaning ("tying up
loose ends") and the telling words ("lol", "jk", a typo) count."""

from __future__ import annotations

import numpy as np


class TextFeatures:
    def __init__(self, vector_weight: float = 2.0, min_word_count: int = 2) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        # The vector's weight against the n-grams was chosen on cross-validation (risk model).
        self.vector_weight = vector_weight
        self._words = TfidfVectorizer(ngram_range=(1, 2), min_df=min_word_count, sublinear_tf=True)
        self._characters = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True, max_features=60000
        )

    def fit(self, texts: list[str]) -> TextFeatures:
        self._words.fit(texts)
        self._characters.fit(texts)
        return self

    def transform(self, texts: list[str], vectors: np.ndarray):  # noqa: ANN201 - a scipy sparse matrix
        from scipy.sparse import csr_matrix, hstack

        return hstack(
            [
                self._words.transform(texts),
                self._characters.transform(texts),
                csr_matrix(vectors * self.vector_weight),
            ]
        ).tocsr()
