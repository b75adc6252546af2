"""Starts the scale-out topology on free loopback ports and stops all of it afterwards.

    PostgreSQL  ── tracker store (database `tracker`) and project database (`kintsugi`)
    Redis       ── lock store (bot/storage/lock_store.py)
    action server (one; stateless, every Rasa server calls it)
    Rasa server × N (`python -m bot.rasa_server`, SANIC_WORKERS each)
    nginx       ── REST round-robin, socket.io sticky by client (bot/services/nginx.py)

Everything comes from the system's packages and the project's own commands (bot/run.py),
so each Rasa server is the server `make run` starts, with shared stores. Used by the
scale-out tests, `make scale-demo` and the benchmark:

    with scaled_out(rasa_servers=2) as topology:
        post(topology.nginx_url + "/webhooks/rest/webhook", ...)
"""

from __future__ import annotations

import contextlib
import dataclasses
import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from bot.channels.credentials_file import write_credentials_file
from bot.run import (
    READY_TIMEOUT_SECONDS,
    action_server_command,
    rasa_server_command,
    server_environment,
    stop_servers,
)
from bot.scale.endpoints import ATOMIC_LOCK_STORE, write_endpoints_file
from bot.services.nginx import API_LOCATION, NginxServer, start_nginx
from bot.services.ports import free_port
from bot.services.postgres import PostgresServer, start_postgres
from bot.services.redis import RedisServer, start_redis
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.setup.training import model_path
from bot.storage.migrate import upgrade

TRACKER_DATABASE = "tracker"


@dataclass
class ScaledOut:
    """A running topology: where to reach each part, and its processes."""

    nginx_url: str
    rasa_urls: list[str]
    actions_url: str
    tracker_db_url: str
    db_url: str
    redis_url: str
    api_token: str
    settings: Settings  # what every server was started with (rasa_port is the first server's)
    work_dir: Path  # generated endpoints/credentials and logs/
    rasa_processes: list[subprocess.Popen]
    action_server: subprocess.Popen
    nginx: NginxServer
    redis: RedisServer
    postgres: PostgresServer

    @property
    def webhook_url(self) -> str:
        return f"{self.nginx_url}/webhooks/rest/webhook"

    @property
    def api_url(self) -> str:
        """Rasa's HTTP API through nginx: only with an `Authorization: Bearer <token>` header."""
        return f"{self.nginx_url}{API_LOCATION}"

    @property
    def log_dir(self) -> Path:
        return self.work_dir / "logs"

    def log_tails(self, characters: int = 3000) -> str:
        """The end of every server's log, for failure messages."""
        return log_tails(self.work_dir, characters) + f"\n--- nginx\n{self.nginx.log_tail(characters)}"


@contextlib.contextmanager
def scaled_out(
    rasa_servers: int = 2,
    sanic_workers: int = 1,
    *,
    model: Path | None = None,
    api_token: str | None = None,
    work_dir: Path | None = None,
    env: Mapping[str, str] | None = None,
    lock_store_type: str = ATOMIC_LOCK_STORE,
    nginx_port: int | None = None,
) -> Iterator[ScaledOut]:
    """Starts the whole topology, yields it once every server answers, then stops everything.

    rasa_servers: how many Rasa servers behind nginx; sanic_workers: SANIC_WORKERS of each.
    model: the trained model (default: the current one in models/). work_dir: where the
    generated files and logs go (default: a temporary directory, removed afterwards).
    env: extra environment for every server. lock_store_type: endpoints.yml's lock_store
    type (Rasa's stock "redis" only to compare). Start-up failures raise RuntimeError with
    the servers' log tails.
    """
    if rasa_servers < 1 or sanic_workers < 1:
        raise ValueError("rasa_servers and sanic_workers must be at least 1")
    model = model or model_path(load_settings().models_dir)
    if not model.exists():
        raise RuntimeError(f"no trained model at {model}: run `make setup` first")
    temporary = work_dir is None
    work_dir = Path(tempfile.mkdtemp(prefix="kintsugi-scale-")) if work_dir is None else work_dir
    work_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        if temporary:
            stack.callback(shutil.rmtree, work_dir, ignore_errors=True)
        postgres = start_postgres("kintsugi")
        stack.callback(postgres.stop)
        redis = stack.enter_context(start_redis())
        tracker_db_url = create_database(postgres.url, TRACKER_DATABASE)
        create_tracker_tables(tracker_db_url)
        upgrade(postgres.url)  # the project's tables, as bot.run does before starting

        settings = dataclasses.replace(
            load_settings(),
            actions_port=free_port(),
            api_token=api_token or secrets.token_urlsafe(24),
            api_token_generated=False,
            tracker_db_url=tracker_db_url,
            db_url=postgres.url,
            var_dir=work_dir,
            telegram_token="",  # one Telegram webhook per bot: not for a replicated demo
        )
        endpoints = write_endpoints_file(work_dir / "endpoints.yml", redis.host, redis.port, lock_store_type)
        credentials = write_credentials_file(settings)
        server_env = {**server_environment(settings), **(env or {}), "SANIC_WORKERS": str(sanic_workers)}

        action_server = _launch(
            action_server_command(settings), server_env, work_dir / "logs" / "actions.log"
        )
        stack.callback(stop_servers, [action_server])
        rasa_settings = [
            dataclasses.replace(settings, rasa_port=free_port(), rasa_host="127.0.0.1")
            for _ in range(rasa_servers)
        ]
        rasa_processes = [
            _launch(
                # Loopback only: clients come through nginx.
                rasa_server_command(each, model, credentials, endpoints),
                server_env,
                work_dir / "logs" / f"rasa-{number}.log",
            )
            for number, each in enumerate(rasa_settings, start=1)
        ]  # all at once: each loads TensorFlow and the model for half a minute
        stack.callback(stop_servers, rasa_processes)
        rasa_urls = [f"http://127.0.0.1:{each.rasa_port}" for each in rasa_settings]
        health = [f"http://{settings.actions_host}:{settings.actions_port}/health"]
        named = {"actions": action_server} | {f"rasa-{n}": p for n, p in enumerate(rasa_processes, start=1)}
        _wait_until_answering(health + [f"{url}/" for url in rasa_urls], named, work_dir)
        # Last: a Rasa server nginx finds down is left out for ten seconds.
        nginx = stack.enter_context(
            start_nginx([url.removeprefix("http://") for url in rasa_urls], nginx_port)
        )
        yield ScaledOut(
            nginx_url=nginx.url,
            rasa_urls=rasa_urls,
            actions_url=settings.actions_url,
            tracker_db_url=tracker_db_url,
            db_url=postgres.url,
            redis_url=redis.url,
            api_token=settings.api_token,
            settings=rasa_settings[0],
            work_dir=work_dir,
            rasa_processes=rasa_processes,
            action_server=action_server,
            nginx=nginx,
            redis=redis,
            postgres=postgres,
        )


def create_database(server_url: str, name: str) -> str:
    """Creates database `name` on the PostgreSQL server of `server_url`; returns its URL."""
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def create_tracker_tables(url: str) -> None:
    """Rasa's own tracker table, made once here: Rasa servers starting together would all
    try, and the losers of PostgreSQL's catalogue race wait five seconds and try again."""
    from rasa.core.tracker_store import SQLTrackerStore

    engine = sa.create_engine(url)
    try:
        SQLTrackerStore.Base.metadata.create_all(engine)
    finally:
        engine.dispose()


def _launch(command: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as output:
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=dict(env), stdout=output, stderr=subprocess.STDOUT
        )


def _wait_until_answering(
    urls: list[str],
    processes: dict[str, subprocess.Popen],
    work_dir: Path,
    timeout: float = READY_TIMEOUT_SECONDS,
) -> None:
    """Polls `urls` until all answer; fails with the logs when a server stops or time runs out."""
    waiting = list(urls)
    deadline = time.monotonic() + timeout
    while waiting and time.monotonic() < deadline:
        stopped = {name: p.returncode for name, p in processes.items() if p.poll() is not None}
        if stopped:
            raise RuntimeError(f"stopped while starting (exit codes): {stopped}\n{log_tails(work_dir)}")
        waiting = [url for url in waiting if not _answers(url)]
        if waiting:
            time.sleep(0.5)
    if waiting:
        raise RuntimeError(
            f"{', '.join(waiting)} did not answer within {timeout:.0f} s:\n{log_tails(work_dir)}"
        )


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False


def log_tails(work_dir: Path, characters: int = 3000) -> str:
    """The end of each log under work_dir/logs."""
    logs = sorted((work_dir / "logs").glob("*.log"))
    return "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-characters:]}" for log in logs)
