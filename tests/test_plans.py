"""Repair plans: built by typing, confirmed, saved, shown again, and followed up."""

import json
import urllib.request

from tests.conftest import kintsugi_environment, kintsugi_running


def build_plan(say) -> None:
    """A couple types their way from hello to a saved plan; `say(text)` sends one message."""
    build_plan_until_confirmation(say)
    say("/affirm")  # "Save it"


def build_plan_until_confirmation(say) -> None:
    say("hi")
    say("we are both here together, he had an affair last year")
    say("we are both so hurt and angry, we keep fighting")
    say("we want a plan to rebuild")
    say("/affirm")  # "Yes, let's build it"
    say("3 times a week")
    say("in 2 weeks")
    say("we can talk about the affair without shouting")


def test_a_plan_is_built_by_typing_and_saved(conversation):
    build_plan(conversation.say)
    events = list(conversation.tracker.events)
    last_user = max(i for i, e in enumerate(events) if e.type_name == "user")
    said = [e.metadata.get("utter_action") for e in events[last_user:] if e.type_name == "bot"]
    assert "utter_plan_saved" in said  # said by action_save_plan itself, once saved
    assert 2 <= len(conversation.slot("plan_exercises")) <= 3
    reply = conversation.texts("show my plan")
    assert "3 times a week" in reply and "without shouting" in reply


def test_changing_the_plan_before_saving_asks_again(conversation):
    build_plan_until_confirmation(conversation.say)
    conversation.say("/deny")  # "Change something"
    assert conversation.slot("requested_slot") == "plan_frequency"
    conversation.say("every day")
    conversation.say("in a week")
    conversation.say("we laugh together again")
    conversation.say("/affirm")
    assert "daily" in conversation.texts("show my plan")


def test_a_returning_person_is_asked_how_the_exercise_went_and_the_answer_is_recorded(new_conversation):
    first = new_conversation()
    build_plan(first.say)
    returning = new_conversation(sender_id=first.sender_id)
    greeting = "\n".join(m.get("text") or "" for m in returning.say("/session_start"))
    assert "How did" in greeting or "Did you get to try" in greeting
    returning.say("we did the exercise")
    assert returning.slot("requested_slot") == "progress_helpfulness"
    returning.say("4")
    assert "action_record_progress" in returning.actions_after_last_user_message()
    assert "Done so far" in returning.texts("show my plan")


def test_a_progress_report_with_no_exercise_on_record_is_told_so_and_offered_one(conversation):
    conversation.say("hi")
    reply = conversation.texts("we did the exercise")
    assert "exercise on record" in reply or "haven't started an exercise" in reply
    assert conversation.slot("requested_slot") is None  # not left inside the report
    assert conversation.tracker.active_loop_name is None
    assert "minutes" in conversation.texts("/request_exercise")  # the offered button works


def post(base: str, sender: str, message: str) -> list:
    request = urllib.request.Request(
        f"{base}/webhooks/rest/webhook",
        data=json.dumps({"sender": sender, "message": message}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return json.loads(reply.read())


def plan_lines(replies: list) -> list:
    text = "\n".join(r.get("text") or "" for r in replies)
    return [line for line in text.splitlines() if line[:2] in ("1.", "2.", "3.")] + [
        part for part in ("3 times a week", "without shouting") if part in text
    ]


def test_a_plan_is_shown_unchanged_in_a_new_conversation_after_the_servers_restart(trained_model, tmp_path):
    env = kintsugi_environment(tmp_path)
    with kintsugi_running(env) as base:
        build_plan(lambda text: post(base, "returning-person", text))
        before = plan_lines(post(base, "returning-person", "show my plan"))
    with kintsugi_running(env) as base:
        post(base, "returning-person", "/session_start")
        after = plan_lines(post(base, "returning-person", "show my plan"))
    assert len(before) >= 4 and after == before
