"""NLU component: the details a person gives about what happened, as entities
(affair_duration, discovery, affair_partner, partner_knows; data/listening/details.yml).
Each entity also carries `span`, the person's words in the second person, for reflections."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.listening.details import extract, load_patterns

EXTRACTOR = "DetailsExtractor"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class DetailsExtractor(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> DetailsExtractor:
        load_patterns()  # a broken pattern file stops the server at start, naming the file
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            found = [
                {
                    "entity": d.kind,
                    "value": d.value,
                    "span": d.span,
                    "start": d.start,
                    "end": d.end,
                    "extractor": EXTRACTOR,
                }
                for d in extract(text)
            ]
            if found:
                message.set(ENTITIES, [*(message.get(ENTITIES) or []), *found], add_to_output=True)
        return messages
