"""A practice configures its own contact details for people who ask for a human."""

import pytest

from bot.contacts import load_contacts
from bot.yaml_files import DataFileError


def test_the_shipped_file_loads_with_general_guidance_only():
    contacts = load_contacts()
    assert contacts.describe_practice() == ""
    assert "therapist" in contacts.directory


def test_a_practice_s_details_are_described_in_one_line(tmp_path):
    path = tmp_path / "contacts.yml"
    path.write_text(
        "practice:\n  name: Harbour Couples Clinic\n  phone: 020 7946 0000\n  hours: weekdays 9-5\n"
        "directory: a couples therapist\n"
    )
    assert load_contacts(path).describe_practice() == "Harbour Couples Clinic: 020 7946 0000 (weekdays 9-5)."


def test_an_unknown_field_names_the_file(tmp_path):
    path = tmp_path / "contacts.yml"
    path.write_text("practice:\n  fax: 123\ndirectory: a couples therapist\n")
    with pytest.raises(DataFileError, match=r"contacts.yml: unknown practice field 'fax'"):
        load_contacts(path)
