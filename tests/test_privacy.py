"""Privacy: hashed ids, erasure on request, retention, and where servers listen."""

import argparse
import asyncio
import os
import sqlite3
import stat
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import func, select

from bot.retention import apply_retention, parse_age
from bot.settings import PROJECT_ROOT
from bot.storage.database import session_scope
from bot.storage.erasure_marker import ERASED_MARK
from bot.storage.identity import load_or_create_secret, person_key
from bot.storage.models import Person
from bot.storage.repository import get_or_create_person, record_feedback, save_plan
from bot.storage.tracker_store import ErasableSQLTrackerStore, erasure_requested


def test_a_secret_is_generated_once_into_var_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv("KINTSUGI_SECRET", raising=False)
    first = load_or_create_secret(tmp_path)
    assert load_or_create_secret(tmp_path) == first and len(first) == 64
    assert stat.S_IMODE(os.stat(tmp_path / "secret.key").st_mode) == 0o600


def test_the_secret_comes_from_the_environment_when_set(tmp_path, monkeypatch):
    monkeypatch.setenv("KINTSUGI_SECRET", "from-the-environment")
    assert load_or_create_secret(tmp_path) == "from-the-environment"


def tracker_with(sender_id: str, texts: list[str], timestamp: float | None = None) -> DialogueStateTracker:
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    tracker = DialogueStateTracker(sender_id, domain.slots)
    for text in texts:
        tracker.update(UserUttered(text, {"name": "hurt", "confidence": 1.0}, timestamp=timestamp))
        tracker.update(ActionExecuted("utter_reflect_hurt", timestamp=timestamp))
    return tracker


def save(store: ErasableSQLTrackerStore, tracker: DialogueStateTracker) -> None:
    asyncio.run(store.save(tracker))


def stored_event_count(store: ErasableSQLTrackerStore, sender_id: str) -> int:
    with store.session_scope() as session:
        return session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).count()


def test_the_tracker_store_erases_a_conversation_when_deletion_ran(db_url):
    store = ErasableSQLTrackerStore(host=db_url)
    sender, other = f"p-{uuid.uuid4()}", f"p-{uuid.uuid4()}"
    tracker = tracker_with(sender, ["i found messages on his phone"])
    save(store, tracker)
    save(store, tracker_with(other, ["we are both here"]))
    assert stored_event_count(store, sender) > 0
    tracker.update(UserUttered("/affirm", {"name": "affirm", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(BotUttered("Done, deleted.", metadata={ERASED_MARK: True}))  # the rows are gone
    assert erasure_requested(tracker)
    save(store, tracker)
    assert stored_event_count(store, sender) == 0
    assert stored_event_count(store, other) > 0


def test_retention_deletes_old_conversations_and_rows_in_both_stores(db_url, tmp_path):
    store = ErasableSQLTrackerStore(host=db_url)
    old_sender, new_sender = f"old-{uuid.uuid4()}", f"new-{uuid.uuid4()}"
    save(store, tracker_with(old_sender, ["old message"], timestamp=time.time() - 40 * 86400))
    save(store, tracker_with(new_sender, ["new message"]))
    old_key, new_key = f"k-{uuid.uuid4().hex}", f"k-{uuid.uuid4().hex}"
    with session_scope(db_url) as session:
        old = get_or_create_person(session, old_key)
        record_feedback(session, old, "speaker_listener", "done", 4)
        save_plan(session, old, ["a"], "daily", date(2026, 1, 1), "calmer")
        get_or_create_person(session, new_key)
        session.flush()
        old.last_seen_at = datetime.utcnow() - timedelta(days=40)
    conversations, people = apply_retention(parse_age("30d"), db_url, db_url, tmp_path / "reports", "secret")
    assert conversations >= 1 and people >= 1
    assert stored_event_count(store, old_sender) == 0
    assert stored_event_count(store, new_sender) > 0
    with session_scope(db_url) as session:
        keys = set(session.execute(select(Person.person_key)).scalars())
        assert session.execute(select(func.count()).select_from(Person)).scalar() >= 1
    assert old_key not in keys and new_key in keys


def test_retention_ages_are_parsed_strictly():
    assert parse_age("30d") == timedelta(days=30)
    assert parse_age("12h") == timedelta(hours=12)
    assert parse_age("2w") == timedelta(weeks=2)
    with pytest.raises(argparse.ArgumentTypeError):
        parse_age("thirty days")


def test_raw_sender_ids_never_reach_the_project_tables(new_conversation, settings):
    sender = f"private-sender-{uuid.uuid4().hex}"
    conversation = new_conversation(sender_id=sender)
    conversation.say("he cheated on me")
    conversation.say("give me an exercise")
    db_path = settings.db_url.removeprefix("sqlite:///")
    with sqlite3.connect(db_path) as db:
        dump = "\n".join(db.iterdump())
    assert "exercise_assignments" in dump and sender not in dump


def test_delete_my_data_end_to_end_empties_both_stores(running_kintsugi):
    from tests.test_bad_input import say

    base, env = running_kintsugi
    sender = f"erase-{uuid.uuid4().hex}"
    say(base, sender, "i found messages on his phone, he has been sleeping with someone")
    say(base, sender, "give me an exercise")
    tracker_db = env["KINTSUGI_TRACKER_DB_URL"].removeprefix("sqlite:///")
    project_db = env["KINTSUGI_DB_URL"].removeprefix("sqlite:///")
    key = person_key(load_or_create_secret(Path(env["KINTSUGI_VAR_DIR"])), sender)

    def rows() -> tuple[int, int]:
        with sqlite3.connect(tracker_db) as db:
            events = db.execute("select count(*) from events where sender_id = ?", (sender,)).fetchone()[0]
        with sqlite3.connect(project_db) as db:
            people = db.execute("select count(*) from people where person_key = ?", (key,)).fetchone()[0]
        return events, people

    assert rows()[0] > 0 and rows()[1] == 1
    _, replies = say(base, sender, "please delete all my data")
    assert "delet" in replies[-1]["text"].lower()  # asks to confirm first
    _, replies = say(base, sender, "/affirm")
    assert "deleted" in replies[-1]["text"].lower()
    assert rows() == (0, 0)
