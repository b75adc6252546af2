"""Rasa's response generator, choosing variations the person has not just read.

Named in endpoints.yml (`nlg: type: ...`), so every response goes through it: the rules'
`utter_*` actions and the responses custom actions send by name. The choice itself is
bot/conversation/variety.py; here the conversation's earlier bot messages are read.
"""

from __future__ import annotations

import copy
import re
from typing import Any, Dict, List, Optional, Text

from rasa.core.nlg.generator import ResponseVariationFilter
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from bot.conversation.variety import least_recently_seen


class VariedResponses(TemplatedNaturalLanguageGenerator):
    def __init__(
        self, endpoint_config: Optional[EndpointConfig] = None, domain: Optional[Domain] = None
    ) -> None:
        super().__init__((domain or Domain.empty()).responses)

    async def generate(
        self, utter_action: Text, tracker: DialogueStateTracker, output_channel: Text, **kwargs: Any
    ) -> Optional[Dict[Text, Any]]:
        filled_slots = tracker.current_slot_values()
        candidates = self._suitable(utter_action, output_channel, filled_slots)
        if not candidates:
            return None
        filled = [
            _tidy(self._fill_response(copy.deepcopy(candidate), filled_slots, **kwargs))
            for candidate in candidates
        ]
        seen = [event.text for event in tracker.events if isinstance(event, BotUttered) and event.text]
        return filled[least_recently_seen([response.get("text") or "" for response in filled], seen)]

    def _suitable(
        self, utter_action: Text, output_channel: Text, filled_slots: Dict[Text, Any]
    ) -> List[Dict]:
        if utter_action not in self.responses:
            return []
        return ResponseVariationFilter(self.responses).responses_for_utter_action(
            utter_action, output_channel, filled_slots
        )


def _tidy(response: Dict[Text, Any]) -> Dict[Text, Any]:
    """An empty value leaves no double space ("call {emergency} {crisis_line}", no crisis line)."""
    if isinstance(response.get("text"), str):
        response["text"] = re.sub(r" {2,}", " ", response["text"])
    return response


def endpoint() -> EndpointConfig:
    """The `nlg` endpoint endpoints.yml names, for an in-process Agent (tests, scripted sessions)."""
    return EndpointConfig(type=f"{__name__}.{VariedResponses.__name__}")
