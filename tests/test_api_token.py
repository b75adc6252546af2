"""The HTTP API token: handed to Rasa in the environment, never on a command line, never shown whole."""

from __future__ import annotations

import secrets
import stat
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot import rasa_server
from bot.loadtest import stock, stock_server
from bot.run import announce_api_token, rasa_server_command, server_environment
from bot.sessions.__main__ import main as sessions_main
from bot.settings import Settings
from tests.kintsugi_processes import command_lines


def generated(tmp_path: Path) -> Settings:
    return Settings(var_dir=tmp_path, api_token=secrets.token_urlsafe(24), api_token_generated=True)


def test_a_generated_token_is_kept_owner_only_in_var_and_shown_by_its_first_characters_only(tmp_path):
    settings = generated(tmp_path)
    message = announce_api_token(settings)
    assert settings.api_token not in message
    assert settings.api_token[:4] in message and str(tmp_path / "api_token") in message
    assert (tmp_path / "api_token").read_text() == settings.api_token
    assert stat.S_IMODE((tmp_path / "api_token").stat().st_mode) == 0o600


def test_a_configured_token_is_neither_shown_nor_written(tmp_path):
    settings = Settings(var_dir=tmp_path, api_token="configured-token", api_token_generated=False)
    assert "configured" not in announce_api_token(settings)
    assert not (tmp_path / "api_token").exists()


def test_the_rasa_server_gets_the_token_in_its_environment_not_its_command_line(tmp_path):
    settings = generated(tmp_path)
    command = rasa_server_command(settings, tmp_path / "model.tar.gz", tmp_path / "credentials.yml")
    assert not any(settings.api_token in part for part in command)
    assert "--auth-token" not in command
    assert server_environment(settings)["KINTSUGI_API_TOKEN"] == settings.api_token


def test_the_rasa_server_reads_its_token_from_the_environment(monkeypatch):
    monkeypatch.setenv("KINTSUGI_API_TOKEN", " from-the-environment ")
    assert rasa_server.api_token_from_environment(enable_api=True) == "from-the-environment"


def test_the_rasa_server_never_runs_the_api_without_a_token(monkeypatch):
    monkeypatch.delenv("KINTSUGI_API_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="--enable-api needs KINTSUGI_API_TOKEN"):
        rasa_server.main(["--enable-api"])


def test_a_token_on_the_rasa_servers_command_line_is_refused(monkeypatch):
    monkeypatch.setenv("KINTSUGI_API_TOKEN", "from-the-environment")
    with pytest.raises(SystemExit, match="not --auth-token"):
        rasa_server.main(["--enable-api", "--auth-token", "on-the-command-line"])


# The benchmark's stock Rasa server (bot/loadtest/stock.py): the same rule.


def status_code(url: str) -> int | None:
    """The HTTP status `url` answers with; None while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def up_without_a_model(webhook_url: str, launched_at: float, processes, logs, timeout: float = 240) -> float:  # noqa: ANN001
    """Stands in for the wait for a first answer, which needs the trained stock model (the
    benchmark trains it, the tests do not): Rasa's API runs without a model, and its health
    route answers once the server is up."""
    health = webhook_url.removesuffix("/webhooks/rest/webhook") + "/"
    while status_code(health) != 200:
        assert all(process.poll() is None for process in processes), [log.read_text()[-2000:] for log in logs]
        assert time.monotonic() < launched_at + timeout, "the stock server did not start"
        time.sleep(0.5)
    return time.monotonic() - launched_at


def test_the_stock_servers_command_line_holds_no_token(tmp_path, monkeypatch):
    monkeypatch.setattr(stock, "wait_for_first_answer", up_without_a_model)
    with stock.stock_running(tmp_path) as server:
        lines = command_lines()
        (server_pid,) = server.processes["rasa"]
        assert "--enable-api" in lines[server_pid]
        # The API takes the token the command line lacks: 409 is "no model loaded", past the token check.
        assert status_code(f"{server.base_url}/status?token={server.token}") == 409
        assert status_code(f"{server.base_url}/status?token=wrong") == 401
        assert {pid: line for pid, line in lines.items() if server.token in line} == {}


def test_the_stock_server_refuses_a_token_on_its_command_line(monkeypatch):
    monkeypatch.setenv("KINTSUGI_API_TOKEN", "from-the-environment")
    with pytest.raises(SystemExit, match="not --auth-token"):
        stock_server.rasa_arguments(["--enable-api", "--auth-tok", "on-the-command-line"])


def test_the_stock_server_never_runs_the_api_without_a_token(monkeypatch):
    monkeypatch.delenv("KINTSUGI_API_TOKEN", raising=False)
    with pytest.raises(SystemExit, match="--enable-api needs KINTSUGI_API_TOKEN"):
        stock_server.rasa_arguments(["--enable-api"])


# The sessions client (`python -m bot.sessions ... --url`): the token from the environment only.


def test_the_sessions_client_takes_no_token_on_its_command_line(tmp_path, capsys):
    script = tmp_path / "s.yml"
    script.write_text("title: t\nturns: [{user: hi}]\n")
    with pytest.raises(SystemExit):
        sessions_main(["run", str(script), "--url", "http://127.0.0.1:9", "--token", "on-the-command-line"])
    assert "unrecognized arguments: --token" in capsys.readouterr().err


def test_the_sessions_client_needs_the_token_in_its_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("KINTSUGI_API_TOKEN", raising=False)
    script = tmp_path / "s.yml"
    script.write_text("title: t\nturns: [{user: hi}]\n")
    with pytest.raises(SystemExit, match="needs the HTTP API token in KINTSUGI_API_TOKEN"):
        sessions_main(["run", str(script), "--url", "http://127.0.0.1:9"])
