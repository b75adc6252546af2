"""Offers are binding in conversation: "yes" delivers exactly what the last turn offered."""

from bot.conversation.offers import OFFER_KEY, Offer


def last_offer(conversation) -> Offer | None:
    """The offer Kintsugi's latest messages carry, as the person saw them."""
    events = list(conversation.tracker.events)
    last_user = max(i for i, e in enumerate(events) if e.type_name == "user")
    for event in reversed(events[last_user:]):
        if event.type_name == "bot":
            metadata = event.metadata or {}
            value = metadata.get(OFFER_KEY) or (metadata.get("metadata") or {}).get(OFFER_KEY)
            if value:
                return Offer.parse(value)
    return None


def assert_yes_delivers(conversation, offer: Offer) -> None:
    reply = conversation.texts(
        "yes both of us want that" if offer.item == "hearing_impact_mirroring" else "yes"
    )
    assert "action_accept_offer" in conversation.actions_after_last_user_message()
    if offer.kind == "exercise" and offer.item not in (None, "solo"):
        assert conversation.slot("exercise_id") == offer.item, reply
    elif offer.kind == "exercise":
        assert conversation.slot("exercise_id"), reply
    elif offer.kind == "listen":
        assert "listen" in reply.lower() or "go on" in reply.lower() or "i'm here" in reply.lower()


def test_every_offer_made_while_talking_is_kept(new_conversation):
    """A couple and each partner, three offers each: whatever was offered is what "yes" gives."""
    openings = {
        "we are both here together. he had an affair last year and we want to fix it": [
            "i still feel sick when i think about it",
            "how do we rebuild trust after this",
            "he said sorry but it felt empty",
        ],
        "my husband cheated on me with his coworker": [
            "will i ever be able to trust him again",
            "i cant stop crying",
            "his apology felt so hollow",
        ],
        "i had an affair and my wife found out last month": [
            "how do i show her she can trust me again",
            "i want to apologise to her properly",
            "she keeps getting triggered and i dont know what to do",
        ],
    }
    checked = 0
    for opening, messages in openings.items():
        for message in messages:
            conversation = new_conversation()
            conversation.say("hi")
            conversation.say(opening)
            conversation.say(message)
            offer = last_offer(conversation)
            if offer is not None:
                assert_yes_delivers(conversation, offer)
                checked += 1
    assert checked >= 2  # which replies offer something varies; each offer made is checked


def test_ok_to_how_are_you_really_does_not_start_the_plan(conversation):
    conversation.say("hi")
    conversation.say("my girlfriend cheated on me")
    conversation.say("can we make a plan to fix this")  # the hurt has not been heard yet
    conversation.say("ok")
    assert conversation.slot("active_loop") is None or conversation.tracker.active_loop_name != "plan_form"
    assert "action_propose_plan" not in conversation.actions_after_last_user_message()


def test_yes_to_something_on_your_own_after_abuse_is_one_exercise_for_you_alone(conversation):
    conversation.say("hi")
    conversation.say("he had an affair and now he checks my phone every night and wont let me see my friends")
    conversation.say("yes please")  # whatever the safety answer asked
    conversation.say("i want a plan for us to fix this")
    conversation.say("yes")
    actions = conversation.actions_after_last_user_message()
    assert "plan_form" not in actions and "action_propose_plan" not in actions
    exercise = conversation.slot("exercise_id")
    if exercise:
        from bot.exercises.catalogue import load_catalogue

        assert not load_catalogue()[exercise].partner_present


def test_ill_try_it_to_the_card_on_screen_keeps_that_exercise(conversation):
    conversation.say("hi")
    conversation.say("my wife had an emotional affair")
    conversation.say("can you give me an exercise")
    shown = conversation.slot("exercise_id")
    assert shown
    reply = conversation.texts("ok that one's actually decent. ill try it")
    assert conversation.slot("exercise_id") == shown, reply


def test_an_exercise_asked_for_by_name_is_that_exercise(conversation):
    conversation.say("hi")
    conversation.say("we are both here, she had an affair and we are trying to rebuild")
    conversation.say("can we do the daily reassurance check-in")
    assert conversation.slot("exercise_id") == "daily_reassurance_checkin"


def test_right_now_like_breathing_gets_a_calming_exercise(conversation):
    conversation.say("hi")
    conversation.say("my husband cheated on me and i found out tonight")
    conversation.say("give me an exercise")
    conversation.say("i mean right now. like breathing or something")
    assert conversation.slot("exercise_id") in {"grounding_senses", "slow_breathing", "park_night_thoughts"}
