"""The controlling behaviour named back to the person (bot/safety/behaviour.py)."""

import pytest

from bot.safety.behaviour import name_behaviour


@pytest.mark.parametrize(
    ("text", "behaviour"),
    [
        ("he says i owe him sex now because of what i did", "pressure about sex"),
        ("she says i lost the right to say no", "pressure about sex"),
        ("he takes my wages and gives me an allowance", "control of your money"),
        ("im not allowed to see my sister anymore", "keeping you from your friends and family"),
        ("he put an airtag in my car", "tracking or following where you go"),
        ("he reads every message on my phone", "checking your phone and messages"),
        (
            "he says i owe him my passwords and he checks my phone every night",
            "checking your phone and messages",
        ),
    ],
)
def test_the_behaviour_named_is_the_one_described(text, behaviour):
    assert name_behaviour(text) == behaviour


def test_owing_passwords_is_not_called_pressure_about_sex():
    assert name_behaviour("after his affair he says i owe him my passwords") != "pressure about sex"
