"""Crisis resources per locale, from data/safety/resources.yml.

A locale is looked up as exactly as the channel reports it allows: Telegram sends only a
language ("en"), a browser usually a region too ("en-GB"). When the language alone cannot
tell which country's numbers to give, `needs_country` says so and the assistant asks once;
`locale_for_country` turns the answer ("uk", "New Zealand", ...) into a locale of the file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

RESOURCES_FILE = PROJECT_ROOT / "data" / "safety" / "resources.yml"
FIELDS = ("emergency", "crisis_line", "abuse_line", "child_line")
OPTIONAL_FIELDS = ("country", "countries")
DEFAULT = "default"

# Words people put around a country name: "I'm in the UK", "we live in Canada".
_LEADING_WORDS = re.compile(
    r"^(?:i am|i'm|im|we are|we're|were|i live|we live|i'm living|living|based|from|in|the)\s+"
)


@dataclass(frozen=True)
class CrisisResources:
    emergency: str
    crisis_line: str
    abuse_line: str
    child_line: str
    country: str = ""  # a display name that fits in a sentence: "the UK", "New Zealand"
    countries: tuple[str, ...] = ()  # words that name the country, as people type them

    def contacts(self) -> dict[str, str]:
        """The {emergency}, {crisis_line}, {abuse_line} and {child_line} values for texts."""
        return {name: getattr(self, name) for name in FIELDS}


def load_resources(path: Path = RESOURCES_FILE) -> dict[str, CrisisResources]:
    """Reads every locale; a missing or unknown field, or a missing `default`, names the file and locale."""
    locales = load_yaml_mapping(path).get("locales")
    if not isinstance(locales, dict) or DEFAULT not in locales:
        raise DataFileError(f"{path}: needs a `locales` mapping with a `default` entry")
    resources = {str(locale): _entry(path, str(locale), entry) for locale, entry in locales.items()}
    _check_country_words(path, resources)
    return resources


def _entry(path: Path, locale: str, entry: object) -> CrisisResources:
    missing = [name for name in FIELDS if not isinstance(entry, dict) or not entry.get(name)]
    if missing:
        raise DataFileError(f"{path}: locale {locale!r} is missing {', '.join(missing)}")
    assert isinstance(entry, dict)
    unknown = sorted(set(entry) - set(FIELDS) - set(OPTIONAL_FIELDS))
    if unknown:
        raise DataFileError(f"{path}: locale {locale!r} has unknown field(s) {', '.join(map(str, unknown))}")
    country = entry.get("country") or ""
    countries = entry.get("countries") or []
    if not isinstance(country, str):
        raise DataFileError(f'{path}: locale {locale!r}: `country` must be a name like "the UK"')
    if not isinstance(countries, list) or not all(isinstance(word, str) and word for word in countries):
        raise DataFileError(f"{path}: locale {locale!r}: `countries` must be a list of words")
    return CrisisResources(
        **{name: str(entry[name]) for name in FIELDS},
        country=country,
        countries=tuple(countries),
    )


def _check_country_words(path: Path, resources: dict[str, CrisisResources]) -> None:
    """A word may name one locale only, or the answer to "which country?" would be a guess."""
    owner: dict[str, str] = {}
    for locale, entry in resources.items():
        for word in _country_words(entry):
            if owner.setdefault(word, locale) != locale:
                raise DataFileError(
                    f"{path}: locale {locale!r}: country word {word!r} also names {owner[word]!r}"
                )


def _country_words(entry: CrisisResources) -> set[str]:
    words = {_normal(word) for word in entry.countries}
    if entry.country:
        words.add(_normal(re.sub(r"^the\s+", "", entry.country, flags=re.IGNORECASE)))
    return words - {""}


def _normal(text: str) -> str:
    """Lower case, no accents, no dots ("U.S.A." is "usa"), single spaces."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace(".", "")
    text = re.sub(r"[^a-z0-9' -]+", " ", text)
    return " ".join(text.split())


def _language_and_region(locale: str) -> tuple[str, Optional[str]]:
    """("en", "gb") for en_GB, en-gb or en-Latn-GB; ("en", None) for "en"."""
    parts = [part for part in re.split(r"[-_]", locale.strip().lower()) if part]
    if not parts:
        return "", None
    region = next((part for part in parts[1:] if re.fullmatch(r"[a-z]{2}|[0-9]{3}", part)), None)
    return parts[0], region


def resources_for(resources: dict[str, CrisisResources], locale: Optional[str]) -> CrisisResources:
    """Exact locale, then its language and region however written, then the bare language, then `default`."""
    if not locale:
        return resources[DEFAULT]
    wanted = locale.strip().replace("_", "-").lower()
    for key, entry in resources.items():
        if key.lower() == wanted:
            return entry
    language, region = _language_and_region(locale)
    parsed = {key: _language_and_region(key) for key in resources if key != DEFAULT}
    if region:
        for key, (key_language, key_region) in parsed.items():
            if (key_language, key_region) == (language, region):
                return resources[key]
    for key, (key_language, key_region) in parsed.items():
        if key_language == language and key_region is None:
            return resources[key]
    return resources[DEFAULT]


def needs_country(resources: dict[str, CrisisResources], locale: Optional[str]) -> bool:
    """Whether to ask the person's country: no locale, or a bare language the file has several countries for."""
    if not locale:
        return True
    language, region = _language_and_region(locale)
    if not language:
        return True
    if region:
        return False
    regions = {
        key_region
        for key, (key_language, key_region) in ((k, _language_and_region(k)) for k in resources)
        if key != DEFAULT and key_language == language and key_region
    }
    return len(regions) > 1


def locale_for_country(resources: dict[str, CrisisResources], country_text: Optional[str]) -> Optional[str]:
    """The locale whose country the person named ("uk", "I'm in New Zealand"), or None if unknown.

    Only a whole answer counts, not a word inside a sentence: "south america" is not "america",
    and "new south wales" is not "wales". An unknown answer is safer than a wrong country.
    """
    if not country_text:
        return None
    lookup = {word: locale for locale, entry in resources.items() for word in _country_words(entry)}
    text = _normal(country_text)
    while text:
        if text in lookup:
            return lookup[text]
        stripped = _LEADING_WORDS.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    key = next((k for k in resources if k != DEFAULT and k.lower() == text.replace("_", "-")), None)
    return key  # a locale typed as such ("en-IE") is an answer too
