"""Conversations through the trained model, the real action server and Rasa's own engine."""

ARC = ["acknowledgement", "feelings", "accountability", "reassurance", "repair_planning"]


def test_a_new_session_opens_with_what_kintsugi_is_and_is_not(conversation):
    first = conversation.say("hi")[0]["text"]
    assert "not a therapist" in first or "not therapy" in first
    assert "emergency" in first


def test_hurt_partner_goes_from_hello_to_repair_planning_typing_freely(conversation):
    conversation.say("hi there")
    conversation.say("i found messages on his phone, he has been sleeping with a coworker for months")
    assert conversation.slot("role") == "hurt_partner"
    assert conversation.slot("betrayal_type") == "affair"
    conversation.say("i cant stop crying and i feel so stupid for not seeing it")
    conversation.say("he said sorry but it felt empty, like he just wanted me to move on")
    conversation.say("how can i ever trust him again? will he do it again?")
    reply = conversation.texts("what do we do now, i want a plan to rebuild")
    assert conversation.slot_history("stage") == ARC
    assert "plan" in reply
    conversation.say("yes please")
    assert conversation.slot("plan_exercises")
    assert conversation.slot("requested_slot") == "plan_frequency"


def test_involved_partner_goes_from_hello_to_repair_planning_typing_freely(conversation):
    conversation.say("hello")
    conversation.say("i need to tell my wife that i slept with someone else last year")
    assert conversation.slot("role") == "involved_partner"
    conversation.say("i hate myself for what i did, the guilt is eating me alive")
    conversation.say("how do i apologise to her properly without making excuses")
    conversation.say("how do i show her she can trust me again")
    conversation.say("where do we go from here, can you help us make a recovery plan")
    assert conversation.slot_history("stage") == ARC


def test_a_couple_together_is_answered_as_a_couple(conversation):
    conversation.say("hi")
    conversation.say("we are both here together. she had an emotional affair with her friend from work")
    assert conversation.slot("role") == "both"
    assert conversation.slot("betrayal_type") == "emotional_affair"
    reply = conversation.texts("we are both so hurt and angry, we keep fighting").lower()
    assert "each of you" in reply or "either of you" in reply or "together" in reply


def test_intake_asks_who_is_talking_when_the_disclosure_does_not_say(conversation):
    conversation.say("/disclosure")  # the greeting's first button
    assert conversation.slot("requested_slot") == "role"
    conversation.say("i am the one who broke the trust")
    assert conversation.slot("role") == "involved_partner"
    assert conversation.slot("requested_slot") == "betrayal_type"
    conversation.say("it was hidden money and debt")
    assert conversation.slot("betrayal_type") == "financial"
    assert conversation.tracker.active_loop_name is None
    assert "action_acknowledge_disclosure" in conversation.actions_after_last_user_message()


def test_crisis_in_the_middle_of_the_intake_gets_crisis_support_and_no_form_question(conversation):
    conversation.say("/disclosure")  # the greeting's first button
    assert conversation.tracker.active_loop_name == "intake_form"
    messages = conversation.say("i dont want to be alive anymore, i have pills saved up")
    actions = conversation.actions_after_last_user_message()
    assert "action_crisis_support" in actions
    assert "intake_form" not in actions[actions.index("action_crisis_support") :]
    assert conversation.tracker.active_loop_name is None
    assert any("emergency" in (m.get("text") or "") for m in messages)
    assert any("safe" in (m.get("text") or "") for m in messages)  # "are you safe?" (the country may follow)


def test_crisis_gets_resources_for_the_persons_locale(new_conversation):
    conversation = new_conversation(metadata={"locale": "en-GB"})
    reply = conversation.texts("he hit me last night and said he would kill me if i leave")
    assert "999" in reply and "0808 2000 247" in reply
    assert "action_suggest_exercise" not in conversation.actions_after_last_user_message()


def test_are_you_a_bot_is_answered_honestly(conversation):
    reply = conversation.texts("am i talking to a real person?")
    assert "automated" in reply or "bot" in reply
    assert "not a therapist" in reply or "not a person" in reply


def test_a_plan_asked_for_too_early_hears_the_person_first(conversation):
    conversation.say("i just found out my husband has been on dating apps")
    conversation.say("what do we do now, i want a plan to fix this")
    assert conversation.slot("stage") == "feelings"
    assert "action_propose_plan" not in conversation.actions_after_last_user_message()


def test_asking_for_an_exercise_sets_exercise_id_and_something_else_gives_another(conversation):
    conversation.say("i found out my wife has been texting another man")
    conversation.say("give me an exercise to do")
    first = conversation.slot("exercise_id")
    assert first
    conversation.say("/request_exercise")  # the "Something else" button
    assert conversation.slot("exercise_id") not in (None, first)


def test_low_confidence_asks_to_rephrase_then_offers_choices(conversation):
    # "/nlu_fallback" is the intent the FallbackClassifier gives below its threshold.
    conversation.say("hi")
    first = conversation.say("/nlu_fallback")
    assert "action_offer_nearest_topics" in conversation.actions_after_last_user_message()
    assert not first[-1].get("buttons")
    second = conversation.say("/nlu_fallback")
    assert second[-1].get("buttons")


def test_a_very_long_message_is_answered(conversation):
    long_story = "i found out he has been lying to me about where he goes at night. " * 60
    messages = conversation.say(long_story)
    assert messages and all(m.get("text") for m in messages)


def test_i_dont_know_is_met_gently(conversation):
    conversation.say("hi")
    conversation.say("i honestly dont know")
    assert "utter_dont_know" in conversation.actions_after_last_user_message()
