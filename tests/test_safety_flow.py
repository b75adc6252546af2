"""Which safety action answers a message (bot/safety/flow.py): every path, no model needed."""

import pytest

from bot.safety import flow
from bot.safety.answers_read import NOT_SAFE, SAFE, UNSURE, read_answer_then_more, read_safety_answer
from bot.safety.flow import SafetyTurn, next_safety_action


def turn(text: str, **facts) -> SafetyTurn:
    return SafetyTurn(text=text, intent=facts.pop("intent", None), risk=facts.pop("risk", False),
                      asked=facts.pop("asked", None), **facts)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yes", SAFE), ("yes im safe", SAFE), ("i'm ok", SAFE), ("no", NOT_SAFE), ("im not safe", NOT_SAFE),
        ("not really", NOT_SAFE), ("i don't know", UNSURE), ("idk", UNSURE), ("not sure", UNSURE),
        ("maybe", UNSURE), ("what do you mean by that exactly, i was talking about her", None),
        ("theres no abuse", None), ("i guess im safe tonight", SAFE), ("i think so", SAFE),
        ("i don't think so", NOT_SAFE),
    ],
)  # fmt: skip
def test_answers_to_are_you_safe_are_read_in_the_persons_words(text, answer):
    assert read_safety_answer(text) == answer


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("yeah im safe right now. my sister came over and shes staying tonight", SAFE),
        ("no, hes still downstairs and i can hear him shouting at the kids", NOT_SAFE),
        ("not sure tbh, he said he would come back later tonight", UNSURE),
        ("what do you mean by that exactly, i was talking about her", None),
        # Safety told as the absence of danger, at any length (it was asked again).
        ("he doesnt hit me or anything. im not scared of him like that", SAFE),
        ("she has never hurt me, shes just angry", SAFE),
        ("i think so, hes at work right now", SAFE),  # was asked "are you safe?" once more
    ],
)
def test_an_answer_with_more_after_it_is_read_by_its_first_clause(text, answer):
    # "yeah im safe right now. my sister came over..." was asked "are you safe?" once more.
    assert read_answer_then_more(text) == answer


def test_a_safety_answer_intent_with_a_new_risk_is_a_crisis_not_an_answer():
    text = "yes im safe but he has the gun in the car and said he would use it tonight"
    assert (
        next_safety_action(turn(text, intent="safety_answer", risk=True, asked=flow.ASKED_SAFE_NOW))
        == flow.CRISIS
    )


def test_im_not_safe_after_the_question_is_an_answer_not_a_new_crisis():
    assert next_safety_action(turn("I'm not safe", risk=True, asked=flow.ASKED_SAFE_NOW)) == flow.SAFETY_CHECK


def test_i_dont_know_after_the_question_is_an_answer():
    assert next_safety_action(turn("i don't know", asked=flow.ASKED_SAFE_NOW)) == flow.SAFETY_CHECK


def test_a_new_disclosure_after_the_question_is_answered_as_a_crisis():
    text = "no, he is outside the door with a knife and shouting"
    assert next_safety_action(turn(text, risk=True, asked=flow.ASKED_SAFE_NOW)) == flow.CRISIS


def test_something_else_after_the_question_asks_it_once_more_then_moves_on():
    assert (
        next_safety_action(turn("what should i tell my sister", asked=flow.ASKED_SAFE_NOW))
        == flow.SAFETY_CHECK
    )
    assert next_safety_action(turn("what should i tell my sister", asked=flow.ASKED_SAFE_NOW_AGAIN)) is None


@pytest.mark.parametrize(
    "intent", ["human_handoff", "delete_my_data", "goodbye", "request_exercise", "show_plan", "ask"]
)
def test_a_plain_request_or_leaving_after_the_question_is_answered_not_asked_again(intent):
    # "can you give us an exercise to do together" got "are you safe right now?" a fourth time.
    # "is there a real person i could talk to" was met with "are you safe right now?" again.
    assert (
        next_safety_action(
            turn("is there a real person i could talk to", intent=intent, asked=flow.ASKED_SAFE_NOW)
        )
        is None
    )


def test_asking_for_a_safety_plan_after_the_question_starts_it():
    plan = turn("can we make a safety plan", intent="make_safety_plan", asked=flow.ASKED_SAFE_NOW)
    assert next_safety_action(plan) == flow.START_SAFETY_PLAN


def test_a_yes_to_the_safety_plan_offer_goes_to_the_plan():
    assert (
        next_safety_action(turn("yes", intent="affirm", asked=flow.ASKED_SAFETY_PLAN_OFFER))
        == flow.SAFETY_PLAN_OFFER
    )


def test_the_safety_plans_answers_are_not_new_crises():
    text = "when i start counting the pills again"
    assert next_safety_action(turn(text, risk=True, asked=flow.ASKED_SAFETY_PLAN)) == flow.SAFETY_PLAN_STEP


def test_a_stale_question_is_not_answered():
    # `asked` is None when anything came between the question and this message
    assert next_safety_action(turn("yes", intent="affirm")) is None


def test_an_unsure_risk_type_is_answered_with_the_chosen_kind():
    assert (
        next_safety_action(turn("/crisis_kind", intent="crisis_kind", asked=flow.ASKED_CRISIS_KIND))
        == flow.CRISIS_KIND
    )
    assert next_safety_action(turn("its about me", asked=flow.ASKED_CRISIS_KIND)) == flow.CRISIS_KIND


def test_you_misread_me_corrects_the_flag_even_right_after_are_you_safe():
    assert next_safety_action(turn("you misread me", intent="correct_safety_flag")) == flow.CORRECT_FLAG
    misread = turn("you misread me, theres no abuse", intent="correct_safety_flag", asked=flow.ASKED_SAFE_NOW)
    assert next_safety_action(misread) == flow.CORRECT_FLAG


def test_no_danger_in_answer_to_are_you_safe_keeps_the_flag_even_if_read_as_a_correction():
    # Read as correct_safety_flag (0.52), this lifted the flag after a plain disclosure of
    # isolation and money control: "The couples exercises are back on".
    text = "he doesnt hit me or anything. im not scared of him like that"
    answer = turn(text, intent="correct_safety_flag", asked=flow.ASKED_SAFE_NOW)
    assert next_safety_action(answer) == flow.SAFETY_CHECK
    assert next_safety_action(turn(text, intent="correct_safety_flag")) == flow.CORRECT_FLAG


def test_an_age_is_confirmed_once_before_anything_is_locked():
    assert next_safety_action(turn("im 15", says_under_18=True)) == flow.ASK_AGE
    assert next_safety_action(turn("yes", intent="affirm", asked=flow.ASKED_AGE)) == flow.ANSWER_AGE
    assert next_safety_action(turn("im 15", says_under_18=True, age_checked=True)) is None


@pytest.mark.parametrize("intent", ["delete_my_data", "bot_challenge", "goodbye"])
def test_a_young_person_can_still_delete_their_data_or_ask_what_kintsugi_is(intent):
    assert next_safety_action(turn("...", intent=intent, under_18=True)) is None


def test_a_young_person_gets_no_couples_content():
    assert (
        next_safety_action(turn("how do we rebuild trust", intent="reassurance", under_18=True))
        == flow.YOUNG_PERSON
    )


def test_naming_a_country_sets_the_contacts():
    assert next_safety_action(turn("uk", names_country=True)) == flow.SET_COUNTRY
