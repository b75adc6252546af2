"""The rule-based safety screen: measured on the labelled set, and its rules one by one."""

import pytest

from bot.quality.safety import evaluate, format_safety_report, load_safety_set
from bot.safety.age import says_under_18
from bot.safety.risk_data import RISK_TYPES
from bot.safety.screen import default_screen, load_screen, screen_two_messages
from bot.yaml_files import DataFileError

MAX_FALSE_POSITIVE_RATE = 0.03


@pytest.fixture(scope="module")
def screen():
    return default_screen()


def rules_only(screen):
    def detect(text, previous):
        risk = screen.screen(text) or (screen_two_messages(screen, previous, text) if previous else None)
        return risk.risk_type if risk else None

    return detect


def test_the_labelled_set_is_big_enough():
    messages = load_safety_set()
    positives = [m for m in messages if m.label != "none"]
    assert len(positives) >= 150
    assert len(messages) - len(positives) >= len(positives)
    assert any(m.previous for m in positives)


def test_the_rules_alone_catch_every_risk_of_the_set_they_were_written_for(screen):
    # The set the rules were tuned on: this guards the rules, it does not measure them.
    report = evaluate(rules_only(screen), load_safety_set())
    print(format_safety_report(report))
    assert set(report.recall) == set(RISK_TYPES)
    assert all(recall == 1.0 for recall in report.recall.values()), format_safety_report(report)
    assert report.false_positive_rate <= MAX_FALSE_POSITIVE_RATE, format_safety_report(report)


@pytest.mark.parametrize(
    ("text", "risk_type"),
    [
        ("i dont want to be here anymore", "self_harm"),
        ("he hit me last night", "violence"),
        ("she threatened to post my nudes", "abuse"),
        ("he gets rough with our son when hes drunk", "child"),
        ("kms", "self_harm"),
    ],
)
def test_each_risk_type_is_recognised(screen, text, risk_type):
    assert screen.screen(text).risk_type == risk_type


@pytest.mark.parametrize(
    "text",
    [
        "i would never hurt myself",
        "I'd never hurt myself",
        "he has never laid a hand on me",
        "i'm not suicidal, just exhausted",
    ],
)
def test_negated_statements_are_not_flagged(screen, text):
    assert screen.screen(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "this affair is killing me",
        "I could die of embarrassment",
        "he destroyed me",
        "i'd kill for a night's sleep",
    ],
)
def test_figurative_speech_is_not_flagged(screen, text):
    assert screen.screen(text) is None


@pytest.mark.parametrize(
    ("text", "risk_type"),
    [
        ("he hit me that night", "violence"),  # not "it hit me that ..." (a realisation)
        ("he said he'd kill me with his gun", "violence"),  # not "kill me with kindness"
        ("nobody knows he hits me", "violence"),  # the negation belongs to "knows"
        ("I can't promise I won't hurt myself", "self_harm"),  # a denial denied
        ("I could kill him", "harm_others"),  # the person's own urge, not a victim's
        ("im going to break his jaw if he comes near her", "harm_others"),
        ("he's got a knife", "violence"),  # a weapon in someone else's hand
    ],
)
def test_plain_disclosures_that_exception_rules_used_to_drop(screen, text, risk_type):
    assert screen.screen(text).risk_type == risk_type


@pytest.mark.parametrize("text", ["it hit me that he was never coming back", "she'll kill me with kindness"])
def test_the_narrowed_figures_of_speech_still_hold(screen, text):
    assert screen.screen(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "he promised to cut contact with her",
        "she swore she would cut all ties with him",
        # A couple mirroring on one screen was given the harm-to-others answer.
        "what im hearing is that the promise breaking hurt more than the messages. is that right?",
    ],
)
def test_a_promise_about_contact_or_trust_is_not_a_vow_to_injure(screen, text):
    assert screen.screen(text) is None


@pytest.mark.parametrize("text", ["he swore hed cut me if i told anyone", "he threatened to smash me"])
def test_a_vow_to_injure_someone_is_still_flagged(screen, text):
    assert screen.screen(text).risk_type == "violence"


@pytest.mark.parametrize(
    "text",
    [
        # The hard negatives: "a past that is resolved ('20 years ago', 'i got help')".
        "i self harmed as a teenager but thats long behind me. therapy really worked",
        "my first husband hit me, twenty years ago. i got out, and my husband now has never raised a hand",
        "my ex used to track my phone but thats over, we divorced 6 years ago",
        # A story being told.
        "just watched a horror film where the guy hides in the attic with an axe, cant sleep now",
        "we watched a true crime documentary about a woman who killed her husband",
    ],
)
def test_a_past_that_is_over_or_a_films_plot_is_not_flagged(screen, text):
    assert screen.screen(text) is None


@pytest.mark.parametrize(
    ("text", "risk_type"),
    [
        ("i self harmed as a teenager and got help, but the urges are back", "self_harm"),
        ("my ex used to hit me. i left him, but yesterday he grabbed me outside work", "violence"),
        ("my first husband hit me years ago and i got out. now my husband hits me too", "violence"),
        ("we watched a film about an affair and afterwards he hit me", "violence"),
        ("my son met a man on fortnite who asked him for photos and to keep it a secret", "child"),
    ],
)
def test_a_risk_beside_a_past_or_a_film_or_a_game_is_still_flagged(screen, text, risk_type):
    risk = screen.screen(text)
    assert risk is not None and risk.risk_type == risk_type


def test_a_quoted_threat_marked_as_a_joke_is_not_flagged(screen):
    assert screen.screen("she said 'I'll kill you' as a joke last year") is None


def test_a_quoted_threat_that_is_no_joke_is_flagged(screen):
    assert screen.screen('he screamed "you\'re dead if you leave"').risk_type == "violence"


def test_a_risk_spread_over_two_messages_is_found(screen):
    risk = screen_two_messages(screen, "theres a bridge on my way to work", "tonight im going to jump")
    assert risk is not None and risk.risk_type == "self_harm"


def test_two_harmless_messages_stay_harmless(screen):
    assert screen_two_messages(screen, "we had a big fight about the texts", "then we went to bed") is None


def test_a_pattern_naming_an_unknown_list_stops_loading_with_the_file_named(tmp_path):
    path = tmp_path / "patterns.yml"
    path.write_text("version: 1\nlists: {}\nrisks:\n  violence:\n    patterns: ['PARTNER ~ hit me']\n")
    with pytest.raises(
        DataFileError, match=r"patterns.yml: risk 'violence', pattern .*unknown list 'PARTNER'"
    ):
        load_screen(path)


@pytest.mark.parametrize(
    ("text", "young"),
    [
        ("im 16 and my boyfriend cheated on me", True),
        ("i am fifteen", True),
        ("i'm a minor", True),
        ("i'm 16 weeks pregnant and he cheated", False),
        ("we've been together 16 years", False),
        ("i'm 34 and he lied about money", False),
        ("im only 14", True),
        ("our daughter, aged 14, found the texts", False),
        ("a woman aged 16 messaged him", False),
        ("i'm 13 years older than him", False),
    ],
)
def test_saying_you_are_under_18_is_noticed(text, young):
    assert says_under_18(text) is young
