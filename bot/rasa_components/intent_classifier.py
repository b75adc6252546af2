"""NLU component: the message's intent, from a logistic regression over the shared sentence
vector and n-grams (bot/rasa_components/linear_classifier.py). Replaces DIET: measured on the
held-out split with the topic library's 2,500 questions in training, DIET's small intents fell
under the fallback threshold while this kept them (README, "Measured choices"). A retrieval
intent's examples (`ask/<topic>`) are learned as the intent itself (`ask`)."""

from __future__ import annotations

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_components.linear_classifier import LinearTextClassifier

RANKING_LENGTH = 10


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(LinearTextClassifier):
    def training_pairs(self, training_data: TrainingData) -> list[tuple[Message, str]]:
        return [(m, m.get(INTENT)) for m in training_data.intent_examples if m.get(INTENT) and m.get(TEXT)]

    def write(self, message: Message, ranking: list[tuple[str, float]]) -> None:
        best, confidence = ranking[0]
        message.set(INTENT, {"name": best, "confidence": confidence}, add_to_output=True)
        message.set(
            "intent_ranking",
            [{"name": name, "confidence": c} for name, c in ranking[:RANKING_LENGTH]],
            add_to_output=True,
        )
