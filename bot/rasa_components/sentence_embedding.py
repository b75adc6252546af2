"""NLU component: the message's all-MiniLM-L6-v2 sentence vector, computed once.

DIET and the ResponseSelector read it as a dense sentence feature (long questions over 120+
topics need meaning, not only words), and the safety screen reads the same vector from the
message (`SENTENCE_VECTOR`), so a message is encoded once per parse.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.embeddings.encoder import default_encoder

SENTENCE_VECTOR = "sentence_vector"  # kept on the message, not in the parse output
TRAINING_BATCH = 64


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return DenseFeaturizer.get_default_config()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure: the model is fixed (bot/embeddings)."""

    def __init__(self, config: dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self._encoder = default_encoder()

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SentenceEmbeddingFeaturizer:
        return cls(config, execution_context.node_name)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        examples = [m for m in training_data.training_examples if m.get(TEXT)]
        # Similar lengths batched together: less padding to run through the encoder.
        examples.sort(key=lambda m: len(m.get(TEXT)))
        for start in range(0, len(examples), TRAINING_BATCH):
            batch = examples[start : start + TRAINING_BATCH]
            for message, vector in zip(
                batch, self._encoder.encode([m.get(TEXT) for m in batch]), strict=True
            ):
                self._add(message, vector)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if message.get(TEXT):
                self._add(message, self._encoder.encode_one(message.get(TEXT)))
        return messages

    def _add(self, message: Message, vector: np.ndarray) -> None:
        message.set(SENTENCE_VECTOR, vector)
        self.add_features_to_message(sequence=None, sentence=vector[None, :], attribute=TEXT, message=message)
