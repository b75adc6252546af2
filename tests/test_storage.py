"""The project's tables on real SQLite and PostgreSQL: the same tests on both."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from bot.storage.database import session_scope
from bot.storage.identity import person_key
from bot.storage.migrate import alembic_config, upgrade
from bot.storage.models import Base, ExerciseAssignment, Feedback, Person, Plan, PlanItem, SafetyFlag
from bot.storage.repository import (
    active_plan,
    add_safety_flag,
    delete_people_not_seen_since,
    delete_person,
    exercise_history,
    get_or_create_person,
    lift_safety_flags,
    mark_item_done,
    record_feedback,
    record_offer,
    safety_flags,
    save_plan,
)


def new_key() -> str:
    """A fresh person key, as long as an HMAC-SHA256 one (bot/storage/identity.py)."""
    return uuid.uuid4().hex + uuid.uuid4().hex


def test_person_key_is_a_keyed_hash_of_the_sender():
    key = person_key("secret", "telegram-12345")
    assert "12345" not in key and len(key) == 64
    assert key == person_key("secret", "telegram-12345")
    assert key != person_key("other-secret", "telegram-12345")
    assert key != person_key("secret", "telegram-12346")


def test_a_person_is_created_once(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        first = get_or_create_person(session, key).id
    with session_scope(db_url) as session:
        assert get_or_create_person(session, key).id == first


def test_feedback_feeds_the_exercise_history(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        record_feedback(session, person, "speaker_listener", "done", 5)
        record_feedback(session, person, "apology_letter", "partly", 1)
        record_feedback(session, person, "trigger_plan", "not_yet", None)
    with session_scope(db_url) as session:
        history = exercise_history(session, get_or_create_person(session, key))
    assert history.done == {"speaker_listener", "apology_letter"}
    assert history.unhelpful == {"apology_letter"}


def test_twenty_simultaneous_feedback_writes_for_one_person_lose_nothing(db_url):
    key = new_key()

    def write(number: int) -> None:
        with session_scope(db_url) as session:
            person = get_or_create_person(session, key)
            record_feedback(session, person, f"exercise_{number}", "done", 4)

    with ThreadPoolExecutor(max_workers=20) as pool:
        list(pool.map(write, range(20)))
    with session_scope(db_url) as session:
        people = session.execute(
            select(func.count()).select_from(Person).where(Person.person_key == key)
        ).scalar()
        person = get_or_create_person(session, key)
        rows = session.execute(select(func.count()).where(Feedback.person_id == person.id)).scalar()
    assert people == 1
    assert rows == 20


def test_a_saved_plan_comes_back_unchanged_in_a_new_session(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        save_plan(session, person, ["daily_check_in", "speaker_listener"], "three times a week", date(2026, 12, 8),
                  "we talk without shouting")  # fmt: skip
    with session_scope(db_url) as session:
        plan = active_plan(session, get_or_create_person(session, key))
        assert [item.exercise_id for item in plan.items] == ["daily_check_in", "speaker_listener"]
        assert (plan.frequency, plan.check_in_on, plan.success_signs) == (
            "three times a week", date(2026, 12, 8), "we talk without shouting",
        )  # fmt: skip


def test_a_new_plan_replaces_the_active_one(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        save_plan(session, person, ["a"], "daily", date(2026, 12, 1), "calmer evenings")
        save_plan(session, person, ["b", "c"], "weekly", date(2026, 12, 15), "fewer fights")
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        assert [i.exercise_id for i in active_plan(session, person).items] == ["b", "c"]
        assert session.execute(select(func.count()).where(Plan.person_id == person.id)).scalar() == 2


def test_plan_items_can_be_marked_done(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        plan = save_plan(session, person, ["a", "b"], "daily", date(2026, 12, 1), "calmer")
        assert mark_item_done(session, plan, "b", date(2026, 11, 30))
        assert not mark_item_done(session, plan, "zzz", date(2026, 11, 30))
    with session_scope(db_url) as session:
        items = active_plan(session, get_or_create_person(session, key)).items
    assert [i.done_on for i in items] == [None, date(2026, 11, 30)]


def test_a_safety_flag_is_kept_for_the_person(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        add_safety_flag(session, person, "violence_or_abuse")
        add_safety_flag(session, person, "violence_or_abuse")
    with session_scope(db_url) as session:
        assert safety_flags(session, get_or_create_person(session, key)) == {"violence_or_abuse"}


def count_rows(session, person_id: int) -> int:
    total = 0
    for model in (ExerciseAssignment, Feedback, Plan, SafetyFlag):
        total += session.execute(select(func.count()).where(model.person_id == person_id)).scalar()
    total += session.execute(
        select(func.count()).select_from(PlanItem).join(Plan).where(Plan.person_id == person_id)
    ).scalar()
    return total


def fill_person(session, key: str) -> int:
    person = get_or_create_person(session, key)
    record_offer(session, person, "a", "feelings")
    record_feedback(session, person, "a", "done", 4)
    save_plan(session, person, ["a", "b"], "daily", date(2026, 12, 1), "calmer")
    add_safety_flag(session, person, "self_harm")
    session.flush()
    return person.id


def test_deleting_a_person_removes_every_row_of_theirs(db_url):
    key, other = new_key(), new_key()
    with session_scope(db_url) as session:
        person_id = fill_person(session, key)
        other_id = fill_person(session, other)
    with session_scope(db_url) as session:
        assert delete_person(session, key)
    with session_scope(db_url) as session:
        assert session.get(Person, person_id) is None
        assert count_rows(session, person_id) == 0
        assert count_rows(session, other_id) == 6


def test_retention_removes_people_not_seen_since_the_cutoff(db_url):
    old, recent = new_key(), new_key()
    with session_scope(db_url) as session:
        old_id = fill_person(session, old)
        fill_person(session, recent)
        session.get(Person, old_id).last_seen_at = datetime(2020, 1, 1)
    with session_scope(db_url) as session:
        assert delete_people_not_seen_since(session, datetime.utcnow() - timedelta(days=30)) >= 1
    with session_scope(db_url) as session:
        assert session.get(Person, old_id) is None and count_rows(session, old_id) == 0
        keys = session.execute(select(Person.person_key)).scalars().all()
    assert recent in keys


def test_ten_simultaneous_turns_noticing_the_same_risk_keep_one_flag(db_url):
    with session_scope(db_url) as session:
        person = get_or_create_person(session, new_key())
        session.flush()
        person_id = person.id
    # Ten: within the connection pool (15), so every turn holds its connection at the barrier.
    together = threading.Barrier(10, timeout=30)

    def notice(_: int) -> None:
        with session_scope(db_url) as session:
            person = session.get(Person, person_id)
            together.wait()  # every turn checks for the flag at the same moment
            add_safety_flag(session, person, "violence_or_abuse", source="model")

    with ThreadPoolExecutor(max_workers=10) as pool:
        list(pool.map(notice, range(10)))
    with session_scope(db_url) as session:
        rows = session.execute(select(func.count()).where(SafetyFlag.person_id == person_id)).scalar()
    assert rows == 1


def test_a_flag_set_again_is_in_force_and_plain_words_outrank_the_model(db_url):
    key = new_key()
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        add_safety_flag(session, person, "violence_or_abuse", source="model", noticed="he gets rough")
        lift_safety_flags(session, person, ["violence_or_abuse"])
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        assert safety_flags(session, person) == frozenset()
        add_safety_flag(session, person, "violence_or_abuse", source="plain", noticed="he hits me")
        add_safety_flag(session, person, "violence_or_abuse", source="model", noticed="later words")
    with session_scope(db_url) as session:
        person = get_or_create_person(session, key)
        row = session.execute(select(SafetyFlag).where(SafetyFlag.person_id == person.id)).scalar_one()
        assert safety_flags(session, person) == {"violence_or_abuse"}
    assert (row.source, row.noticed) == ("plain", "he hits me")


@pytest.fixture
def empty_db_url(db_url: str, tmp_path) -> str:
    """A database with no tables yet, on the same kind of server as `db_url`."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        return f"sqlite:///{tmp_path / 'empty.db'}"
    name = f"empty_{uuid.uuid4().hex[:12]}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def test_there_is_one_line_of_migrations():
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, f"several heads: {heads}; chain the newest migration after the other"


def test_migrations_bring_an_empty_database_to_the_newest_revision_and_again_change_nothing(
    empty_db_url,
):
    head = ScriptDirectory.from_config(alembic_config(empty_db_url)).get_current_head()
    upgrade(empty_db_url)
    upgrade(empty_db_url)
    engine = create_engine(empty_db_url)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == head
        tables = set(inspect(connection).get_table_names())
    engine.dispose()
    assert set(Base.metadata.tables) <= tables


def test_the_migrations_build_exactly_the_tables_the_models_describe(empty_db_url):
    """The drift check: a column, index or constraint added to models.py without a migration
    (or a migration that differs from the model) fails here."""
    upgrade(empty_db_url)
    engine = create_engine(empty_db_url)
    with engine.connect() as connection:
        drift = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert drift == []


def test_safety_flags_doubled_before_the_unique_constraint_are_merged_in_force(empty_db_url):
    command.upgrade(alembic_config(empty_db_url), "0002")
    engine = create_engine(empty_db_url)
    with engine.begin() as connection:
        connection.execute(
            text("INSERT INTO people (id, person_key, created_at, last_seen_at) VALUES (1, 'k', :t, :t)"),
            {"t": datetime(2026, 1, 1)},
        )
        for flag_id, lifted_at in ((1, datetime(2026, 1, 2)), (2, None), (3, datetime(2026, 1, 3))):
            connection.execute(
                text(
                    "INSERT INTO safety_flags (id, person_id, flag, created_at, lifted_at)"
                    " VALUES (:id, 1, 'self_harm', :t, :lifted)"
                ),
                {"id": flag_id, "t": datetime(2026, 1, 1), "lifted": lifted_at},
            )
    upgrade(empty_db_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, lifted_at FROM safety_flags")).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [(1, None)]  # the oldest row, in force as one copy was
