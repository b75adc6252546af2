"""Delete-my-data read back from the disk: a conversation with a unique phrase, an export, the
erasure, then no file under var/ (databases, WAL, reports) holds the phrase or the raw sender
id, on SQLite and on PostgreSQL (whose tables are checked by query)."""

import dataclasses
import os
import stat
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import bindparam, create_engine, text

from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.storage.exports import reports_dir
from bot.storage.identity import former_person_keys, load_or_create_secret, person_key
from bot.storage.migrate import upgrade
from tests.kintsugi_processes import KintsugiProcesses

TOKEN = "test-token-for-the-disk-test"


@pytest.fixture(params=["sqlite", "postgresql"])
def kintsugi(request: pytest.FixtureRequest, trained_model: Path, tmp_path: Path):
    """Both servers on a fresh var/ (logs kept outside it), the stores on SQLite in var/ or on
    PostgreSQL."""
    var = tmp_path / "var"
    if request.param == "sqlite":
        tracker_url, db_url = f"sqlite:///{var / 'tracker.db'}", f"sqlite:///{var / 'kintsugi.db'}"
    else:
        tracker_url = db_url = request.getfixturevalue("postgresql_url")
    settings = dataclasses.replace(
        load_settings(),
        rasa_port=free_port(),
        actions_port=free_port(),
        api_token=TOKEN,
        tracker_db_url=tracker_url,
        db_url=db_url,
        var_dir=var,
    )
    upgrade(settings.db_url)  # as bot.run does before starting the servers
    processes = KintsugiProcesses(settings, trained_model, tmp_path / "logs")
    try:
        processes.start_actions()
        processes.start_rasa()
        yield processes
    finally:
        processes.stop()


def export(processes: KintsugiProcesses, sender: str) -> None:
    env = {**os.environ, "KINTSUGI_VAR_DIR": str(processes.settings.var_dir), "KINTSUGI_API_TOKEN": TOKEN}
    command = [sys.executable, "-m", "bot.sessions", "export", sender, "--url", processes.rasa_url]
    done = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]


def files_holding(var: Path, *needles: str) -> list[str]:
    return [
        f"{path.relative_to(var)} holds {needle!r}"
        for path in var.rglob("*")
        if path.is_file()
        for needle in needles
        if needle.encode() in path.read_bytes()
    ]


def loose_modes(var: Path) -> list[str]:
    """Files under var/ that anyone but the owner may read (and var/ itself)."""
    paths = [var, *var.rglob("*")]
    return [
        f"{p.relative_to(var)} {stat.filemode(p.stat().st_mode)}" for p in paths if p.stat().st_mode & 0o077
    ]


def count(url: str, query, **values) -> int:  # noqa: ANN001 - a SQLAlchemy text clause
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(query, values).scalar()
    finally:
        engine.dispose()


def rows_left(settings: Settings, sender: str, phrase: str) -> dict[str, int]:
    """What the databases still hold of the person, by query (PostgreSQL keeps no file in var/)."""
    secret = load_or_create_secret(settings.var_dir)
    keys = [person_key(secret, sender), *former_person_keys(secret, sender)]
    people = text("select count(*) from people where person_key in :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    return {
        "events": count(
            settings.tracker_db_url, text("select count(*) from events where sender_id = :s"), s=sender
        ),
        "phrase": count(
            settings.tracker_db_url, text("select count(*) from events where data like :p"), p=f"%{phrase}%"
        ),
        "people": count(settings.db_url, people, keys=keys),
    }


def test_after_delete_my_data_nothing_under_var_holds_the_phrase_or_the_sender(kintsugi: KintsugiProcesses):
    var, settings = kintsugi.settings.var_dir, kintsugi.settings
    sender, phrase = f"disk-{uuid.uuid4().hex}", f"marigold{uuid.uuid4().hex[:8]}"
    assert (
        kintsugi.say(sender, f"i found his messages to {phrase}, he has been sleeping with her").status == 200
    )
    assert kintsugi.say(sender, "give me an exercise").status == 200
    export(kintsugi, sender)

    exports = sorted(p.name for p in reports_dir(var).iterdir())
    assert len(exports) == 2 and not any(sender in name for name in exports)
    assert files_holding(var, phrase)  # the export (and on SQLite the database) holds it
    assert rows_left(settings, sender, phrase)["events"] > 0
    assert loose_modes(var) == []  # var/ 0700, every file in it 0600: databases, WAL, reports, keys

    assert "delet" in kintsugi.say(sender, "please delete all my data").text.lower()
    assert "deleted" in kintsugi.say(sender, "/affirm").text.lower()

    assert files_holding(var, phrase, sender) == []
    assert list(reports_dir(var).iterdir()) == []
    assert rows_left(settings, sender, phrase) == {"events": 0, "phrase": 0, "people": 0}
