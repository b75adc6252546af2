"""A follow-up question read with the conversation around it (bot/topics/context.py)."""

from actions.topics import LIBRARY
from bot.topics.context import follow_up_in_context, topics_near


def parse_with(*ranking: tuple[str, float]) -> dict:
    entries = [{"intent_response_key": f"ask/{topic}", "confidence": c} for topic, c in ranking]
    return {"response_selector": {"ask": {"response": entries[0], "ranking": entries}}}


# "would it be better to do it with a therapist there", as the selector ranked it alone.
THERAPIST_THERE = parse_with(
    ("therapist_vs_kintsugi", 0.28),
    ("confess_with_therapist", 0.21),
    ("individual_therapy", 0.17),
    ("therapist_not_helping", 0.08),
)


def test_after_an_answer_on_confessing_therapist_there_means_confessing_with_one():
    [near] = topics_near(LIBRARY, "confess_when", [])
    assert "confess_with_therapist" in near and "therapist_vs_kintsugi" not in near
    assert follow_up_in_context(THERAPIST_THERE, LIBRARY, [near]) == "confess_with_therapist"


def test_with_nothing_talked_about_an_unsure_question_stays_unsure():
    assert topics_near(LIBRARY, None, []) == []
    assert follow_up_in_context(THERAPIST_THERE, LIBRARY, []) is None


def test_a_question_far_from_the_conversation_is_not_pulled_into_it():
    # Just after money, a question that reads as being about Kintsugi stays unanswered.
    nears = topics_near(LIBRARY, "hidden_debt", [])
    about_kintsugi = parse_with(("kintsugi_can_do", 0.25), ("debt_advice", 0.02))
    assert follow_up_in_context(about_kintsugi, LIBRARY, nears) is None


def test_the_exercise_in_hand_brings_its_follow_on_topic_near():
    # An earlier topic's theme is near too, but the exercise tells more.
    nears = topics_near(LIBRARY, "love_and_hate", ["unsent_impact_letter"])
    assert nears[0] == {"after_unsent_letter"} and "love_and_hate" in nears[1]
    # "what do i do with it now, should i show it to her", after the unsent letter.
    ranking = parse_with(("being_the_one_to_bring_it_up", 0.199), ("after_unsent_letter", 0.078))
    assert follow_up_in_context(ranking, LIBRARY, nears) == "after_unsent_letter"
