"""The exercise catalogue is data a therapist edits; mistakes stop start-up with a clear message."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot.conversation.stages import STAGES
from bot.exercises.catalogue import CATALOGUE_DIR, CatalogueError, load_catalogue
from bot.exercises.selection import Situation, eligible, is_safe_for

ROLES = ("hurt_partner", "involved_partner", "both")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def write_catalogue(directory: Path, mutate) -> Path:
    """A copy of the real catalogue with one entry changed by `mutate(entries)`."""
    source = sorted(CATALOGUE_DIR.glob("*.yml"))[0]
    content = yaml.safe_load(source.read_text())
    mutate(content["exercises"])
    target = directory / "catalogue.yml"
    target.write_text(yaml.safe_dump(content, sort_keys=False))
    return target


def test_the_catalogue_has_at_least_24_exercises(catalogue):
    assert len(catalogue) >= 24


def test_financial_betrayal_has_exercises_of_its_own(catalogue):
    assert sum(1 for e in catalogue.values() if e.betrayal_types == {"financial"}) >= 3


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("role", ROLES)
def test_every_stage_and_role_gets_a_fitting_exercise(catalogue, stage, role):
    situation = Situation(role=role, stage=stage, betrayal_type="affair")
    assert any(eligible(e, situation) for e in catalogue.values())


def test_violence_or_abuse_rules_out_every_joint_exercise(catalogue):
    for role in ROLES:
        for stage in STAGES:
            situation = Situation(role=role, stage=stage, safety_flags=frozenset({"violence_or_abuse"}))
            offered = [e for e in catalogue.values() if eligible(e, situation)]
            assert not any(e.partner_present for e in offered), (role, stage)
    joint = [e for e in catalogue.values() if e.partner_present]
    flagged = Situation(role="both", safety_flags=frozenset({"violence_or_abuse"}))
    assert joint and not any(is_safe_for(e, flagged) for e in joint)


def test_a_missing_field_is_named_with_file_and_exercise(tmp_path):
    path = write_catalogue(tmp_path, lambda entries: entries[0].pop("purpose"))
    with pytest.raises(CatalogueError) as error:
        load_catalogue(tmp_path)
    assert str(path) in str(error.value)
    assert "field 'purpose'" in str(error.value)


def test_an_unknown_stage_is_named(tmp_path):
    def mutate(entries):
        entries[1]["stages"] = ["denial"]

    write_catalogue(tmp_path, mutate)
    with pytest.raises(CatalogueError, match=r"exercise '.+', field 'stages': unknown value 'denial'"):
        load_catalogue(tmp_path)


def test_a_duplicate_id_is_named(tmp_path):
    def mutate(entries):
        entries[2]["id"] = entries[0]["id"]

    write_catalogue(tmp_path, mutate)
    with pytest.raises(CatalogueError, match=r"field 'id': duplicate id"):
        load_catalogue(tmp_path)


def test_a_joint_exercise_without_safety_contraindications_is_refused(tmp_path):
    def mutate(entries):
        joint = next(e for e in entries if e["partner_present"])
        joint["contraindications"] = []

    write_catalogue(tmp_path, mutate)
    with pytest.raises(CatalogueError, match="field 'contraindications'"):
        load_catalogue(tmp_path)


def test_an_empty_folder_is_refused(tmp_path):
    with pytest.raises(CatalogueError, match="no exercise files"):
        load_catalogue(tmp_path)


def test_therapists_can_add_a_file_without_python(tmp_path):
    for path in CATALOGUE_DIR.glob("*.yml"):
        shutil.copy(path, tmp_path / path.name)
    extra = yaml.safe_load(sorted(CATALOGUE_DIR.glob("*.yml"))[0].read_text())["exercises"][0]
    extra = {**extra, "id": "practice_own_exercise", "title": "Our practice's own check-in"}
    (tmp_path / "practice.yml").write_text(yaml.safe_dump({"version": 1, "exercises": [extra]}))
    assert "practice_own_exercise" in load_catalogue(tmp_path)
