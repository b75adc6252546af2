"""Policy: the safety flows run in the turn they are needed, ahead of every other policy.

It outranks the others (a higher priority, and it takes part in the "no user prediction"
round that form loops win otherwise). What to run is decided by bot/safety/flow.py from
this turn's facts: a risk in the message (set by the NLU pipeline) or in the last few
messages read together, the question Kintsugi asked just before, and the person's age.
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
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

from bot.safety.detector import default_detector
from bot.safety.flow import SAFETY_ACTIONS, SafetyTurn, next_safety_action
from bot.safety.resources import load_resources, locale_for_country

# Reading messages together costs a second pass of the model: it runs only when one of them
# scored at least this alone (ordinary messages score under 0.01; a risk spread over messages
# has at least one part that scores).
CONTEXT_WORTH_READING = 0.1
# "thanks man", "ok", "bye": a short message the classifier is sure is only social adds
# nothing to what came before, which was read with its own context when it was sent; read
# again with it, an earlier borderline message gave the crisis answer to "thanks man".
SOCIAL_INTENTS = frozenset({"thanks", "affirm", "deny", "greet", "goodbye"})
SOCIAL_MAX_WORDS = 4
SOCIAL_CONFIDENCE = 0.9


def _only_social(intent: dict | None, text: str) -> bool:
    intent = intent or {}
    return (
        intent.get("name") in SOCIAL_INTENTS
        and (intent.get("confidence") or 0.0) >= SOCIAL_CONFIDENCE
        and len(text.split()) <= SOCIAL_MAX_WORDS
    )


def _since_last_safety_answer(tracker: DialogueStateTracker, limit: int) -> list[UserUttered]:
    """The person's messages before the latest one, back to the last safety action."""
    found: list[UserUttered] = []
    events = list(tracker.events)
    for event in reversed(events[:-1]):
        if isinstance(event, ActionExecuted) and event.action_name in SAFETY_ACTIONS:
            break
        if isinstance(event, UserUttered):
            found.append(event)
            if len(found) >= limit:
                break
    return list(reversed(found))


def _risk_score(message: UserUttered | None) -> float:
    return float(((message.parse_data or {}) if message else {}).get("risk_score") or 0.0)


def _last_action_before_message(tracker: DialogueStateTracker) -> str | None:
    """The last action before the person's latest message (action_listen aside)."""
    seen_message = False
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            seen_message = True
        elif seen_message and isinstance(event, ActionExecuted) and event.action_name != ACTION_LISTEN_NAME:
            return event.action_name
    return None


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
        self._resources = load_resources()

    def train(
        self, training_trackers: list[TrackerWithCachedStates], domain: Domain, **kwargs: Any
    ) -> Resource:
        with self._model_storage.write_to(self._resource) as path:
            (path / "safety_policy.txt").write_text("rule-based: nothing to learn\n")
        return self._resource

    def _turn(self, tracker: DialogueStateTracker) -> SafetyTurn:
        latest = tracker.latest_message
        parse = (latest.parse_data or {}) if latest else {}
        text = (latest.text if latest else "") or ""
        intent = (latest.intent or {}).get("name") if latest else None
        asked = (
            tracker.get_slot("safety_asked")
            if _last_action_before_message(tracker) in SAFETY_ACTIONS
            else None
        )
        risk = bool(parse.get("safety")) or intent == "crisis"
        if not risk and text and intent != "safety_answer" and not _only_social(latest.intent, text):
            detector = default_detector()
            previous = _since_last_safety_answer(tracker, detector.thresholds.context_messages - 1)
            worth_reading = max(map(_risk_score, [*previous, latest]), default=0.0) >= CONTEXT_WORTH_READING
            if previous:
                texts = [m.text or "" for m in previous]
                risk = detector.assess_context(texts, text, use_model=worth_reading).is_risk
        return SafetyTurn(
            text=text,
            intent=intent,
            risk=risk,
            asked=asked,
            says_under_18=bool(parse.get("young_person")),
            under_18=bool(tracker.get_slot("under_18")),
            age_checked=bool(tracker.get_slot("age_checked")),
            names_country=not tracker.get_slot("country")
            and locale_for_country(self._resources, text) is not None,
        )

    def predict_action_probabilities(
        self,
        tracker: DialogueStateTracker,
        domain: Domain,
        rule_only_data: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> PolicyPrediction:
        previous = tracker.latest_action_name
        if previous == ACTION_LISTEN_NAME and tracker.latest_message and tracker.latest_message.text:
            action = next_safety_action(self._turn(tracker))
            if action:
                return self._predict(action, domain)
        elif previous in SAFETY_ACTIONS and self._safety_action_this_turn(tracker):
            # The safety actions close any open form themselves; then listen, no form question.
            return self._predict(ACTION_LISTEN_NAME, domain)
        return self._prediction(self._default_predictions(domain))

    @staticmethod
    def _safety_action_this_turn(tracker: DialogueStateTracker) -> bool:
        for event in reversed(tracker.events):
            if isinstance(event, UserUttered):
                return False
            if getattr(event, "action_name", None) in SAFETY_ACTIONS:
                return True
        return False

    def _predict(self, action: str, domain: Domain) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        probabilities[domain.index_for_action(action)] = 1.0
        return self._prediction(probabilities, is_no_user_prediction=True)
