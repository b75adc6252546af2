"""Choosing an exercise: plain Python, deterministic, safe, and it honours feedback."""

from bot.exercises.catalogue import load_catalogue
from bot.exercises.selection import Situation, choose_exercise, estimate_intensity

CATALOGUE = load_catalogue()


def choose(**situation):
    return choose_exercise(CATALOGUE.values(), Situation(**situation))


def test_the_same_situation_always_gives_the_same_exercise():
    situation = dict(role="hurt_partner", stage="feelings", betrayal_type="affair")
    assert choose(**situation).exercise.id == choose(**situation).exercise.id


def test_someone_flooded_gets_a_calming_exercise_they_can_do_alone():
    choice = choose(role="both", stage="repair_planning", intensity="flooded")
    assert "flooded" in choice.exercise.intensity
    assert "calming" in choice.reason


def test_something_else_never_repeats_what_was_offered():
    first = choose(role="involved_partner", stage="accountability")
    second = choose(role="involved_partner", stage="accountability", offered=(first.exercise.id,))
    assert second.exercise.id != first.exercise.id


def test_an_exercise_rated_unhelpful_is_not_offered_again():
    first = choose(role="hurt_partner", stage="reassurance")
    again = choose(role="hurt_partner", stage="reassurance", unhelpful=frozenset({first.exercise.id}))
    assert again.exercise.id != first.exercise.id


def test_financial_betrayal_gets_a_money_exercise_when_ready():
    choice = choose(role="both", stage="repair_planning", betrayal_type="financial")
    assert choice.exercise.betrayal_types == {"financial"}


def test_nothing_about_the_future_while_affair_contact_continues():
    for stage in ("reassurance", "repair_planning"):
        choice = choose(role="both", stage=stage, betrayal_type="affair", ongoing_contact=True)
        assert choice is None or "ongoing_contact" not in choice.exercise.contraindications


def test_someone_under_18_gets_no_couples_exercise():
    assert choose(role="hurt_partner", stage="feelings", safety_flags=frozenset({"under_18"})) is None


def test_every_choice_explains_itself_in_one_sentence():
    choice = choose(role="hurt_partner", stage="feelings")
    assert choice.reason.endswith(".") and choice.reason.count(". ") == 0


def test_intensity_is_read_from_recent_messages():
    assert estimate_intensity(["my heart is racing and i cant breathe"], hurt_recently=True) == "flooded"
    assert estimate_intensity(["i feel so betrayed"], hurt_recently=True) == "high"
    assert estimate_intensity(["we are feeling better this week"], hurt_recently=False) == "calm"
