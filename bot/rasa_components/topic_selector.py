"""NLU component: which topic of the library (`ask/<topic>`) a question asks about.

Trained inside `rasa train` on the retrieval intent's examples, as Rasa's ResponseSelector
would be, and written to the parse data in the ResponseSelector's own format
(`response_selector.ask.response` and `.ranking`), so the retrieval intents stay Rasa's.
Chosen over the ResponseSelector by measurement (README, "Measured choices").
"""

from __future__ import annotations

from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa_components.linear_classifier import LinearTextClassifier

RANKING_LENGTH = 10


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TopicSelector(LinearTextClassifier):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Topics have about 20 examples each: no class weighting needed.
        return {"retrieval_intent": "ask", "C": 10.0, "class_weight": None}

    def training_pairs(self, training_data: TrainingData) -> list[tuple[Message, str]]:
        intent = self._config["retrieval_intent"]
        return [
            (m, m.get(INTENT_RESPONSE_KEY))
            for m in training_data.intent_examples
            if m.get(INTENT) == intent and m.get(INTENT_RESPONSE_KEY)
        ]

    def extra(self, training_data: TrainingData, labels: list[str]) -> dict:
        return {"responses": {key: training_data.responses.get(f"utter_{key}", []) for key in labels}}

    def write(self, message: Message, ranking: list[tuple[str, float]]) -> None:
        best, confidence = ranking[0]
        intent = self._config["retrieval_intent"]
        selector = dict(message.get("response_selector") or {})
        selector["all_retrieval_intents"] = [intent]
        selector[intent] = {
            "response": {
                "responses": self._model["responses"].get(best, []),
                "confidence": confidence,
                "intent_response_key": best,
                "utter_action": f"utter_{best}",
            },
            "ranking": [
                {"id": n, "confidence": c, "intent_response_key": key}
                for n, (key, c) in enumerate(ranking[:RANKING_LENGTH])
            ],
        }
        message.set("response_selector", selector, add_to_output=True)
