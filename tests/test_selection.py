"""Choosing an exercise: plain Python, deterministic, safe, and it honours feedback."""

from bot.exercises.catalogue import load_catalogue
from bot.exercises.request import ExerciseRequest, default_vocabulary
from bot.exercises.selection import Choice, Situation, choose_exercise, estimate_intensity

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


def test_a_reason_is_one_sentence_or_none_and_never_a_stock_line_by_stage():
    reasons = {
        choose(role=role, stage=stage).reason
        for role in ("hurt_partner", "involved_partner", "both")
        for stage in ("acknowledgement", "feelings", "accountability", "reassurance", "repair_planning")
        if choose(role=role, stage=stage)
    }
    assert reasons == {""}  # the exercise's own purpose is its reason
    calm = choose(role="hurt_partner", stage="feelings", intensity="flooded").reason
    assert calm.endswith(".") and calm.count(". ") == 0


def test_intensity_is_read_from_recent_messages():
    assert estimate_intensity(["my heart is racing and i cant breathe"], hurt_recently=True) == "flooded"
    assert estimate_intensity(["i feel so betrayed"], hurt_recently=True) == "high"
    assert estimate_intensity(["we are feeling better this week"], hurt_recently=False) == "calm"


def asked(text: str, **situation) -> Choice:
    """The choice for a request in the person's own words."""
    request = default_vocabulary().read(text)
    return choose_exercise(CATALOGUE.values(), Situation(request=request, **situation))


def test_right_now_like_breathing_gets_a_short_calming_exercise_with_its_own_reason():
    choice = asked("i mean right now. like breathing or something", role="hurt_partner", stage="reassurance")
    assert choice.exercise.id in {"grounding_senses", "slow_breathing"}
    assert choice.exercise.duration_minutes <= 10
    assert "right where you are" in choice.reason


def test_images_at_night_get_grounding_not_a_communication_exercise():
    choice = asked("i keep picturing them together, its 2am", role="hurt_partner", stage="feelings")
    assert choice.exercise.id in {"grounding_senses", "slow_breathing", "park_night_thoughts"}


def test_an_exercise_asked_for_by_name_is_that_exercise():
    choice = asked("can we do the daily reassurance check-in", role="both", stage="reassurance")
    assert choice.exercise.id == "daily_reassurance_checkin"
    choice = asked("the softened start-up one please", role="hurt_partner", stage="acknowledgement")
    assert choice.exercise.id == "softened_startup"  # asked for: the stage does not hold it back


def test_the_letter_one_means_the_letter_written_for_this_partner():
    assert (
        asked("the letter thing", role="hurt_partner", stage="feelings").exercise.id == "unsent_impact_letter"
    )
    assert (
        asked("the letter thing", role="involved_partner", stage="accountability").exercise.id
        == "apology_letter"
    )


def test_something_together_from_one_partner_is_a_joint_exercise_unless_joint_work_is_off():
    choice = asked("something we can do together", role="hurt_partner", stage="reassurance")
    assert choice.exercise.partner_present
    unsafe = asked(
        "something we can do together",
        role="hurt_partner",
        stage="reassurance",
        safety_flags=frozenset({"violence_or_abuse"}),
    )
    assert not unsafe.exercise.partner_present


def test_a_name_asked_for_is_still_refused_when_it_is_not_safe():
    choice = asked(
        "can we do the speaker listener exercise",
        role="both",
        stage="feelings",
        safety_flags=frozenset({"violence_or_abuse"}),
    )
    assert choice is None or not choice.exercise.partner_present


def test_a_person_who_disclosed_control_is_not_given_exercises_that_take_on_blame():
    # Told her husband keeps her bank card and says "it's what you deserve", an involved
    # partner asking for something to do together was given "Swap explaining for owning".
    choice = asked(
        "can you give us an exercise to do together so he trusts me again",
        role="involved_partner",
        stage="feelings",
        safety_flags=frozenset({"violence_or_abuse"}),
    )
    assert choice is not None and not choice.exercise.partner_present
    assert choice.exercise.id not in {"owning_not_explaining", "apology_letter", "softened_startup"}


def test_money_words_get_a_money_exercise():
    choice = asked("something about the money, the debt he hid", role="hurt_partner", stage="feelings")
    assert choice.exercise.id == "money_clear_view"
    assert "money" in choice.reason


def test_a_money_plan_for_the_couple_gets_a_money_exercise_made_for_planning():
    # A plan after hidden gambling debt was built from "get a clear view of the money" (an
    # exercise for the first weeks, alone) because a need let in exercises of any stage.
    need = default_vocabulary().need("money")
    request = ExerciseRequest(need=need, together=True)
    choice = choose(role="hurt_partner", stage="repair_planning", betrayal_type="financial", request=request)
    assert choice.exercise.id in need.exercises
    assert "repair_planning" in choice.exercise.stages and choice.exercise.partner_present
