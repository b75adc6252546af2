"""Every safety text reads correctly with every locale's contacts, and the locale is found well.

The contacts are noun phrases put in the middle of sentences ("please call {emergency} now");
`default`'s start in lower case, so every variation is rendered for every locale and read
sentence by sentence.
"""

import re

import pytest

from bot.messages import load_messages
from bot.safety.resources import (
    FIELDS,
    load_resources,
    locale_for_country,
    needs_country,
    resources_for,
)
from bot.yaml_files import DataFileError

MESSAGES = load_messages()
RESOURCES = load_resources()
SAFETY_PREFIXES = ("crisis_", "safety_check_", "safety_flag_", "safety_plan_", "young_person")
SAFETY_KEYS = sorted(
    key
    for key in MESSAGES
    if key.startswith(SAFETY_PREFIXES) or key in ("joint_withheld", "ask_country", "human_handoff_line")
)
SAFETY_BUTTONS = [
    ("I'm safe right now", '/safety_answer{"safety_status": "safe"}'),
    ("I'm not safe", '/safety_answer{"safety_status": "not_safe"}'),
    ("I'm not sure", '/safety_answer{"safety_status": "unsure"}'),
]
BEHAVIOURS = [
    "checking your phone and tracking where you go",
    "keeping you from your friends and family",
    "control of your money",
    "pressure about sex",
    "threats to share intimate pictures",
    "what you describe",
]
NOTICED = ["you mentioned being hit", "you said you had thought about ending your life"]
PLAN = (
    "Warning signs: I stop sleeping and replay the messages.\n"
    "Coping on my own: a walk, a cold shower.\n"
    "People and places: the park, my sister's kitchen.\n"
    "People to ask for help: Sam, 07700 900123.\n"
    "Professionals: my GP; Samaritans on 116 123.\n"
    "A safer place: the car keys stay with Sam."
)
ASKS_IF_SAFE = re.compile(r"\bare you\b[^.?!]*\bsafe", re.IGNORECASE)


def renderings(key: str):
    """(locale, text, buttons) for every variation of `key`, every locale and every sample value."""
    for locale, resources in RESOURCES.items():
        contacts = resources.contacts()
        for line in (contacts["crisis_line"], contacts["abuse_line"], contacts["child_line"]):
            for i, behaviour in enumerate(BEHAVIOURS):
                noticed = NOTICED[i % len(NOTICED)]
                values = {**contacts, "line": line, "behaviour": behaviour, "noticed": noticed, "plan": PLAN}
                for message in MESSAGES[key]:
                    # As bot.messages.pick fills them: an empty value leaves no double space.
                    text = re.sub(r" {2,}", " ", message.text.format(**values))
                    yield locale, text, message.buttons


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.?!])\s+|\n+", text) if s.strip()]


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9'&-]+", text.lower())


def repeated_phrase(text: str, length: int = 4) -> str | None:
    seen = set()
    tokens = words(text)
    for i in range(len(tokens) - length + 1):
        phrase = " ".join(tokens[i : i + length])
        if phrase in seen:
            return phrase
        seen.add(phrase)
    return None


def test_every_safety_key_has_two_or_three_variations():
    assert len(SAFETY_KEYS) >= 25
    for key in SAFETY_KEYS:
        assert 2 <= len(MESSAGES[key]) <= 3, key


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_every_placeholder_is_filled(key):
    for locale, text, _ in renderings(key):
        assert "{" not in text and "}" not in text, (key, locale, text)


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_every_sentence_starts_with_a_capital_or_a_digit(key):
    for locale, text, _ in renderings(key):
        for sentence in sentences(text):
            first = sentence.lstrip("\"'(\u201c")[:1]
            assert first.isupper() or first.isdigit(), (key, locale, sentence)


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_no_phrase_of_four_words_is_said_twice(key):
    for locale, text, _ in renderings(key):
        assert repeated_phrase(text) is None, (key, locale, repeated_phrase(text), text)


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_findahelpline_is_named_at_most_once(key):
    for locale, text, _ in renderings(key):
        assert text.lower().count("findahelpline") <= 1, (key, locale, text)


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_asking_whether_someone_is_safe_offers_the_three_answers(key):
    for locale, text, buttons in renderings(key):
        if ASKS_IF_SAFE.search(text):
            assert [(b["title"], b["payload"]) for b in buttons] == SAFETY_BUTTONS, (key, locale)


@pytest.mark.parametrize("key", SAFETY_KEYS)
def test_no_text_labels_a_person_an_abuser(key):
    for locale, text, _ in renderings(key):
        assert "abuser" not in text.lower(), (key, locale)


@pytest.mark.parametrize("key", ["crisis_self_harm", "crisis_violence", "crisis_abuse", "crisis_child"])
def test_a_crisis_answer_asks_whether_the_person_is_safe(key):
    for message in MESSAGES[key]:
        assert ASKS_IF_SAFE.search(message.text), message.text


def test_the_abuse_answer_names_the_behaviour_and_gives_the_abuse_line():
    for message in MESSAGES["crisis_abuse"]:
        assert "{behaviour}" in message.text and "{abuse_line}" in message.text
        assert "quick exit" in message.text and "end date" in message.text


def test_the_unsure_answer_names_every_contact_in_its_own_sentence():
    for message in MESSAGES["crisis_unsure"]:
        for sentence in sentences(message.text):
            assert len(re.findall(r"\{(?:emergency|crisis_line|abuse_line)\}", sentence)) <= 1, sentence
        assert all(f"{{{name}}}" in message.text for name in ("emergency", "crisis_line", "abuse_line"))
        payloads = [b["payload"] for b in message.buttons]
        assert "/correct_safety_flag" in payloads and len(payloads) == 6


def test_ask_country_has_a_button_for_every_country_and_one_for_somewhere_else():
    locales = {key for key in RESOURCES if key != "default"}
    for message in MESSAGES["ask_country"]:
        countries = [re.search(r'"country": "([^"]+)"', b["payload"]).group(1) for b in message.buttons]
        assert countries[-1] == "other" and locale_for_country(RESOURCES, "other") is None
        assert {locale_for_country(RESOURCES, word) for word in countries[:-1]} == locales


def test_every_locale_has_every_contact_and_a_country():
    for locale, resources in RESOURCES.items():
        assert all(getattr(resources, name) for name in FIELDS), locale
        assert locale == "default" or (resources.country and resources.countries), locale


@pytest.mark.parametrize("locale", ["en-GB", "en_GB", "en-gb", "EN_gb", "en-Latn-GB"])
def test_a_locale_is_found_however_it_is_written(locale):
    assert resources_for(RESOURCES, locale) is RESOURCES["en-GB"]


@pytest.mark.parametrize("locale", ["en", "fr", "fr-FR", "", None])
def test_a_language_the_file_has_no_bare_entry_for_gets_the_default(locale):
    assert resources_for(RESOURCES, locale) is RESOURCES["default"]


def test_a_bare_language_entry_is_used_before_the_default(tmp_path):
    path = tmp_path / "resources.yml"
    contacts = "emergency: '1'\n    crisis_line: c\n    abuse_line: a\n    child_line: k"
    english = contacts.replace("'1'", "'2'")
    path.write_text(f"locales:\n  default:\n    {contacts}\n  en:\n    {english}\n")
    resources = load_resources(path)
    assert resources_for(resources, "en-ZA").emergency == "2"
    assert resources_for(resources, "en").emergency == "2"
    assert resources_for(resources, "fr").emergency == "1"


@pytest.mark.parametrize(
    ("locale", "ask"),
    [("en", True), (None, True), ("", True), ("en-GB", False), ("en_US", False), ("fr", False)],
)
def test_the_country_is_asked_when_the_language_alone_cannot_tell(locale, ask):
    assert needs_country(RESOURCES, locale) is ask


@pytest.mark.parametrize(
    ("answer", "locale"),
    [
        ("uk", "en-GB"),
        ("England", "en-GB"),
        ("I'm in Scotland", "en-GB"),
        ("Northern Ireland", "en-GB"),
        ("usa", "en-US"),
        ("the U.S.", "en-US"),
        ("oz", "en-AU"),
        ("Ireland", "en-IE"),
        ("Éire", "en-IE"),
        ("we live in Canada", "en-CA"),
        ("NZ", "en-NZ"),
        ("new zealand!", "en-NZ"),
        ("nowhere", None),
        ("south america", None),
        ("new south wales", None),
        ("", None),
    ],
)
def test_a_country_answer_maps_to_its_locale(answer, locale):
    assert locale_for_country(RESOURCES, answer) == locale


def test_a_country_word_claimed_by_two_locales_names_the_file(tmp_path):
    path = tmp_path / "resources.yml"
    contacts = "emergency: '1'\n    crisis_line: c\n    abuse_line: a\n    child_line: k"
    path.write_text(
        f"locales:\n  default:\n    {contacts}\n  en-GB:\n    countries: [uk]\n    {contacts}\n"
        f"  en-IE:\n    countries: [uk]\n    {contacts}\n"
    )
    with pytest.raises(DataFileError, match=r"resources.yml: locale 'en-IE': country word 'uk'"):
        load_resources(path)


def test_a_missing_contact_names_the_file_and_locale(tmp_path):
    path = tmp_path / "resources.yml"
    path.write_text("locales:\n  default:\n    emergency: '112'\n")
    with pytest.raises(DataFileError, match=r"resources.yml: locale 'default' is missing crisis_line"):
        load_resources(path)


def test_a_misspelt_field_names_the_file_and_locale(tmp_path):
    path = tmp_path / "resources.yml"
    contacts = "emergency: '1'\n    crisis_line: c\n    abuse_line: a\n    child_line: k"
    path.write_text(f"locales:\n  default:\n    {contacts}\n    contry: the UK\n")
    with pytest.raises(DataFileError, match=r"locale 'default' has unknown field\(s\) contry"):
        load_resources(path)
