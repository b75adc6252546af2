"""An action slowed by a locked table is waited for; one that cannot write fails and says so.

The Rasa server answers "give me a moment" for an action that has not answered within
`answer_within_seconds` (endpoints.yml); a write to Kintsugi's tables gives up on a lock after
TABLES_LOCK_WAIT_SECONDS (bot/storage/database.py). Real servers, Kintsugi's tables on SQLite and
on PostgreSQL (the tracker store on SQLite, so a lock on the tables leaves it alone), and a
lock held by another connection, as a busy writer would hold it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy
import yaml
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.messages import load_messages
from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT, load_settings
from bot.storage.database import CONNECT_SECONDS, TABLES_LOCK_WAIT_SECONDS
from bot.storage.migrate import upgrade
from bot.storage.tracker_store import erasure_requested
from tests.kintsugi_processes import KintsugiProcesses, Reply
from tests.test_plans import build_plan_until_confirmation

ANSWER_WITHIN_SECONDS = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())["action_endpoint"][
    "answer_within_seconds"
]
TROUBLE = {m.text for m in load_messages()["action_server_trouble"]}
PLAN_SAVED = {
    r["text"]
    for r in yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]["utter_plan_saved"]
}
TOKEN = "test-token-for-the-action-budget-tests"
# Longer than the old budget (1 s) and shorter than the tables' lock wait: the action is slow,
# and alive.
SLOW_SECONDS = 1.5
# Longer than the tables' lock wait: the action's write fails and is rolled back.
STUCK_SECONDS = TABLES_LOCK_WAIT_SECONDS + 1.5


def test_an_action_gives_up_on_the_database_well_before_the_rasa_server_gives_up_on_it():
    # Worst case on PostgreSQL: a new connection, then one lock wait; a second to spare for the rest.
    assert CONNECT_SECONDS + TABLES_LOCK_WAIT_SECONDS + 1 <= ANSWER_WITHIN_SECONDS
    assert TABLES_LOCK_WAIT_SECONDS < SLOW_SECONDS + 1 < STUCK_SECONDS


def test_an_erasure_answered_in_the_action_servers_place_erases_nothing():
    """Rasa logs the action's name even when the action failed: that name alone erases nothing."""
    tracker = DialogueStateTracker("someone", [])
    tracker.update(UserUttered("/affirm"))
    tracker.update(ActionExecuted("action_delete_my_data"))
    tracker.update(BotUttered("I'm having trouble on my side.", metadata={"kintsugi_fallback": True}))
    assert not erasure_requested(tracker)


@dataclasses.dataclass
class Tables:
    """Kintsugi's tables as the test sees them: count rows, hold a write lock."""

    url: str

    def count(self, table: str) -> int:
        engine = sqlalchemy.create_engine(self.url)
        try:
            with engine.connect() as connection:
                return connection.execute(sqlalchemy.text(f"select count(*) from {table}")).scalar_one()
        finally:
            engine.dispose()

    @contextlib.contextmanager
    def locked(self, table: str, seconds: float) -> Iterator[None]:
        """Another connection keeps `table` from being written for `seconds` from now (SQLite:
        the whole file), in the background; the block waits until the lock is let go."""
        taken, done = threading.Event(), threading.Event()
        holder = threading.Thread(target=self._hold, args=(table, seconds, taken, done))
        holder.start()
        assert taken.wait(10), "the test could not take the lock"
        try:
            yield
        finally:
            holder.join()
            assert done.is_set()

    def _hold(self, table: str, seconds: float, taken: threading.Event, done: threading.Event) -> None:
        if self.url.startswith("sqlite"):
            db = sqlite3.connect(self.url.removeprefix("sqlite:///"), isolation_level=None)
            db.execute("BEGIN IMMEDIATE")  # the write lock; readers go on
            taken.set()
            time.sleep(seconds)
            db.execute("ROLLBACK")
            db.close()
        else:
            engine = sqlalchemy.create_engine(self.url)
            with engine.connect() as connection, connection.begin() as transaction:
                connection.execute(sqlalchemy.text(f"LOCK TABLE {table} IN EXCLUSIVE MODE"))  # reads go on
                taken.set()
                time.sleep(seconds)
                transaction.rollback()
            engine.dispose()
        done.set()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def servers(request, trained_model: Path, tmp_path_factory: pytest.TempPathFactory):
    """Kintsugi's servers with their tables on SQLite or PostgreSQL, the tracker store on SQLite."""
    # Not "postgresql" in the path: Rasa takes any URL containing that word for PostgreSQL.
    var_dir = tmp_path_factory.mktemp(f"budget-{request.param[:6]}")
    db_url = (
        f"sqlite:///{var_dir / 'kintsugi.db'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgresql_url")
    )
    upgrade(db_url)
    settings = dataclasses.replace(
        load_settings(),
        rasa_port=free_port(),
        actions_port=free_port(),
        api_token=TOKEN,
        tracker_db_url=f"sqlite:///{var_dir / 'tracker.db'}",
        db_url=db_url,
        var_dir=var_dir,
    )
    processes = KintsugiProcesses(settings, trained_model, var_dir / "logs")
    try:
        processes.ensure_running()
        yield processes, Tables(db_url)
    finally:
        processes.stop()


def new_sender() -> str:
    return f"person-{uuid.uuid4().hex[:10]}"


def trouble(reply: Reply) -> list[str]:
    return [text for text in reply.texts if text in TROUBLE]


def plan_saved(reply: Reply) -> list[str]:
    return [text for text in reply.texts if text in PLAN_SAVED]


def test_a_plan_saved_while_the_tables_are_busy_is_waited_for_and_saved(servers):
    kintsugi, tables = servers
    sender = new_sender()
    build_plan_until_confirmation(lambda text: kintsugi.say(sender, text))
    plans_before = tables.count("plans")
    with tables.locked("plans", SLOW_SECONDS):
        reply = kintsugi.say(sender, "/affirm")  # "Save it"
    assert trouble(reply) == [], reply.texts
    assert plan_saved(reply), reply.texts
    assert reply.seconds >= SLOW_SECONDS - 0.2  # it did wait for the lock
    assert tables.count("plans") == plans_before + 1


def test_a_plan_that_cannot_be_written_in_time_is_neither_called_saved_nor_saved_later(servers):
    kintsugi, tables = servers
    sender = new_sender()
    build_plan_until_confirmation(lambda text: kintsugi.say(sender, text))
    plans_before = tables.count("plans")
    with tables.locked("plans", STUCK_SECONDS):
        reply = kintsugi.say(sender, "/affirm")
    time.sleep(1)  # an action still waiting would write now that the lock is gone
    assert len(trouble(reply)) == 1, reply.texts
    assert plan_saved(reply) == [], reply.texts
    assert tables.count("plans") == plans_before


def said_in_tracker(kintsugi: KintsugiProcesses, sender: str) -> list[str]:
    return [e["text"] for e in kintsugi.tracker(sender)["events"] if e["event"] == "user"]


def test_a_delete_that_failed_keeps_the_conversation_with_its_rows_and_can_be_asked_again(servers):
    kintsugi, tables = servers
    sender = new_sender()
    kintsugi.say(sender, "hi")
    kintsugi.say(sender, "he cheated on me and i found out from his phone")
    kintsugi.say(sender, "can you give me an exercise")
    people = tables.count("people")
    assert "delet" in kintsugi.say(sender, "please delete all my data").text.lower()  # asks first
    with tables.locked("people", STUCK_SECONDS):
        reply = kintsugi.say(sender, "/affirm")
    time.sleep(1)
    assert len(trouble(reply)) == 1, reply.texts
    assert "he cheated on me and i found out from his phone" in said_in_tracker(kintsugi, sender)
    assert tables.count("people") == people

    kintsugi.say(sender, "please delete all my data")
    reply = kintsugi.say(sender, "/affirm")
    assert "deleted" in reply.text.lower(), reply.texts
    # Rows first: reading an erased conversation through the HTTP API starts a new one.
    assert tables.count("people") == people - 1
    assert "he cheated on me and i found out from his phone" not in said_in_tracker(kintsugi, sender)
