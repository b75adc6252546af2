"""NLU component, first in the pipeline: a speaker's name at the start of a message is taken
off before anything reads it, and kept in the parse data as "speaker".

A couple on one phone types "jess: he was seeing someone from his old job"; with the name
the classifier saw an unfamiliar message and asked to rephrase. The tracker keeps the
message as typed (the event's text), so couple mode still sees who spoke in earlier turns.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.conversation.speakers import split_speaker

SPEAKER = "speaker"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SpeakerNameComponent(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SpeakerNameComponent:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for message in training_data.training_examples:
            take_off_speaker(message)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            take_off_speaker(message)
        return messages


def take_off_speaker(message: Message) -> None:
    """Leaves only what was said as the message's text; the name goes under "speaker"."""
    text = message.get(TEXT)
    if not text:
        return
    spoken = split_speaker(text)
    if spoken.speaker:
        message.set(TEXT, spoken.text)
        message.set(SPEAKER, spoken.speaker, add_to_output=True)
