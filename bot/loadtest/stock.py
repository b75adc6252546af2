"""The baseline: the assistant `rasa init` creates (moodbot), trained and served as Rasa's docs say.

Created once in var/bench/stock, trained once (timed), served by `rasa run --enable-api` with
its own defaults: REST channel, in-memory tracker and lock stores, no action server. The API
token reaches it in the environment, never on the command line (bot/loadtest/stock_server.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from bot.loadtest.assistant import RunningAssistant, launch, wait_for_first_answer
from bot.loadtest.conversations import STOCK_CONVERSATIONS
from bot.loadtest.training_time import TrainingTime, timed_training
from bot.rasa_server import API_TOKEN_VARIABLE
from bot.run import stop_servers
from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT

MODEL_NAME = "stock"
DESCRIPTION = "the assistant `rasa init` creates, served by `rasa run` with its defaults"


def stock_environment() -> dict[str, str]:
    # No telemetry: this machine has no network, and Kintsugi's server sends none either.
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def server_environment(token: str) -> dict[str, str]:
    """The stock server's environment: the API token, and the project on the path for the
    launcher (the server runs in the stock project's directory)."""
    python_path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    return {**stock_environment(), API_TOKEN_VARIABLE: token, "PYTHONPATH": python_path}


def server_command(model: Path, port: int) -> list[str]:
    """`rasa run --enable-api` on loopback (rasa run's default is every interface), token-less."""
    return [
        sys.executable, "-m", "bot.loadtest.stock_server",
        "--model", str(model), "--enable-api",
        "--port", str(port), "--interface", "127.0.0.1",
    ]  # fmt: skip


def model_file(directory: Path) -> Path:
    return directory / "models" / f"{MODEL_NAME}.tar.gz"


def _create_or_train(directory: Path) -> None:
    """`rasa init --no-prompt` (which creates the project and trains it) or, when the project
    exists, `rasa train`; the model ends up as models/stock.tar.gz."""
    directory.mkdir(parents=True, exist_ok=True)
    if (directory / "domain.yml").exists():
        command = [sys.executable, "-m", "rasa", "train", "--out", "models", "--fixed-model-name", MODEL_NAME]
    else:
        command = [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(directory)]
    log = directory / "training.log"
    print(f"==> training the stock assistant (about a minute; output in {log})", flush=True)
    with open(log, "ab") as output:
        subprocess.run(
            command, cwd=directory, env=stock_environment(), check=True, stdout=output, stderr=output
        )
    if not model_file(directory).exists():  # rasa init names its model by date
        trained = max((directory / "models").glob("*.tar.gz"), key=lambda path: path.stat().st_mtime)
        trained.rename(model_file(directory))


def prepare(directory: Path) -> TrainingTime:
    """The stock project and its model, made and trained only when missing; training timed."""
    return timed_training(model_file(directory), lambda: _create_or_train(directory))


@contextlib.contextmanager
def stock_running(directory: Path) -> Iterator[RunningAssistant]:
    """`rasa run --enable-api` on a free port; stopped when the block ends."""
    port = free_port()
    token = secrets.token_urlsafe(16)
    log = directory / "server.log"
    launched_at = time.monotonic()
    server = launch(
        server_command(model_file(directory), port), cwd=directory, env=server_environment(token), log=log
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        startup = wait_for_first_answer(f"{base_url}/webhooks/rest/webhook", launched_at, [server], [log])
        yield RunningAssistant(
            name="stock",
            base_url=base_url,
            token=token,
            conversations=STOCK_CONVERSATIONS,
            processes={"rasa": [server.pid]},
            startup_seconds=startup,
        )
    finally:
        stop_servers([server])
