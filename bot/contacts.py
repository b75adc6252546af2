"""Human contacts for the `human_handoff` path, from data/contacts.yml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

CONTACTS_FILE = PROJECT_ROOT / "data" / "contacts.yml"
PRACTICE_FIELDS = ("name", "phone", "email", "website", "hours")


@dataclass(frozen=True)
class HandoffContacts:
    practice: dict[str, str]  # only the fields that are filled in
    directory: str

    def describe_practice(self) -> str:
        """One line with the practice's details, or "" when none are configured."""
        if not self.practice:
            return ""
        name = self.practice.get("name", "The practice that offers Kintsugi")
        details = ", ".join(self.practice[f] for f in ("phone", "email", "website") if f in self.practice)
        hours = f" ({self.practice['hours']})" if "hours" in self.practice else ""
        return f"{name}: {details}{hours}." if details else f"{name}{hours}."


def load_contacts(path: Path = CONTACTS_FILE) -> HandoffContacts:
    content = load_yaml_mapping(path)
    practice = content.get("practice") or {}
    if not isinstance(practice, dict):
        raise DataFileError(f"{path}: `practice` must be a mapping of {', '.join(PRACTICE_FIELDS)}")
    unknown = set(practice) - set(PRACTICE_FIELDS)
    if unknown:
        raise DataFileError(f"{path}: unknown practice field {sorted(unknown)[0]!r}")
    directory = content.get("directory")
    if not isinstance(directory, str) or not directory.strip():
        raise DataFileError(f"{path}: `directory` must say how to find a therapist")
    filled = {k: str(v).strip() for k, v in practice.items() if v and str(v).strip()}
    return HandoffContacts(filled, directory.strip())
