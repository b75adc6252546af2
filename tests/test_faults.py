"""Kintsugi survives faults: the action server killed or hung, the Rasa server SIGKILLed under
load, the database down. Real servers on loopback (started as `make run` starts them), a
private PostgreSQL cluster as tracker store and project database, real signals.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import threading
import time
import uuid
from pathlib import Path

import pytest
import sqlalchemy
import yaml

from bot.exercises.catalogue import load_catalogue
from bot.messages import load_messages
from bot.services.ports import free_port
from bot.services.postgres import PostgresServer, start_postgres
from bot.settings import PROJECT_ROOT, load_settings
from bot.storage.migrate import upgrade
from tests.kintsugi_processes import KintsugiProcesses, Reply
from tests.test_plans import build_plan_until_confirmation
from tests.test_socketio import WidgetClient

MESSAGES = load_messages()
ACTION_SERVER_TROUBLE = {m.text for m in MESSAGES["action_server_trouble"]}
STORAGE_TROUBLE = {m.text for m in MESSAGES["storage_trouble"]}
CATALOGUE = load_catalogue()
TOKEN = "test-token-for-the-fault-tests"
# Each person says who they are before anything fails; the slot must outlive every fault.
OPENERS = {
    "hurt_partner": "he cheated on me with a coworker",
    "involved_partner": "i cheated on my wife and she found out",
}
ASK_FOR_AN_EXERCISE = "can you give me an exercise"
# How long the Rasa server waits for an action before it answers in its place.
ANSWER_WITHIN_SECONDS = yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())["action_endpoint"][
    "answer_within_seconds"
]


@pytest.fixture(scope="module")
def postgres() -> PostgresServer:
    """A cluster of this module's own: stopping it disturbs no other test."""
    server = start_postgres()
    try:
        upgrade(server.url)
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def kintsugi(trained_model: Path, postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory):
    var_dir = tmp_path_factory.mktemp("faults-var")
    settings = dataclasses.replace(
        load_settings(),
        rasa_port=free_port(),
        actions_port=free_port(),
        api_token=TOKEN,
        tracker_db_url=postgres.url,  # one database for both, as a small deployment has it
        db_url=postgres.url,
        var_dir=var_dir,
    )
    processes = KintsugiProcesses(settings, trained_model, var_dir / "logs")
    try:
        yield processes
    finally:
        processes.stop()


@pytest.fixture(autouse=True)
def everything_running(kintsugi: KintsugiProcesses, postgres: PostgresServer) -> None:
    """Each test starts from a healthy Kintsugi, whatever the test before it broke."""
    postgres.resume()
    kintsugi.ensure_running()


def person(kintsugi: KintsugiProcesses, role: str = "hurt_partner") -> str:
    """A conversation that has started, with its `role` slot set."""
    sender = f"person-{uuid.uuid4().hex[:10]}"
    kintsugi.say(sender, "hi")
    kintsugi.say(sender, OPENERS[role])
    assert kintsugi.tracker(sender)["slots"]["role"] == role
    return sender


def trouble_messages(reply: Reply, kind: set[str]) -> list[str]:
    return [text for text in reply.texts if text in kind]


def assert_exercise_for(kintsugi: KintsugiProcesses, sender: str, role: str) -> None:
    """The turn ran the action server's exercise selection, for this person's role."""
    exercise_id = kintsugi.tracker(sender)["slots"]["exercise_id"]
    assert exercise_id in CATALOGUE
    assert role in CATALOGUE[exercise_id].roles


# The action server killed or hung


def test_a_killed_action_server_gets_a_short_give_me_a_moment_answer_within_2_s(kintsugi):
    sender = person(kintsugi)
    kintsugi.kill_actions()
    reply = kintsugi.say(sender, ASK_FOR_AN_EXERCISE)
    assert reply.status == 200
    assert reply.seconds < 2
    assert len(trouble_messages(reply, ACTION_SERVER_TROUBLE)) == 1, reply.texts


def test_a_hung_action_server_gets_a_short_give_me_a_moment_answer_within_its_budget(kintsugi):
    sender = person(kintsugi)
    kintsugi.actions.send_signal(signal.SIGSTOP)  # it still accepts connections, and never answers
    try:
        reply = kintsugi.say(sender, ASK_FOR_AN_EXERCISE)
    finally:
        kintsugi.actions.send_signal(signal.SIGCONT)
    assert reply.status == 200
    assert reply.seconds < ANSWER_WITHIN_SECONDS + 1
    assert len(trouble_messages(reply, ACTION_SERVER_TROUBLE)) == 1, reply.texts


PLAN_SAVED = {
    r["text"]
    for r in yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())["responses"]["utter_plan_saved"]
}


def plan_saved_said(reply: Reply) -> list[str]:
    return [text for text in reply.texts if text in PLAN_SAVED]


def stored_plans(postgres: PostgresServer) -> int:
    engine = sqlalchemy.create_engine(postgres.url)
    try:
        with engine.connect() as connection:
            return connection.execute(sqlalchemy.text("select count(*) from plans")).scalar_one()
    finally:
        engine.dispose()


@pytest.mark.parametrize("fault", ["killed", "hung"])
def test_a_plan_is_never_called_saved_when_the_action_server_fails_to_save_it(kintsugi, postgres, fault):
    sender = f"person-{uuid.uuid4().hex[:10]}"
    build_plan_until_confirmation(lambda text: kintsugi.say(sender, text))
    said = [e["name"] for e in kintsugi.tracker(sender)["events"] if e["event"] == "action"]
    assert said[-2:] == ["action_confirm_plan", "action_listen"]  # the plan read back, "save it?"
    plans_before = stored_plans(postgres)
    if fault == "killed":
        kintsugi.kill_actions()
    else:
        kintsugi.actions.send_signal(signal.SIGSTOP)  # the autouse fixture lets it go on afterwards
    reply = kintsugi.say(sender, "/affirm")  # "Save it"
    assert len(trouble_messages(reply, ACTION_SERVER_TROUBLE)) == 1, reply.texts
    assert plan_saved_said(reply) == [], reply.texts
    events = kintsugi.tracker(sender)["events"]
    assert not any(e["event"] == "action" and e["name"] == "utter_plan_saved" for e in events)
    if fault == "killed":  # a hung server would save the plan once it runs again (README)
        assert stored_plans(postgres) == plans_before


def test_a_crisis_gets_the_crisis_contacts_while_the_action_server_is_down(kintsugi):
    sender = person(kintsugi)
    kintsugi.kill_actions()
    reply = kintsugi.say(
        sender, "i dont want to be alive anymore, i have pills saved up", metadata={"locale": "en-GB"}
    )
    assert "999" in reply.text and "116 123" in reply.text  # en-GB's emergency number and Samaritans
    assert "safe" in reply.texts[-1]
    assert not trouble_messages(reply, ACTION_SERVER_TROUBLE)
    assert kintsugi.tracker(sender)["slots"]["risk_type"] == "self_harm"


def test_a_new_session_still_opens_with_what_kintsugi_is_while_the_action_server_is_down(kintsugi):
    kintsugi.kill_actions()
    reply = kintsugi.say(f"person-{uuid.uuid4().hex[:10]}", "hi")
    assert "not a therapist" in reply.texts[0]
    assert len(reply.texts) >= 2  # and the greeting itself


def test_the_conversation_continues_with_its_slots_when_the_action_server_is_back(kintsugi):
    sender = person(kintsugi, "involved_partner")
    kintsugi.kill_actions()
    kintsugi.say(sender, ASK_FOR_AN_EXERCISE)
    kintsugi.start_actions()
    reply = kintsugi.say(sender, ASK_FOR_AN_EXERCISE)
    assert not trouble_messages(reply, ACTION_SERVER_TROUBLE), reply.texts
    assert_exercise_for(kintsugi, sender, "involved_partner")


# The Rasa server SIGKILLed under load and restarted

CONVERSATIONS = 10
KILL_AFTER_ANSWERS = 30


@dataclasses.dataclass
class LoadRecord:
    roles: dict[str, str]  # sender -> role set before the kill
    answered: dict[str, list[tuple[str, list[str]]]]  # sender -> (message, replies) answered
    failed_requests: int = 0


def talk_until_refused(
    kintsugi: KintsugiProcesses, sender: str, record: LoadRecord, lock: threading.Lock
) -> None:
    for n in range(1, 1000):
        text = f"i keep going over what happened, message {n}"
        try:
            reply = kintsugi.say(sender, text, timeout=30)
        except OSError:  # the server died under this request
            with lock:
                record.failed_requests += 1
            return
        if reply.status == 200 and reply.messages:
            with lock:
                record.answered[sender].append((text, reply.texts))


@pytest.fixture(scope="module")
def rasa_killed_under_load(kintsugi: KintsugiProcesses) -> LoadRecord:
    """Ten people talking at once; the Rasa server is SIGKILLed mid-load, then started again."""
    kintsugi.ensure_running()
    roles = {person(kintsugi, role): role for role in list(OPENERS) * (CONVERSATIONS // len(OPENERS))}
    record = LoadRecord(roles, {sender: [] for sender in roles})
    lock = threading.Lock()
    talkers = [
        threading.Thread(target=talk_until_refused, args=(kintsugi, sender, record, lock)) for sender in roles
    ]
    for talker in talkers:
        talker.start()
    deadline = time.monotonic() + 120
    while sum(map(len, record.answered.values())) < KILL_AFTER_ANSWERS and time.monotonic() < deadline:
        time.sleep(0.05)
    kintsugi.kill_rasa()
    for talker in talkers:
        talker.join(timeout=60)
    kintsugi.start_rasa()  # on the same tracker store and project database
    return record


def test_every_answered_message_survives_a_sigkilled_rasa_server(kintsugi, rasa_killed_under_load):
    record = rasa_killed_under_load
    assert sum(map(len, record.answered.values())) >= KILL_AFTER_ANSWERS
    assert record.failed_requests > 0, "the server was not killed mid-load"
    for sender, answered in record.answered.items():
        events = kintsugi.tracker(sender)["events"]
        said = [e["text"] for e in events if e["event"] == "user"]
        replied = [e["text"] for e in events if e["event"] == "bot"]
        for text, replies in answered:
            assert text in said, f"{sender}: an answered message is missing from the tracker"
            assert all(r in replied for r in replies), f"{sender}: an answer is missing from the tracker"


def test_conversations_continue_with_their_slots_after_the_rasa_server_restarts(
    kintsugi, rasa_killed_under_load
):
    for sender, role in rasa_killed_under_load.roles.items():
        assert kintsugi.tracker(sender)["slots"]["role"] == role
        reply = kintsugi.say(sender, ASK_FOR_AN_EXERCISE)
        assert reply.status == 200 and reply.messages
        assert_exercise_for(kintsugi, sender, role)  # the next turn used the slot set before the kill


# The database (tracker store and project tables) briefly down


def test_a_message_while_the_database_is_down_gets_a_graceful_answer(kintsugi, postgres):
    sender = person(kintsugi)
    postgres.pause()
    try:
        reply = kintsugi.say(sender, "i keep going over what happened")
    finally:
        postgres.resume()
    assert reply.status == 200
    assert reply.seconds < 2
    assert len(trouble_messages(reply, STORAGE_TROUBLE)) == 1, reply.texts
    assert kintsugi.rasa.poll() is None and kintsugi.actions.poll() is None  # nothing crashed


def test_a_widget_message_while_the_database_is_down_gets_a_graceful_answer(kintsugi, postgres):
    session = uuid.uuid4().hex

    async def exchange() -> list[dict]:
        async with WidgetClient(kintsugi.rasa_url, session) as widget:
            await widget.say({"message": "hi", "session_id": session})
            postgres.pause()
            return await widget.say({"message": "i keep going over what happened", "session_id": session})

    try:
        replies = asyncio.run(exchange())
    finally:
        postgres.resume()
    assert [r.get("text") for r in replies if r.get("text") in STORAGE_TROUBLE], replies


def test_a_crisis_while_the_database_is_down_still_gets_the_crisis_contacts(kintsugi, postgres):
    sender = person(kintsugi)
    postgres.pause()
    try:
        reply = kintsugi.say(
            sender, "he hit me last night and said he would kill me if i leave", {"locale": "en-GB"}
        )
    finally:
        postgres.resume()
    assert "999" in reply.text and "0808 2000 247" in reply.text  # the domestic abuse helpline
    assert not trouble_messages(reply, STORAGE_TROUBLE)


def test_the_conversation_continues_with_its_slots_when_the_database_is_back(kintsugi, postgres):
    sender = person(kintsugi, "involved_partner")
    postgres.pause()
    try:
        kintsugi.say(sender, "i keep going over what happened")
    finally:
        postgres.resume()
    reply = kintsugi.say(sender, ASK_FOR_AN_EXERCISE)
    assert not trouble_messages(reply, STORAGE_TROUBLE | ACTION_SERVER_TROUBLE), reply.texts
    assert_exercise_for(kintsugi, sender, "involved_partner")
