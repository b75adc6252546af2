"""Reading back what the last turn offered (bot/conversation/offers.py)."""

import pytest

from bot.conversation.offers import Offer, card_in_last_turn, offer_in_last_turn


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def bot(text: str, **metadata) -> dict:
    return {"event": "bot", "text": text, "metadata": metadata}


def test_an_offer_from_a_domain_response_is_read_from_its_metadata():
    events = [
        user("how do i trust him"),
        bot("Would you like an idea?", metadata={"offer": "exercise:x"}),
        user("yes"),
    ]
    assert offer_in_last_turn(events) == Offer("exercise", "x")


def test_an_offer_from_a_custom_action_is_read_from_its_keyword():
    events = [user("q"), bot("answer"), bot("Shall I say more?", offer="topic:recovery_time"), user("yes")]
    assert offer_in_last_turn(events) == Offer("topic", "recovery_time")


def test_an_offer_made_two_turns_ago_is_not_delivered():
    events = [
        user("q"),
        bot("Would you like it?", offer="exercise:x"),
        user("i feel awful"),
        bot("I hear you."),
        user("yes"),
    ]
    assert offer_in_last_turn(events) is None


def test_the_card_on_screen_is_known_without_an_offer():
    events = [
        user("give me an exercise"),
        bot("Card", exercise_card="trigger_map"),
        bot("Give it a go?"),
        user("ill try it"),
    ]
    assert card_in_last_turn(events) == "trigger_map"
    assert offer_in_last_turn(events) is None


@pytest.mark.parametrize("value", ["plan:now", "", "gift:card"])
def test_an_unknown_offer_kind_is_refused_with_its_name(value):
    with pytest.raises(ValueError, match="unknown offer kind"):
        Offer.parse(value)


def test_every_offer_written_in_the_domain_can_be_delivered():
    """Each `metadata: {offer: ...}` names a kind Kintsugi knows and an exercise or topic that exists."""
    import yaml

    from bot.exercises.catalogue import load_catalogue
    from bot.settings import PROJECT_ROOT
    from bot.topics.library import load_library

    exercises, topics = load_catalogue(), load_library()
    responses = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]
    offers = [
        Offer.parse(variation["metadata"]["offer"])
        for variations in responses.values()
        for variation in variations
        if "offer" in (variation.get("metadata") or {})
    ]
    assert len(offers) >= 20
    for offer in offers:
        if offer.kind == "exercise" and offer.item not in (None, "solo"):
            assert offer.item in exercises, offer
        if offer.kind == "topic":
            assert offer.item in topics, offer
