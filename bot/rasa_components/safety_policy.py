"""Policy: whenever a message shows risk, crisis support runs in that turn, forms included.

It outranks every other policy (a higher priority, and it takes part in the "no user
prediction" round that form loops win otherwise). It also catches a risk spread over two
messages ("i've saved my pills" ... "tonight i'm taking them all").
"""

from __future__ import annotations

from typing import Any

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safety.screen import default_screen, screen_two_messages

CRISIS_ACTION = "action_crisis_support"
YOUNG_PERSON_ACTION = "action_young_person"


def _user_texts(tracker: DialogueStateTracker) -> list[str]:
    return [e.text or "" for e in tracker.events if isinstance(e, UserUttered)]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=True)
class SafetyPolicy(Policy):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"priority": 7}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> None:
        super().__init__(config, model_storage, resource, execution_context, **kwargs)
        self._screen = default_screen()

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        with self._model_storage.write_to(self._resource) as path:
            (path / "safety_policy.txt").write_text("rule-based: nothing to learn\n")
        return self._resource

    def _risk_this_turn(self, tracker: DialogueStateTracker) -> bool:
        """The latest message shows risk alone (NLU set "safety"), or together with the one before."""
        latest = tracker.latest_message
        if latest and ((latest.parse_data or {}).get("safety") or latest.intent.get("name") == "crisis"):
            return True
        texts = _user_texts(tracker)
        return len(texts) >= 2 and screen_two_messages(self._screen, texts[-2], texts[-1]) is not None

    @staticmethod
    def _young_person(tracker: DialogueStateTracker) -> bool:
        latest = tracker.latest_message
        return bool(
            tracker.get_slot("under_18") or (latest and (latest.parse_data or {}).get("young_person"))
        )

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        previous = tracker.latest_action_name
        if previous == ACTION_LISTEN_NAME:
            if self._risk_this_turn(tracker):
                return self._predict(CRISIS_ACTION, domain)
            if self._young_person(tracker):  # Kintsugi is for adults: no couples content
                return self._predict(YOUNG_PERSON_ACTION, domain)
        elif previous in (CRISIS_ACTION, YOUNG_PERSON_ACTION) and self._safety_action_this_turn(tracker):
            # The safety actions close any open form themselves; then listen, no form question.
            return self._predict(ACTION_LISTEN_NAME, domain)
        return self._prediction(self._default_predictions(domain))

    @staticmethod
    def _safety_action_this_turn(tracker: DialogueStateTracker) -> bool:
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                return False
            if getattr(event, "action_name", None) in (CRISIS_ACTION, YOUNG_PERSON_ACTION):
                return True
        return False

    def _predict(self, action: str, domain: Domain) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)
