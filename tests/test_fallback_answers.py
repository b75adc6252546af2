"""What the Rasa server says in the action server's place, and for a turn that failed as a whole."""

import pytest

from bot.rasa_components.fallback_answers import END_TURN, FALLBACK_MARK, FallbackAnswers

ANSWERS = FallbackAnswers.load()
TROUBLE = {m.text for m in ANSWERS.messages["action_server_trouble"]}


def tracker(*events: dict, **state: object) -> dict:
    """A tracker state as Rasa sends it to the action server."""
    return {"events": list(events), "slots": {}, "latest_message": {}, "active_loop": {}, **state}


def user(text: str = "hello") -> dict:
    return {"event": "user", "text": text}


def test_a_crisis_action_answered_in_its_place_carries_the_locales_contacts():
    latest = {"safety": {"risk_type": "self_harm"}, "metadata": {"locale": "en-GB"}}
    response = ANSWERS.for_action("action_crisis_support", tracker(user(), latest_message=latest))
    text = response["responses"][0]["text"]
    assert "999" in text and "116 123" in text
    assert {"event": "slot", "name": "risk_type", "value": "self_harm"} in response["events"]


def test_a_crisis_of_unknown_type_gets_every_contact():
    response = ANSWERS.for_action("action_crisis_support", tracker(user()))
    text = response["responses"][0]["text"]
    assert "findahelpline.com" in text and "domestic-abuse" in text


def test_a_crisis_answered_in_its_place_ends_the_open_form():
    state = tracker(user(), active_loop={"name": "intake_form"})
    events = ANSWERS.for_action("action_crisis_support", state)["events"]
    assert {"event": "active_loop", "name": None} in events


def test_violence_answered_in_its_place_withholds_joint_exercises():
    latest = {"safety": {"risk_type": "violence"}}
    events = ANSWERS.for_action("action_crisis_support", tracker(user(), latest_message=latest))["events"]
    assert {"event": "slot", "name": "safety_concern", "value": True} in events


def test_a_young_person_answered_in_its_place_gets_child_protection_contacts():
    response = ANSWERS.for_action("action_young_person", tracker(user()))
    assert "child" in response["responses"][0]["text"].lower()
    assert {"event": "slot", "name": "under_18", "value": True} in response["events"]


def test_any_other_action_gets_one_calm_give_me_a_moment():
    response = ANSWERS.for_action("action_suggest_exercise", tracker(user()))
    assert [r["text"] for r in response["responses"]][0] in TROUBLE
    assert response["events"] == [END_TURN]


def test_a_turn_gets_only_one_give_me_a_moment():
    said = {"event": "bot", "text": "...", "metadata": {FALLBACK_MARK: True}}
    response = ANSWERS.for_action("action_advance_stage", tracker(user(), said))
    assert response == {"events": [END_TURN], "responses": []}


@pytest.mark.parametrize(
    "action", ["action_save_plan", "action_delete_my_data", "action_crisis_support", "action_young_person"]
)
def test_an_action_answered_in_its_place_ends_the_turn(action):
    """No rule goes on after an action that did not run ("Your plan is saved." with no plan)."""
    events = ANSWERS.for_action(action, tracker(user(), active_loop={"name": "plan_form"}))["events"]
    assert events[-1] == {"event": "followup", "name": "action_listen"}


def test_the_next_turn_gets_its_own_give_me_a_moment():
    said = {"event": "bot", "text": "...", "metadata": {FALLBACK_MARK: True}}
    response = ANSWERS.for_action("action_suggest_exercise", tracker(user(), said, user("again")))
    assert len(response["responses"]) == 1


def test_failed_slot_filling_says_nothing_of_its_own():
    assert ANSWERS.for_action("action_validate_slot_mappings", tracker(user())) == {
        "events": [],
        "responses": [],
    }


def test_a_session_started_in_its_place_says_what_kintsugi_is_and_keeps_the_slots():
    state = tracker(slots={"role": "hurt_partner", "stage": None, "requested_slot": "role"})
    response = ANSWERS.for_action("action_session_start", state)
    assert "not a therapist" in response["responses"][0]["text"]
    events = response["events"]
    assert events[0] == {"event": "session_started"} and events[-1] == {
        "event": "action",
        "name": "action_listen",
    }
    assert [e["name"] for e in events[1:-1]] == ["role"]


def test_a_failed_turn_asks_to_send_the_message_again():
    storage_trouble = {m.text for m in ANSWERS.messages["storage_trouble"]}
    assert ANSWERS.for_failed_turn({"intent": {"name": "hurt"}}, None).text in storage_trouble
    assert ANSWERS.for_failed_turn(None, None).text in storage_trouble


def test_a_failed_turn_that_shows_a_risk_gets_the_crisis_contacts():
    parse_data = {"intent": {"name": "crisis"}, "safety": {"risk_type": "abuse"}}
    text = ANSWERS.for_failed_turn(parse_data, {"locale": "en-GB"}).text
    assert "0808 2000 247" in text
