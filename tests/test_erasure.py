"""Erasure that leaves nothing behind: exports, every person row, SQLite's WAL, private files,
the channels' answers, and retention on a schedule. Real SQLite and PostgreSQL, real files."""

import asyncio
import contextlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select

from bot.retention import RetentionSchedule, apply_retention
from bot.sessions.report import write_session_report
from bot.sessions.runner import PlayedTurn, SessionResult
from bot.sessions.script import Script, Turn
from bot.sessions.transcript import turns_from_events
from bot.settings import PROJECT_ROOT
from bot.storage.database import engine_for, session_scope
from bot.storage.erasure import erase_person
from bot.storage.exports import export_stem, reports_dir
from bot.storage.identity import former_person_keys, person_key
from bot.storage.migrate import upgrade
from bot.storage.models import Person
from bot.storage.private_files import make_var_private
from bot.storage.repository import get_or_create_person, save_safety_plan
from bot.storage.tracker_store import ErasableSQLTrackerStore
from tests.conftest import kintsugi_environment, kintsugi_running

SECRET = "test-secret"
DOMAIN = Domain.load(str(PROJECT_ROOT / "domain.yml"))


@pytest.fixture(autouse=True)
def umask_restored():
    """make_var_private sets this process's umask; later tests get the usual one back."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield
    os.umask(previous)


def unique_phrase() -> str:
    return f"lighthouse-{uuid.uuid4().hex[:10]}"


def tracker_with(sender_id: str, text: str, timestamp: float | None = None) -> DialogueStateTracker:
    tracker = DialogueStateTracker(sender_id, DOMAIN.slots)
    tracker.update(UserUttered(text, {"name": "hurt", "confidence": 1.0}, timestamp=timestamp))
    tracker.update(ActionExecuted("utter_reflect_hurt", timestamp=timestamp))
    return tracker


def export_of(sender: str, phrase: str, directory: Path) -> Path:
    """What `python -m bot.sessions export` writes for a conversation that said `phrase`."""
    events = [
        {"event": "user", "text": phrase, "parse_data": {"intent": {"name": "hurt", "confidence": 1.0}}}
    ]
    records = turns_from_events(events)
    script = Script(Path(f"{export_stem(person_key(SECRET, sender))}.yml"), "Exported conversation", {}, ())
    played = [PlayedTurn(Turn(number=1), records[0].text, records[0])]
    return write_session_report(SessionResult(script, sender, played), directory)


def files_containing(directory: Path, *needles: str) -> list[str]:
    found = []
    for path in directory.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{path.name}: {needle}" for needle in needles if needle.encode() in data]
    return found


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def wal_size(database: Path) -> int:
    """The WAL's size; SQLite removes the file when the last connection closes."""
    wal = Path(f"{database}-wal")
    return wal.stat().st_size if wal.exists() else 0


def sqlite_var(tmp_path: Path) -> tuple[Path, str]:
    var = tmp_path / "var"
    make_var_private(var)
    url = f"sqlite:///{var / 'kintsugi.db'}"
    upgrade(url)
    return var, url


# 1. Exports: named by the keyed id, and erased with the person.


def test_an_export_is_named_by_the_person_key_never_the_raw_id(tmp_path):
    sender = f"raw-sender-{uuid.uuid4().hex}"
    page = export_of(sender, unique_phrase(), tmp_path / "reports")
    names = [p.name for p in (tmp_path / "reports").iterdir()]
    assert page.name == f"conversation-{person_key(SECRET, sender)}.html"
    assert sorted(names) == sorted([page.name, page.with_suffix(".md").name])
    assert not any(sender in name for name in names)


def test_delete_my_data_removes_the_persons_exports_and_no_one_elses(db_url, tmp_path):
    sender, other = f"p-{uuid.uuid4().hex}", f"p-{uuid.uuid4().hex}"
    reports = tmp_path / "reports"
    phrase = unique_phrase()
    export_of(sender, phrase, reports)
    kept = export_of(other, "another conversation", reports)
    erase_person(db_url, reports, SECRET, sender)
    assert files_containing(reports, phrase) == []
    assert sorted(p.name for p in reports.iterdir()) == sorted([kept.name, kept.with_suffix(".md").name])


def test_retention_removes_the_exports_of_idle_conversations_and_people(db_url, tmp_path):
    store = ErasableSQLTrackerStore(host=db_url)
    idle, active = f"idle-{uuid.uuid4().hex}", f"active-{uuid.uuid4().hex}"
    asyncio.run(store.save(tracker_with(idle, "long ago", timestamp=time.time() - 200 * 86400)))
    asyncio.run(store.save(tracker_with(active, "today")))
    reports = tmp_path / "reports"
    export_of(idle, "long ago", reports)
    kept = export_of(active, "today", reports)
    apply_retention(timedelta(days=180), db_url, db_url, reports, SECRET)
    assert sorted(p.name for p in reports.iterdir()) == sorted([kept.name, kept.with_suffix(".md").name])


# 2. Every row of the person: one key per conversation, and rows under the old keys.


def test_delete_my_data_finds_the_rows_kept_under_the_former_channel_keys(db_url, tmp_path):
    sender = f"p-{uuid.uuid4().hex}"
    unknown, rest = former_person_keys(SECRET, sender)[-1], former_person_keys(SECRET, sender)[0]
    with session_scope(db_url) as session:
        get_or_create_person(session, unknown)  # what the first session start made
        save_safety_plan(session, get_or_create_person(session, rest), [("warning signs", "x")])
    erase_person(db_url, tmp_path / "reports", SECRET, sender)
    with session_scope(db_url) as session:
        left = session.execute(select(Person).where(Person.person_key.in_([unknown, rest]))).all()
    assert left == []


def test_a_returning_person_keeps_what_was_stored_under_their_former_key(db_url):
    sender = f"p-{uuid.uuid4().hex}"
    rest = former_person_keys(SECRET, sender)[0]
    with session_scope(db_url) as session:
        first_id = get_or_create_person(session, rest).id
    with session_scope(db_url) as session:
        person = get_or_create_person(session, person_key(SECRET, sender), former_person_keys(SECRET, sender))
        assert person.id == first_id and person.person_key == person_key(SECRET, sender)


# 3. SQLite: nothing erased survives in the WAL.


@contextlib.contextmanager
def another_connection(database: Path):
    """A connection in WAL mode held open, as the other server process (or a concurrent turn)
    holds one: without it, each connection the code under test closes is the last one, and
    SQLite itself checkpoints and deletes the WAL, hiding a missing checkpoint. Only a connection
    that has read in WAL mode holds the lock that tells SQLite it is not the last; a new file is
    still in rollback mode (as Alembic and Rasa leave it), so the mode is set here first."""
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA journal_mode=WAL").fetchone() == ("wal",)
    connection.execute("select count(*) from sqlite_master").fetchall()
    try:
        yield
    finally:
        connection.close()


def test_erasing_a_conversation_leaves_it_in_no_sqlite_file(tmp_path):
    var, _ = sqlite_var(tmp_path)
    store = ErasableSQLTrackerStore(host=f"sqlite:///{var / 'tracker.db'}")
    sender, phrase = f"p-{uuid.uuid4().hex}", unique_phrase()
    with another_connection(var / "tracker.db"):
        asyncio.run(store.save(tracker_with(sender, f"he kept it in the {phrase} drawer")))
        asyncio.run(store.save(tracker_with(f"other-{uuid.uuid4().hex}", "someone else's words")))
        assert f"tracker.db-wal: {phrase}" in files_containing(var, phrase)  # before the erasure
        store.delete_conversation(sender)
        assert files_containing(var, phrase, sender) == []
        assert wal_size(var / "tracker.db") == 0


def test_erasing_a_persons_rows_leaves_them_in_no_sqlite_file(tmp_path):
    var, url = sqlite_var(tmp_path)
    sender, phrase = f"p-{uuid.uuid4().hex}", unique_phrase()
    with another_connection(var / "kintsugi.db"):
        with session_scope(url) as session:
            person = get_or_create_person(session, person_key(SECRET, sender))
            save_safety_plan(session, person, [("people I can ask", f"my sister at {phrase}")])
        assert f"kintsugi.db-wal: {phrase}" in files_containing(var, phrase)
        erase_person(url, reports_dir(var), SECRET, sender)
        assert files_containing(var, phrase) == []
        assert wal_size(var / "kintsugi.db") == 0


def test_retention_leaves_an_idle_conversation_in_no_sqlite_file(tmp_path):
    var, url = sqlite_var(tmp_path)
    tracker_url = f"sqlite:///{var / 'tracker.db'}"
    store = ErasableSQLTrackerStore(host=tracker_url)
    sender, phrase = f"idle-{uuid.uuid4().hex}", unique_phrase()
    with another_connection(var / "tracker.db"):
        long_ago = time.time() - 200 * 86400
        asyncio.run(store.save(tracker_with(sender, f"it was the {phrase} summer", timestamp=long_ago)))
        assert f"tracker.db-wal: {phrase}" in files_containing(var, phrase)
        apply_retention(timedelta(days=180), tracker_url, url, reports_dir(var), SECRET)
        assert files_containing(var, phrase, sender) == []


# 5. var/ is owner-only.


def test_var_and_every_sqlite_file_are_owner_only_whatever_the_umask(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    var.chmod(0o755)
    (var / "old-readable.db").write_text("")
    (var / "old-readable.db").chmod(0o644)
    previous = os.umask(0o022)
    try:
        make_var_private(var)
        os.umask(0o022)  # as any process that did not set one
        page = export_of("someone", "private", reports_dir(var))
        url = f"sqlite:///{var / 'tracker.db'}"
        with engine_for(url).connect() as connection:  # open: SQLite removes the WAL on the last close
            connection.exec_driver_sql("create table notes (text varchar)")
            connection.exec_driver_sql("insert into notes values ('private')")
            connection.commit()
            for name in ("tracker.db", "tracker.db-wal", "tracker.db-shm", "old-readable.db"):
                assert mode(var / name) == 0o600, name
    finally:
        os.umask(previous)
    assert mode(var) == 0o700 and mode(reports_dir(var)) == 0o700
    assert mode(page) == 0o600 and mode(page.with_suffix(".md")) == 0o600


def test_the_credentials_file_is_owner_only_whichever_process_writes_it(tmp_path):
    """bot.shell and the scale-out set-up write var/credentials.yml without bot.run's umask."""
    from bot.channels.credentials_file import write_credentials_file
    from bot.settings import Settings

    previous = os.umask(0o022)
    try:
        written = write_credentials_file(Settings(var_dir=tmp_path / "var"))
    finally:
        os.umask(previous)
    assert mode(written) == 0o600 and mode(written.parent) == 0o700


# 6. Retention runs on a schedule.


def events_of(store: ErasableSQLTrackerStore, sender: str) -> int:
    with store.session_scope() as session:
        return session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender).count()


def test_the_scheduled_job_removes_an_idle_conversation_and_keeps_a_recent_one(db_url, tmp_path):
    store = ErasableSQLTrackerStore(host=db_url)
    idle, recent = f"idle-{uuid.uuid4().hex}", f"recent-{uuid.uuid4().hex}"
    asyncio.run(store.save(tracker_with(idle, "long ago", timestamp=time.time() - 181 * 86400)))
    asyncio.run(store.save(tracker_with(recent, "yesterday", timestamp=time.time() - 86400)))
    passes = threading.Semaphore(0)

    def one_pass() -> tuple[int, int]:
        result = apply_retention(timedelta(days=180), db_url, db_url, tmp_path / "reports", SECRET)
        passes.release()
        return result

    schedule = RetentionSchedule(one_pass, every=timedelta(seconds=0.2)).start()
    try:
        assert passes.acquire(timeout=30) and passes.acquire(timeout=30)  # it runs, and again
    finally:
        schedule.stop()

    assert events_of(store, idle) == 0 and events_of(store, recent) > 0


def idle_and_recent_conversations(var: Path) -> tuple[ErasableSQLTrackerStore, str, str]:
    """A tracker store in `var` with one conversation idle for 200 days and one from yesterday."""
    make_var_private(var)
    store = ErasableSQLTrackerStore(host=f"sqlite:///{var / 'tracker.db'}")
    idle, recent = f"idle-{uuid.uuid4().hex}", f"recent-{uuid.uuid4().hex}"
    asyncio.run(store.save(tracker_with(idle, "long ago", timestamp=time.time() - 200 * 86400)))
    asyncio.run(store.save(tracker_with(recent, "yesterday", timestamp=time.time() - 86400)))
    return store, idle, recent


def erased_within(store: ErasableSQLTrackerStore, sender: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while events_of(store, sender) and time.monotonic() < deadline:
        time.sleep(0.5)
    return events_of(store, sender) == 0


def test_bot_run_erases_idle_conversations_by_itself(trained_model, tmp_path):
    """Not by hand: the process `make run` starts runs a pass when it starts (and then hourly)."""
    var = tmp_path / "var"
    env = kintsugi_environment(var)
    store, idle, recent = idle_and_recent_conversations(var)
    with kintsugi_running(env):
        assert erased_within(store, idle, seconds=60)
        assert events_of(store, recent) > 0


def test_the_retention_schedule_runs_as_a_process_of_its_own(tmp_path):
    """`python -m bot.retention --schedule`: retention where the servers start without bot.run
    (docker-compose.yml)."""
    var = tmp_path / "var"
    store, idle, recent = idle_and_recent_conversations(var)
    db_url = f"sqlite:///{var / 'kintsugi.db'}"
    upgrade(db_url)  # docker-compose.yml's migrations service does this first
    env = {
        **os.environ,
        "KINTSUGI_VAR_DIR": str(var),
        "KINTSUGI_TRACKER_DB_URL": f"sqlite:///{var / 'tracker.db'}",
        "KINTSUGI_DB_URL": db_url,
    }
    command = [sys.executable, "-m", "bot.retention", "--schedule"]
    log = tmp_path / "retention.log"
    with open(log, "w") as output:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=output)
    try:
        assert erased_within(store, idle, seconds=60), log.read_text()[-2000:]
        assert process.poll() is None  # it keeps running, for the next pass
        assert events_of(store, recent) > 0
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_a_failed_retention_pass_does_not_stop_the_schedule():
    calls = []

    def failing_pass() -> tuple[int, int]:
        calls.append(1)
        raise OSError("the database is away")

    schedule = RetentionSchedule(failing_pass, every=timedelta(seconds=0.05)).start()
    deadline = time.monotonic() + 10
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    schedule.stop()
    assert len(calls) >= 2


def test_retention_settings_come_from_the_environment(monkeypatch):
    from bot.settings import load_settings

    assert load_settings().retention_days == 180
    monkeypatch.setenv("KINTSUGI_RETENTION_DAYS", "30")
    monkeypatch.setenv("KINTSUGI_RETENTION_CHECK_MINUTES", "5")
    assert (load_settings().retention_days, load_settings().retention_check_minutes) == (30, 5)
    monkeypatch.setenv("KINTSUGI_RETENTION_DAYS", "0")
    with pytest.raises(SystemExit, match="KINTSUGI_RETENTION_DAYS must be 1 or more"):
        load_settings()


# 4. The channels' answers to "delete my data".


def say_on(agent, loop, sender: str, text: str, channel: str) -> list[dict]:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    output = CollectingOutputChannel()
    loop.run_until_complete(agent.handle_message(UserMessage(text, output, sender, input_channel=channel)))
    return output.messages


def delete_on(agent, loop, channel: str) -> dict:
    sender = f"{channel}-{uuid.uuid4().hex[:12]}"
    say_on(agent, loop, sender, "i found messages on his phone", channel)
    say_on(agent, loop, sender, "please delete all my data", channel)
    return say_on(agent, loop, sender, "/affirm", channel)[-1]


def test_the_chat_page_is_told_to_forget_the_conversation(agent, event_loop_for_agent):
    reply = delete_on(agent, event_loop_for_agent, "socketio")
    data = reply["custom"]["data"]
    assert "deleted" in data["text"].lower()
    assert data["metadata"] == {"kintsugi_forget_conversation": True}


def test_on_telegram_the_answer_says_telegrams_copy_stays_and_how_to_clear_it(agent, event_loop_for_agent):
    text = delete_on(agent, event_loop_for_agent, "telegram")["text"]
    assert "deleted" in text.lower() and "Telegram" in text
    assert "Delete chat" in text and "Clear history" in text


def test_delete_my_data_leaves_no_person_row_not_even_the_session_starts(
    agent, event_loop_for_agent, settings
):
    from bot.storage.identity import load_or_create_secret

    sender = f"rest-{uuid.uuid4().hex[:12]}"
    say_on(agent, event_loop_for_agent, sender, "hi", "rest")  # the session start comes first
    say_on(agent, event_loop_for_agent, sender, "give me an exercise", "rest")
    say_on(agent, event_loop_for_agent, sender, "please delete all my data", "rest")
    say_on(agent, event_loop_for_agent, sender, "/affirm", "rest")
    secret = load_or_create_secret(settings.var_dir)
    keys = [person_key(secret, sender), *former_person_keys(secret, sender)]
    with session_scope(settings.db_url) as session:
        assert session.execute(select(Person).where(Person.person_key.in_(keys))).all() == []
