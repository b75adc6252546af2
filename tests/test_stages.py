"""The recovery arc moves forward, and planning waits until the hurt has been heard."""

from bot.conversation.stages import advance_stage


def test_a_disclosure_starts_the_arc():
    assert advance_stage(None, "disclosure") == "acknowledgement"


def test_each_topic_moves_the_arc_forward():
    stage = None
    for intent in ("disclosure", "hurt", "apology", "reassurance", "plan_repair"):
        stage = advance_stage(stage, intent)
    assert stage == "repair_planning"


def test_the_arc_never_moves_backwards():
    assert advance_stage("reassurance", "hurt") == "reassurance"


def test_topics_outside_the_arc_leave_the_stage_alone():
    assert advance_stage("feelings", "greet") == "feelings"


def test_a_plan_before_the_hurt_is_heard_goes_to_feelings_first():
    assert advance_stage("acknowledgement", "plan_repair") == "feelings"
    assert advance_stage(None, "plan_repair") == "feelings"


def stage_after_plan_request(settings, said_before: list) -> dict:
    """The slots action_advance_stage sets for "we want a plan", after `said_before`."""
    import asyncio
    import uuid

    from rasa_sdk import Tracker
    from rasa_sdk.executor import CollectingDispatcher

    from actions.stages import ActionAdvanceStage
    from bot.storage.migrate import upgrade

    upgrade(settings.db_url)  # joint work is on only when the person's flags can be read
    texts = [*said_before, "i want us to have an actual plan"]
    events = [{"event": "user", "text": text, "parse_data": {"intent": {"name": "ask"}}} for text in texts]
    if said_before[:1] == ["hi"]:
        events[0]["parse_data"] = {"intent": {"name": "greet"}}
    latest = {"text": texts[-1], "intent": {"name": "plan_repair"}}
    tracker = Tracker(
        f"stage-{uuid.uuid4().hex[:10]}", {"stage": "acknowledgement"}, latest, events, False, None, {}, ""
    )
    result = asyncio.run(ActionAdvanceStage().run(CollectingDispatcher(), tracker, {}))
    return {event["name"]: event["value"] for event in result}


def test_a_plan_asked_for_after_talking_a_while_is_not_put_off(settings):
    # A hurt partner told what happened and kept talking; none of it read as `hurt`, and
    # "yes lets do it" to "first, how are you feeling?" met "what would you like to talk about".
    slots = stage_after_plan_request(
        settings,
        ["he kept it going for months over facetime", "every time i think i know it all theres more"],
    )
    assert slots == {"stage": "repair_planning", "plan_ready": True}


def test_a_plan_asked_for_straight_after_the_disclosure_waits_for_the_hurt(settings):
    assert stage_after_plan_request(settings, ["hi", "he cheated on me"]) == {"stage": "feelings"}
