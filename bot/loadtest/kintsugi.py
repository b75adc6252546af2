"""Kintsugi under test, in the set-ups the benchmark compares.

A set-up is environment overrides for the servers plus how many Rasa servers run. The
embedded one is exactly `make run` (SQLite stores, one Rasa server, one Sanic worker), on
free ports and in its own var dir. A scaled-out one runs on the scale-out topology
(PostgreSQL, Redis lock store, N Rasa servers behind nginx), started by `scaled_out_running`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import ContextManager

from bot.channels.credentials_file import write_credentials_file
from bot.loadtest.assistant import RunningAssistant, launch, wait_for_first_answer
from bot.loadtest.conversations import KINTSUGI_CONVERSATIONS
from bot.loadtest.training_time import TrainingTime, timed_training
from bot.messages import load_messages
from bot.run import action_server_command, rasa_server_command, server_environment, stop_servers
from bot.scale.topology import scaled_out
from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.setup.training import model_path, train_if_needed
from bot.storage.migrate import upgrade

# The answers Kintsugi gives when a turn could not happen (README, "When something fails"):
# under load they mean an overloaded action server or database, so the benchmark counts them as errors.
TROUBLE_MESSAGE_KEYS = ("action_server_trouble", "storage_trouble")


@dataclass(frozen=True)
class KintsugiSetUp:
    name: str
    description: str
    env: Mapping[str, str] = field(default_factory=dict)  # for every server process of the set-up
    rasa_servers: int = 1
    sanic_workers: int = 1  # SANIC_WORKERS of each Rasa server (more than 1 needs the shared stores)
    scaled_out: bool = False  # on the scale-out topology (shared stores, nginx); else as `make run`


EMBEDDED = KintsugiSetUp("embedded", "as `make run`: SQLite stores, one Rasa server, one Sanic worker")
TUNED = KintsugiSetUp(
    "tuned",
    "the scale-out topology: PostgreSQL stores, Redis lock store, 2 Rasa servers behind nginx",
    # Two Rasa processes share two cores: one TensorFlow thread each, so they don't oversubscribe.
    env={"TF_INTRA_OP_PARALLELISM_THREADS": "1", "TF_INTER_OP_PARALLELISM_THREADS": "1"},
    rasa_servers=2,
    scaled_out=True,
)
SETUPS = {setup.name: setup for setup in (EMBEDDED, TUNED)}


def trouble_texts() -> frozenset[str]:
    messages = load_messages()
    return frozenset(message.text for key in TROUBLE_MESSAGE_KEYS for message in messages[key])


def train_timed(bench_dir: Path) -> TrainingTime:
    """Kintsugi's training time: the same `rasa train` as `make run`, into bench_dir/kintsugi-models,
    once per change of the training inputs (the servers load the model in models/, the same one)."""
    models = bench_dir / "kintsugi-models"

    def train() -> None:
        models.mkdir(parents=True, exist_ok=True)
        with open(models / "training.log", "a") as log:
            train_if_needed(models, output=log)

    return timed_training(model_path(models), train)


def isolated_settings(var_dir: Path, token: str) -> Settings:
    """`make run`'s settings with its own ports, token and SQLite stores under `var_dir`."""
    return dataclasses.replace(
        load_settings(),
        rasa_port=free_port(),
        actions_port=free_port(),
        api_token=token,
        api_token_generated=False,
        tracker_db_url=f"sqlite:///{var_dir / 'tracker.db'}",
        db_url=f"sqlite:///{var_dir / 'kintsugi.db'}",
        var_dir=var_dir,
        telegram_token="",  # REST is what is measured; Telegram would call out at start-up
    )


@contextlib.contextmanager
def embedded_running(
    setup: KintsugiSetUp, model: Path, var_dir: Path, token: str
) -> Iterator[RunningAssistant]:
    """The action server and one Rasa server as `python -m bot.run` starts them, fresh stores."""
    shutil.rmtree(var_dir, ignore_errors=True)  # every run starts from empty stores
    var_dir.mkdir(parents=True)
    settings = isolated_settings(var_dir, token)
    upgrade(settings.db_url)  # as bot.run does before starting the servers
    env = {**server_environment(settings), **setup.env, "SANIC_WORKERS": str(setup.sanic_workers)}
    logs = [var_dir / "actions.log", var_dir / "rasa.log"]
    launched_at = time.monotonic()
    actions = launch(action_server_command(settings), PROJECT_ROOT, env, logs[0])
    credentials = write_credentials_file(settings)
    rasa = launch(rasa_server_command(settings, model, credentials), PROJECT_ROOT, env, logs[1])
    try:
        base_url = f"http://127.0.0.1:{settings.rasa_port}"
        startup = wait_for_first_answer(
            f"{base_url}/webhooks/rest/webhook", launched_at, [actions, rasa], logs
        )
        yield RunningAssistant(
            name=setup.name,
            base_url=base_url,
            token=token,
            conversations=KINTSUGI_CONVERSATIONS,
            processes={"rasa": [rasa.pid], "action_server": [actions.pid]},
            startup_seconds=startup,
            failure_texts=trouble_texts(),
        )
    finally:
        stop_servers([rasa, actions])


@contextlib.contextmanager
def scaled_out_running(
    setup: KintsugiSetUp, model: Path, var_dir: Path, token: str
) -> Iterator[RunningAssistant]:
    """The scale-out topology (bot/scale/topology.py), measured through nginx; start-up counts
    everything from PostgreSQL's initdb to the first answer."""
    shutil.rmtree(var_dir, ignore_errors=True)
    launched_at = time.monotonic()
    with scaled_out(
        rasa_servers=setup.rasa_servers,
        sanic_workers=setup.sanic_workers,
        model=model,
        api_token=token,
        work_dir=var_dir,
        env=setup.env,
    ) as topology:
        servers = [topology.action_server, *topology.rasa_processes]
        logs = sorted(topology.log_dir.glob("*.log"))
        startup = wait_for_first_answer(topology.webhook_url, launched_at, servers, logs)
        yield RunningAssistant(
            name=setup.name,
            base_url=topology.nginx_url,
            api_url=topology.api_url,
            token=token,
            conversations=KINTSUGI_CONVERSATIONS,
            processes={
                "rasa": [process.pid for process in topology.rasa_processes],
                "action_server": [topology.action_server.pid],
            },
            startup_seconds=startup,
            failure_texts=trouble_texts(),
        )


def kintsugi_running(
    setup: KintsugiSetUp, model: Path, var_dir: Path, token: str
) -> ContextManager[RunningAssistant]:
    """Starts `setup` with `model`, its state under `var_dir`; stops it when the block ends."""
    running = scaled_out_running if setup.scaled_out else embedded_running
    return running(setup, model, var_dir, token)
