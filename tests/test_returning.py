"""A person who comes back is asked about the exercise they meant to try, plan or no plan."""

import uuid

from bot.storage.database import session_scope
from bot.storage.repository import accept_latest_offer, get_or_create_person, record_feedback, record_offer


def asked_about(db_url, setup) -> "str | None":
    from actions.session import exercise_to_ask_about

    key = uuid.uuid4().hex * 2
    with session_scope(db_url) as session:
        setup(session, get_or_create_person(session, key))
    with session_scope(db_url) as session:
        return exercise_to_ask_about(session, get_or_create_person(session, key))


def test_the_exercise_said_yes_to_without_a_plan_is_asked_about(db_url):
    # "ok ill do that one this week", then a week later: the letter is named on return.
    def accepted_the_letter(session, person):
        record_offer(session, person, "unsent_impact_letter", "feelings")
        session.flush()
        accept_latest_offer(session, person)

    assert asked_about(db_url, accepted_the_letter) == "unsent_impact_letter"


def test_an_exercise_already_reported_on_is_not_asked_about_again(db_url):
    def accepted_and_reported(session, person):
        record_offer(session, person, "unsent_impact_letter", "feelings")
        session.flush()
        accept_latest_offer(session, person)
        record_feedback(session, person, "unsent_impact_letter", "done", 4)

    assert asked_about(db_url, accepted_and_reported) is None


def test_an_offer_never_taken_up_is_not_asked_about(db_url):
    def only_offered(session, person):
        record_offer(session, person, "grounding_senses", "feelings")

    assert asked_about(db_url, only_offered) is None


def test_an_exercise_said_yes_to_is_named_when_the_person_comes_back(
    new_conversation, agent, event_loop_for_agent
):
    from rasa.shared.core.trackers import DialogueStateTracker

    first = new_conversation()
    first.say("my girlfriend cheated on me with her ex a month ago")
    card = first.say("ive heard about writing a letter you dont send. can i do that")
    assert any("letter" in (m.get("text") or "").lower() for m in card)
    first.say("ok ill do that one this week")
    # A week later: a new, empty tracker for the person; only Kintsugi's tables remember.
    empty = DialogueStateTracker(first.sender_id, agent.domain.slots)
    event_loop_for_agent.run_until_complete(agent.tracker_store.save(empty))
    later = new_conversation(sender_id=first.sender_id)
    opening = later.say("/session_start")
    assert any("letter" in (m.get("text") or "").lower() for m in opening)
