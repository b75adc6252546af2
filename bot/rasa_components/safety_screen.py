"""NLU component: the rule-based safety screen, run on every message after the classifiers.

A risk found by the screen makes the intent `crisis` (confidence 1.0) whatever the
classifier said, and the risk type travels in the parse data under "safety". A person
saying they are under 18 is marked "young_person" (see SafetyPolicy).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.safety.age import says_under_18
from bot.safety.screen import default_screen

CRISIS = "crisis"


def safety_data(risk_type: str | None, evidence: str, source: str, classifier_intent: str | None) -> dict:
    return {
        "risk_type": risk_type,
        "evidence": evidence,
        "source": source,
        "classifier_intent": classifier_intent,
    }


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class SafetyScreenComponent(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SafetyScreenComponent:
        return cls()

    def __init__(self) -> None:
        self._screen = default_screen()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._screen_message(message)
        return messages

    def _screen_message(self, message: Message) -> None:
        text = message.get("text") or ""
        intent = (message.get("intent") or {}).get("name")
        if text and says_under_18(text):
            message.set("young_person", True, add_to_output=True)
        risk = self._screen.screen(text) if text else None
        if risk is None:
            if intent == CRISIS:  # the classifier alone: answered as a crisis of unknown type
                message.set("safety", safety_data(None, "", "classifier", intent), add_to_output=True)
            return
        message.set(
            "safety", safety_data(risk.risk_type, risk.evidence, "screen", intent), add_to_output=True
        )
        message.set("intent", {"name": CRISIS, "confidence": 1.0}, add_to_output=True)
        ranking = [r for r in message.get("intent_ranking") or [] if r.get("name") != CRISIS]
        message.set("intent_ranking", [{"name": CRISIS, "confidence": 1.0}, *ranking], add_to_output=True)
