"""Typed answers while building a plan or reporting back are read without buttons."""

from datetime import date

import pytest

from bot.conversation.plan_answers import read_check_in, read_frequency, read_helpfulness, read_outcome

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
