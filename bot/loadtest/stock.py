"""The baseline: the assistant `rasa init` creates (moodbot), trained and served as Rasa's docs say.

Created once in var/bench/stock, trained once (timed), served by `rasa run --enable-api` with
its own defaults: REST channel, in-memory tracker and lock stores, no action server.
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
from bot.run import stop_servers
from bot.services.ports import free_port

MODEL_NAME = "stock"
DESCRIPTION = "the assistant `rasa init` creates, served by `rasa run` with its defaults"


def stock_environment() -> dict[str, str]:
    # No telemetry: this machine has no network, and Kintsugi's server sends none either.
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


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
    command = [
        sys.executable, "-m", "rasa", "run",
        "--model", str(model_file(directory)),
        "--enable-api", "--auth-token", token,
        "--port", str(port), "--interface", "127.0.0.1",  # loopback only (rasa run's default is every interface)
    ]  # fmt: skip
    log = directory / "server.log"
    launched_at = time.monotonic()
    server = launch(command, cwd=directory, env=stock_environment(), log=log)
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
