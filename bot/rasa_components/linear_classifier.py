"""The shared core of the project's two learned NLU classifiers (the intent classifier and the
topic selector): a logistic regression over the MiniLM sentence vector beside word and
character n-grams (bot/embeddings/text_features.py), trained inside `rasa train` and kept in
the Rasa model. Measured against DIET and the ResponseSelector in README, "Measured choices"."""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.embeddings.encoder import DIMENSIONS
from bot.embeddings.linear_scores import LinearScores
from bot.embeddings.text_features import TextFeatures
from bot.rasa_components.sentence_embedding import SENTENCE_VECTOR

logger = logging.getLogger(__name__)

MODEL_FILE = "linear_classifier.joblib"


def sentence_vector(message: Message) -> np.ndarray:
    """The shared sentence vector: set by the featurizer on this message, else read from its
    features (they survive Rasa's training cache), else computed here."""
    vector = message.get(SENTENCE_VECTOR)
    if vector is not None:
        return vector
    for features in message.features:
        if features.type == "sentence" and features.attribute == TEXT and not features.is_sparse():
            if features.features.shape[-1] == DIMENSIONS:
                return np.asarray(features.features).reshape(-1)
    from bot.embeddings.encoder import default_encoder

    return default_encoder().encode_one(message.get(TEXT) or "")


class LinearTextClassifier(GraphComponent):
    """Subclasses say which examples and labels to learn (`training_pairs`) and where the
    ranking goes in the parse (`write`)."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 10.0, "class_weight": "balanced"}

    def __init__(
        self, config: dict[str, Any], storage: ModelStorage, resource: Resource, model: dict | None = None
    ) -> None:
        self._config, self._storage, self._resource = config, storage, resource
        self._model = model  # {"features", "classifier", "labels", ...extra}
        self._scores = LinearScores(model["classifier"]) if model else None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearTextClassifier:
        return cls(config, model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearTextClassifier:
        import joblib

        try:
            with model_storage.read_from(resource) as directory:
                return cls(config, model_storage, resource, joblib.load(directory / MODEL_FILE))
        except (ValueError, FileNotFoundError):
            logger.warning("%s: nothing trained in the model", cls.__name__)
            return cls(config, model_storage, resource)

    def training_pairs(self, training_data: TrainingData) -> list[tuple[Message, str]]:
        raise NotImplementedError

    def extra(self, training_data: TrainingData, labels: list[str]) -> dict:
        """Anything else the subclass keeps in the model."""
        return {}

    def write(self, message: Message, ranking: list[tuple[str, float]]) -> None:
        raise NotImplementedError

    def train(self, training_data: TrainingData) -> Resource:
        import joblib
        from sklearn.linear_model import LogisticRegression

        pairs = self.training_pairs(training_data)
        if not pairs:
            return self._resource
        texts = [message.get(TEXT) for message, _ in pairs]
        labels = sorted({label for _, label in pairs})
        features = TextFeatures(min_word_count=1).fit(texts)
        classifier = LogisticRegression(
            C=self._config["C"], class_weight=self._config["class_weight"], max_iter=3000
        )
        vectors = np.vstack([sentence_vector(message) for message, _ in pairs])
        classifier.fit(features.transform(texts, vectors), [labels.index(label) for _, label in pairs])
        self._model = {
            "features": features,
            "classifier": classifier,
            "labels": labels,
            **self.extra(training_data, labels),
        }
        with self._storage.write_to(self._resource) as directory:
            joblib.dump(self._model, directory / MODEL_FILE)
        self._scores = LinearScores(classifier)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        if self._model is None:
            return messages
        for message in messages:
            text = message.get(TEXT)
            if text:
                self.write(message, self.rank(text, sentence_vector(message)))
        return messages

    def rank(self, text: str, vector: np.ndarray) -> list[tuple[str, float]]:
        """Every label with its probability, most likely first."""
        model = self._model
        probabilities = self._scores.predict_proba(model["features"].transform([text], vector[None, :]))[0]
        order = np.argsort(probabilities)[::-1]
        return [(model["labels"][model["classifier"].classes_[i]], float(probabilities[i])) for i in order]
