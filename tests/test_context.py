"""Who is talking and what happened, read from free text (bot/conversation/context.py)."""

import pytest

from bot.conversation.context import infer_betrayal_type, infer_role


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("I found messages on his phone", "hurt_partner"),
        ("my wife has been texting her ex for months", "hurt_partner"),
        ("he cheated on me with a coworker", "hurt_partner"),
        ("we were together 12 years and he cheated on me", "hurt_partner"),
        ("we are together ten years and i cheated on her", "involved_partner"),
        ("i am the one who was betrayed", "hurt_partner"),
        ("I need to tell my wife I slept with someone", "involved_partner"),
        ("i cheated on my boyfriend and he doesnt know", "involved_partner"),
        ("i am the one who broke the trust", "involved_partner"),
        ("i've been hiding gambling losses from my husband", "involved_partner"),
        ("i lost 6k gambling and my wife doesnt know", "involved_partner"),
        ("i took out a loan for the betting, she has no idea", "involved_partner"),
        ("my husband told me last night hes been seeing someone from his gym", "hurt_partner"),
        ("we are both here together", "both"),
        ("both of us", "both"),
    ],
)
def test_role_is_read_from_free_text(text, role):
    assert infer_role(text) == role


@pytest.mark.parametrize("text", ["hello", "i feel awful", "what should i do"])
def test_role_is_left_unknown_when_the_text_does_not_say(text):
    assert infer_role(text) is None


@pytest.mark.parametrize(
    ("text", "betrayal_type"),
    [
        ("it was a physical affair", "affair"),
        ("he slept with someone at a conference", "affair"),
        ("she fell in love with her colleague, nothing physical", "emotional_affair"),
        ("it was an emotional affair", "emotional_affair"),
        ("he was on tinder the whole time", "secret_contact"),
        ("secret texting with his ex", "secret_contact"),
        ("she hid 30k of credit card debt", "financial"),
        ("he lied about money for years", "financial"),
        ("it was a pattern of lying", "lying"),
        # The form asked what kind of betrayal six times after this, in a blind session.
        ("i had a thing with someone from work for about 2 months, its over now", "affair"),
        ("it was just a fling", "affair"),
        ("it was something else", "other"),
    ],
)
def test_betrayal_type_is_read_from_free_text(text, betrayal_type):
    assert infer_betrayal_type(text) == betrayal_type


def test_past_tense_confessions_name_the_involved_partner():
    assert (
        infer_role("i was texting my ex behind my girlfriends back and she found out") == "involved_partner"
    )
