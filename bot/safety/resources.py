"""Crisis resources per locale, from data/safety/resources.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

RESOURCES_FILE = PROJECT_ROOT / "data" / "safety" / "resources.yml"
FIELDS = ("emergency", "crisis_line", "abuse_line", "child_line")


@dataclass(frozen=True)
class CrisisResources:
    emergency: str
    crisis_line: str
    abuse_line: str
    child_line: str


def load_resources(path: Path = RESOURCES_FILE) -> dict[str, CrisisResources]:
    """Reads every locale; a missing field or a missing `default` names the file and locale."""
    locales = load_yaml_mapping(path).get("locales")
    if not isinstance(locales, dict) or "default" not in locales:
        raise DataFileError(f"{path}: needs a `locales` mapping with a `default` entry")
    resources = {}
    for locale, entry in locales.items():
        missing = [name for name in FIELDS if not isinstance(entry, dict) or not entry.get(name)]
        if missing:
            raise DataFileError(f"{path}: locale {locale!r} is missing {', '.join(missing)}")
        resources[locale] = CrisisResources(**{name: str(entry[name]) for name in FIELDS})
    return resources


def resources_for(resources: dict[str, CrisisResources], locale: Optional[str]) -> CrisisResources:
    """Exact locale, then its language with any region (en_GB, en-gb, en), then `default`."""
    if locale:
        wanted = locale.replace("_", "-").lower()
        by_lower = {key.lower(): value for key, value in resources.items()}
        if wanted in by_lower:
            return by_lower[wanted]
    return resources["default"]
