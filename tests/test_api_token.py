"""The HTTP API token: handed to Rasa in the environment, never on a command line, never shown whole."""

from __future__ import annotations

import secrets
import stat
from pathlib import Path

import pytest

from bot import rasa_server
from bot.run import announce_api_token, rasa_server_command, server_environment
from bot.settings import Settings


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
