"""NLU component: a question inside a disclosure, a feeling or an unsure parse is answered
from the topic library (bot/topics/routing.py); a question about one item of a plan goes
to the plan (bot/conversation/plan_items.py). The intent it replaced is kept as
`arc_intent`, so the recovery arc still moves on (actions/topics.py)."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.conversation.plan_items import refers_to_plan_item
from bot.topics.library import RETRIEVAL_INTENT
from bot.topics.routing import should_route_to_topic


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionRouter(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionRouter:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            route_question(message)
        return messages


def route_question(message: Message) -> None:
    """Makes the intent `ask` when the message's question belongs to the topic library, and
    `show_plan` when it asks to open or swap one item of a plan ("how do i do number 2").
    Also called by the safety screen when it takes back a `crisis` the detector does not share."""
    intent = message.get(INTENT) or {}
    if refers_to_plan_item(message.get(TEXT) or ""):
        message.set("arc_intent", intent.get("name"), add_to_output=True)
        message.set(INTENT, {"name": "show_plan", "confidence": 1.0}, add_to_output=True)
        return
    selected = ((message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}).get("response") or {}
    confidence = selected.get("confidence") or 0.0
    if should_route_to_topic(intent.get("name"), message.get(TEXT) or "", confidence):
        message.set("arc_intent", intent.get("name"), add_to_output=True)
        message.set(INTENT, {"name": RETRIEVAL_INTENT, "confidence": confidence}, add_to_output=True)
