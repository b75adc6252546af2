"""`python -m bot.run`: starts the action server, the Rasa server and the chat page; stops them on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bot.channels.credentials_file import telegram_environment, write_credentials_file
from bot.retention import schedule_for
from bot.secret_file import write_secret
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.setup.training import model_path
from bot.storage.migrate import upgrade
from bot.storage.private_files import make_var_private

READY_TIMEOUT_SECONDS = 180
API_TOKEN_FILE = "api_token"
SHOWN_TOKEN_CHARACTERS = 4  # enough to tell tokens apart, too few to use one


def server_environment(settings: Settings) -> dict[str, str]:
    """The environment both servers need: endpoints.yml reads its URLs from here."""
    env = dict(os.environ)
    env.update(
        KINTSUGI_ACTIONS_URL=settings.actions_url,
        KINTSUGI_TRACKER_DB_URL=settings.tracker_db_url,
        KINTSUGI_DB_URL=settings.db_url,
        KINTSUGI_VAR_DIR=str(settings.var_dir),
        KINTSUGI_API_TOKEN=settings.api_token,  # bot/rasa_server.py reads it: never on a command line
        SQLALCHEMY_SILENCE_UBER_WARNING="1",
        SANIC_HOST=settings.actions_host,  # the action server listens on localhost only
        TF_CPP_MIN_LOG_LEVEL="2",
    )
    env.update(telegram_environment(settings))  # credentials.yml reads them; empty when Telegram is off
    return env


def action_server_command(settings: Settings) -> list[str]:
    return [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(settings.actions_port)]


def web_server_command() -> list[str]:
    return [sys.executable, "-m", "bot.web"]


def rasa_server_command(
    settings: Settings, model: Path, credentials: Path, endpoints: Path = PROJECT_ROOT / "endpoints.yml"
) -> list[str]:
    command = [
        sys.executable, "-m", "bot.rasa_server",  # `rasa run` with Kintsugi's action endpoint
        "--model", str(model),
        "--enable-api",  # its token is in the environment (server_environment)
        "--interface", settings.rasa_host, "--port", str(settings.rasa_port),
        "--credentials", str(credentials), "--endpoints", str(endpoints),
    ]  # fmt: skip
    if settings.cors_origins:
        command += ["--cors", *settings.cors_origins]
    if settings.debug:
        command.append("--debug")
    return command


def announce_api_token(settings: Settings) -> str:
    """Where the HTTP API token is: a generated one goes to var/api_token (mode 600), never to the screen."""
    if not settings.api_token_generated:
        return "==> HTTP API token: as set in KINTSUGI_API_TOKEN"
    path = settings.var_dir / API_TOKEN_FILE
    write_secret(path, settings.api_token)
    shown = settings.api_token[:SHOWN_TOKEN_CHARACTERS]
    return (
        f"==> HTTP API token for this run in {path} (starts {shown}...; set KINTSUGI_API_TOKEN to choose one)"
    )


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = READY_TIMEOUT_SECONDS) -> None:
    """Polls `url` until it answers; fails fast if the process died."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"a server stopped while starting (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {timeout:.0f} s")


def start_servers(settings: Settings, model: Path) -> list[subprocess.Popen]:
    """Starts both servers and returns once both answer."""
    make_var_private(settings.var_dir)  # 0700, and owner-only files from here and every server
    upgrade(settings.db_url)  # a no-op when the schema is current
    env = server_environment(settings)
    actions = subprocess.Popen(action_server_command(settings), cwd=PROJECT_ROOT, env=env)
    credentials = write_credentials_file(settings)
    rasa = subprocess.Popen(rasa_server_command(settings, model, credentials), cwd=PROJECT_ROOT, env=env)
    page = subprocess.Popen(web_server_command(), cwd=PROJECT_ROOT, env=env)
    processes = [actions, rasa, page]
    try:
        wait_until_up(f"http://{settings.actions_host}:{settings.actions_port}/health", actions)
        wait_until_up(f"http://127.0.0.1:{settings.rasa_port}/", rasa)
        wait_until_up(f"http://{settings.web_host}:{settings.web_port}/", page)
    except BaseException:
        stop_servers(processes)
        raise
    return processes


def stop_servers(processes: list[subprocess.Popen]) -> None:
    """SIGTERM, then SIGKILL whatever has not stopped after ten seconds."""
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _stop_on_signal(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # same clean stop as Ctrl-C


def main() -> None:
    settings = load_settings()
    model = model_path(settings.models_dir)
    if not model.exists():
        raise SystemExit(f"no trained model at {model}: run `make run` (it trains first)")
    processes = start_servers(settings, model)
    retention = schedule_for(settings).start()
    print(f"\n==> chat page: http://localhost:{settings.web_port}/")
    print(f"==> Kintsugi is answering on http://127.0.0.1:{settings.rasa_port}/webhooks/rest/webhook")
    print(announce_api_token(settings))
    print(
        f"==> conversations idle for {settings.retention_days} days are erased"
        f" (checked every {settings.retention_check_minutes} min)"
    )
    print("==> press Ctrl-C to stop\n", flush=True)

    # Both signals stop it cleanly, also when it was started with SIGINT ignored (a shell's
    # background job, nohup), where Python would otherwise never raise KeyboardInterrupt.
    signal.signal(signal.SIGTERM, _stop_on_signal)
    signal.signal(signal.SIGINT, _stop_on_signal)
    try:
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        print("==> a server stopped on its own; stopping the other", file=sys.stderr)
    except KeyboardInterrupt:
        print("\n==> stopping Kintsugi")
    finally:
        retention.stop()
        stop_servers(processes)


if __name__ == "__main__":
    main()
