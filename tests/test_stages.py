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
