"""Which safety action answers a message, whatever the other policies would do.

A pure function of what the policy reads from the tracker, so every path is tested in
microseconds (tests/test_safety_flow.py). SafetyPolicy (bot/rasa_components) calls it.
A question Kintsugi asked (are you safe, which is closest, a safety plan step, your age)
is answered only in the very next message: `asked` is what the last safety action asked,
or None when anything else came between.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.safety.answers_read import read_answer_then_more, read_safety_answer, read_yes_no, says_misread

CRISIS = "action_crisis_support"
SAFETY_CHECK = "action_safety_check"
CRISIS_KIND = "action_crisis_kind"
SAFETY_PLAN_OFFER = "action_safety_plan_offer"
START_SAFETY_PLAN = "action_start_safety_plan"
SAFETY_PLAN_STEP = "action_safety_plan"
SHOW_SAFETY_PLAN = "action_show_safety_plan"
CORRECT_FLAG = "action_correct_safety_flag"
ASK_AGE = "action_ask_age"
ANSWER_AGE = "action_answer_age"
YOUNG_PERSON = "action_young_person"
SET_COUNTRY = "action_set_country"
SAFETY_ACTIONS = frozenset(
    {CRISIS, SAFETY_CHECK, CRISIS_KIND, SAFETY_PLAN_OFFER, START_SAFETY_PLAN, SAFETY_PLAN_STEP}
    | {SHOW_SAFETY_PLAN, CORRECT_FLAG, ASK_AGE, ANSWER_AGE, YOUNG_PERSON, SET_COUNTRY}
)

# What a safety action asked, kept in the slot `safety_asked`.
ASKED_SAFE_NOW = "safe_now"
ASKED_SAFE_NOW_AGAIN = "safe_now_again"  # asked twice: a third unrelated message moves on
ASKED_CRISIS_KIND = "crisis_kind"
ASKED_SAFETY_PLAN_OFFER = "safety_plan_offer"
ASKED_SAFETY_PLAN = "safety_plan"
ASKED_AGE = "age"

# A young person may still erase their data, ask what Kintsugi is, or say goodbye.
ALWAYS_ANSWERED = frozenset({"delete_my_data", "bot_challenge", "goodbye"})
# Asked "are you safe right now?", a person who asks for something plainly (a human, an
# exercise, their plan, an answer to a question) or to erase or leave, is answered, not asked
# the same question again: they have moved on, and the crisis answer gave the numbers.
ANSWERED_BEFORE_THE_CHECK = ALWAYS_ANSWERED | {
    "ask",
    "human_handoff",
    "request_exercise",
    "show_plan",
    "make_safety_plan",
    "show_safety_plan",
}


@dataclass(frozen=True)
class SafetyTurn:
    text: str
    intent: str | None
    risk: bool  # this message, or it with the ones before, shows risk
    asked: str | None  # what the previous safety action asked, if it was the last thing said
    says_under_18: bool = False
    under_18: bool = False  # confirmed
    age_checked: bool = False  # the person said they are an adult
    names_country: bool = False  # the whole message names a country Kintsugi has numbers for


def next_safety_action(turn: SafetyTurn) -> str | None:
    """The safety action for this message, or None to let the other policies answer."""
    if turn.asked == ASKED_SAFETY_PLAN:
        return SAFETY_PLAN_STEP  # the plan's answers name warning signs: they are not a new crisis
    asked_if_safe = turn.asked in (ASKED_SAFE_NOW, ASKED_SAFE_NOW_AGAIN)
    if turn.intent == "correct_safety_flag" and not turn.risk:
        # "he doesnt hit me, im not scared of him" answers the question; it does not take
        # back what was said before it. Only "you misread me" in plain words lifts the flag.
        if not asked_if_safe or says_misread(turn.text) or read_answer_then_more(turn.text) is None:
            return CORRECT_FLAG
        return SAFETY_CHECK
    answer = read_safety_answer(turn.text, turn.intent) if asked_if_safe else None
    if answer or (turn.intent == "safety_answer" and not turn.risk):
        return SAFETY_CHECK  # a longer answer is read there by its first clause: no new risk in it
    if turn.names_country or turn.intent == "inform_country":
        return SET_COUNTRY
    if turn.asked == ASKED_CRISIS_KIND and (turn.intent == "crisis_kind" or not turn.risk):
        return CRISIS_KIND
    if turn.intent == "crisis_kind":
        return CRISIS_KIND
    if turn.risk:
        return CRISIS
    if turn.intent == "correct_safety_flag":
        return CORRECT_FLAG
    if turn.asked == ASKED_SAFE_NOW and turn.intent not in ANSWERED_BEFORE_THE_CHECK:
        return SAFETY_CHECK  # something else: the question is asked once more, gently
    if turn.asked == ASKED_SAFETY_PLAN_OFFER and (
        turn.intent == "make_safety_plan" or read_yes_no(turn.text, turn.intent) is not None
    ):
        return SAFETY_PLAN_OFFER
    if turn.intent == "make_safety_plan":
        return START_SAFETY_PLAN
    if turn.intent == "show_safety_plan":
        return SHOW_SAFETY_PLAN
    if turn.asked == ASKED_AGE and (turn.says_under_18 or read_yes_no(turn.text, turn.intent) is not None):
        return ANSWER_AGE
    if turn.under_18:
        return None if turn.intent in ALWAYS_ANSWERED else YOUNG_PERSON
    if turn.says_under_18 and not turn.age_checked:
        return ASK_AGE
    return None
