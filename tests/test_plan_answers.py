"""Typed answers while building a plan or reporting back are read without buttons."""

from datetime import date

import pytest

from bot.conversation.plan_answers import (
    read_check_in,
    read_frequency,
    read_helpfulness,
    read_outcome,
    read_success_sign,
    sign_is_met,
)

TODAY = date(2026, 11, 24)  # a Tuesday


@pytest.mark.parametrize(
    ("text", "frequency"),
    [("every day", "daily"), ("3 times a week", "3 times a week"), ("three x per week", "3 times a week"),
     ("once a week", "weekly"), ("whenever we both feel calm", "whenever we both feel calm")],
)  # fmt: skip
def test_frequency(text, frequency):
    assert read_frequency(text) == frequency


@pytest.mark.parametrize(
    ("text", "expected"),
    [("in a week", date(2026, 12, 1)), ("2 weeks", date(2026, 12, 8)), ("in 10 days", date(2026, 12, 4)),
     ("next friday", date(2026, 11, 27)), ("2026-12-15", date(2026, 12, 15)), ("whenever", None)],
)  # fmt: skip
def test_check_in_date(text, expected):
    assert read_check_in(text, TODAY) == expected


@pytest.mark.parametrize(
    ("text", "outcome"),
    [("we did it", "done"), ("yes, finished it", "done"), ("we did half of it", "partly"),
     ("not yet", "not_yet"), ("we didn't get round to it", "not_yet"), ("hmm", None)],
)  # fmt: skip
def test_outcome(text, outcome):
    assert read_outcome(text) == outcome


@pytest.mark.parametrize(
    ("text", "rating"),
    [("4", 4), ("5/5", 5), ("two", 2), ("it really helped", 5), ("not helpful at all", 1), ("meh", None)],
)
def test_helpfulness(text, rating):
    assert read_helpfulness(text) == rating


@pytest.mark.parametrize("text", ["no", "nope", "idk", "I don't know", "nothing", "ok", "  ", "?"])
def test_an_answer_that_names_no_sign_of_progress_is_not_kept_as_one(text):
    assert read_success_sign(text) is None


def test_a_sign_of_progress_is_kept_in_the_persons_words():
    sign = "we go through the accounts on sunday without a fight"
    assert read_success_sign(f"  {sign} ") == sign


def test_a_report_that_says_what_the_saved_sign_says_is_noticed():
    sign = "we go through the accounts without a fight"
    assert sign_is_met("we went through the accounts on sunday and it didnt turn into a fight", sign)
    assert not sign_is_met("we did the daily check-in twice", sign)


@pytest.mark.parametrize(
    ("text", "kind", "position"),
    [
        ("how do i do number 2, the softened start-up?", "open", 2),
        ("how does the second one work", "open", 2),
        ("can i swap the self-worth one for something about money", "swap", 3),
        ("replace number 1 with something shorter", "swap", 1),
        ("i was number 2 on his list", None, None),
        ("we did number 1 last night and it went ok", None, None),
        ("how do i do number 7", None, None),
    ],
)
def test_one_item_of_a_plan_is_read_by_number_or_by_name(text, kind, position):
    from bot.conversation.plan_items import read_plan_item

    ask = read_plan_item(text, ["apology_needs", "softened_startup", "self_worth_plan"])
    assert (ask.kind, ask.position) == (kind, position) if kind else ask is None
