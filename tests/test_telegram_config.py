"""Telegram's configuration: on only with a token, values from the environment, one webhook secret
for the whole deployment, from configuration."""

import os
import subprocess
import sys

import pytest
import yaml

from bot.channels.credentials_file import telegram_environment, write_credentials_file
from bot.settings import PROJECT_ROOT, Settings, load_settings

TELEGRAM_BLOCK = "bot.channels.telegram.KintsugiTelegramInput"


def telegram_settings(tmp_path, **values) -> Settings:
    defaults = {
        "telegram_token": "123456:test-token",
        "telegram_webhook_url": "https://kintsugi.example/webhooks/telegram/webhook",
        "telegram_secret": "the-deployments-secret",
    }
    return Settings(var_dir=tmp_path, **{**defaults, **values})


def test_load_settings_reads_the_telegram_variables(monkeypatch):
    monkeypatch.setenv("KINTSUGI_TELEGRAM_TOKEN", " 123456:test-token ")
    monkeypatch.setenv("KINTSUGI_TELEGRAM_BOT_NAME", "@KintsugiBot")
    monkeypatch.setenv("KINTSUGI_TELEGRAM_WEBHOOK_URL", "https://kintsugi.example/webhooks/telegram/webhook")
    monkeypatch.setenv("KINTSUGI_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("KINTSUGI_TELEGRAM_SECRET", "s3cret_-token")
    settings = load_settings()
    assert settings.telegram_token == "123456:test-token"
    assert settings.telegram_bot_name == "KintsugiBot"
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert settings.telegram_secret == "s3cret_-token"


def test_telegram_is_off_without_a_token(tmp_path):
    settings = Settings(var_dir=tmp_path, telegram_webhook_url="https://kintsugi.example/x")
    assert telegram_environment(settings) == {}
    written = yaml.safe_load(write_credentials_file(settings).read_text())
    assert TELEGRAM_BLOCK not in written
    assert "bot.channels.rest.CheckedRestInput" in written  # the other channels stay


def test_rasa_reads_the_telegram_credentials_from_the_environment(tmp_path, monkeypatch):
    from rasa.shared.utils.io import read_config_file

    settings = telegram_settings(tmp_path, telegram_bot_name="KintsugiBot", telegram_secret="abc_DEF-123")
    for name, value in telegram_environment(settings).items():
        monkeypatch.setenv(name, value)
    path = write_credentials_file(settings)
    assert "123456:test-token" not in path.read_text()  # the token stays in the environment
    assert read_config_file(str(path))[TELEGRAM_BLOCK] == {
        "access_token": "123456:test-token",
        "verify": "KintsugiBot",
        "webhook_url": "https://kintsugi.example/webhooks/telegram/webhook",
        "api_url": "https://api.telegram.org",
        "secret_token": "abc_DEF-123",
    }


def test_a_self_hosted_bot_api_server_replaces_telegrams_own(tmp_path):
    settings = telegram_settings(tmp_path, telegram_api_url="http://127.0.0.1:8081")
    assert telegram_environment(settings)["KINTSUGI_TELEGRAM_API_URL"] == "http://127.0.0.1:8081"


def test_every_replica_of_a_deployment_checks_updates_against_the_one_configured_secret(tmp_path):
    replicas = [telegram_settings(tmp_path / name) for name in ("rasa1", "rasa2")]
    secrets = {telegram_environment(replica)["KINTSUGI_TELEGRAM_SECRET"] for replica in replicas}
    assert secrets == {"the-deployments-secret"}
    assert not list(tmp_path.rglob("*secret*"))  # nothing generated per replica


def test_a_token_without_a_webhook_secret_stops_the_start_with_a_reason(tmp_path):
    with pytest.raises(SystemExit, match="KINTSUGI_TELEGRAM_SECRET must be set"):
        telegram_environment(telegram_settings(tmp_path, telegram_secret=""))


def test_a_replica_started_with_a_token_but_no_secret_stops_with_a_reason(tmp_path):
    env = {
        **os.environ,
        "KINTSUGI_VAR_DIR": str(tmp_path),
        "KINTSUGI_TELEGRAM_TOKEN": "123456:test-token",
        "KINTSUGI_TELEGRAM_WEBHOOK_URL": "https://kintsugi.example/webhooks/telegram/webhook",
    }
    env.pop("KINTSUGI_TELEGRAM_SECRET", None)
    command = [sys.executable, "-m", "bot.scale.replica_files", "--redis", "redis:6379"]
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "KINTSUGI_TELEGRAM_SECRET must be set" in result.stderr


def test_a_secret_from_the_environment_is_used_as_given(tmp_path):
    environment = telegram_environment(telegram_settings(tmp_path, telegram_secret="from-the-environment"))
    assert environment["KINTSUGI_TELEGRAM_SECRET"] == "from-the-environment"
    assert not (tmp_path / "telegram_secret").exists()


@pytest.mark.parametrize("secret", ["has spaces", "x" * 257, "émoji💛"])
def test_a_secret_telegram_would_refuse_stops_the_start_with_a_reason(tmp_path, secret):
    with pytest.raises(SystemExit, match="KINTSUGI_TELEGRAM_SECRET must be 1-256 characters"):
        telegram_environment(telegram_settings(tmp_path, telegram_secret=secret))


def test_a_token_without_a_webhook_url_stops_the_start_with_a_reason(tmp_path):
    with pytest.raises(SystemExit, match="KINTSUGI_TELEGRAM_WEBHOOK_URL must be set"):
        telegram_environment(telegram_settings(tmp_path, telegram_webhook_url=""))
