"""The files docker-compose.yml relies on, checked without Docker (none runs on the CI machine)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from bot.services.nginx import nginx_program
from bot.settings import PROJECT_ROOT


def replica_files(var_dir: Path, *arguments: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KINTSUGI_VAR_DIR": str(var_dir)}
    env.pop("KINTSUGI_TELEGRAM_TOKEN", None)
    command = [sys.executable, "-m", "bot.scale.replica_files", *arguments]
    return subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_replica_gets_the_projects_endpoints_with_the_redis_lock_store(tmp_path):
    result = replica_files(tmp_path, "--redis", "redis:6379")
    assert result.returncode == 0, result.stderr
    endpoints = yaml.safe_load((tmp_path / "endpoints.yml").read_text())
    assert endpoints["lock_store"] == {
        "type": "bot.storage.lock_store.AtomicRedisLockStore",
        "url": "redis",
        "port": 6379,
        "db": 0,
        "key_prefix": "kintsugi",
    }
    assert (
        endpoints["tracker_store"]
        == yaml.safe_load((PROJECT_ROOT / "endpoints.yml").read_text())["tracker_store"]
    )
    channels = yaml.safe_load((tmp_path / "credentials.yml").read_text())
    assert "bot.channels.rest.CheckedRestInput" in channels


def test_a_redis_address_without_a_port_is_refused_with_a_reason(tmp_path):
    result = replica_files(tmp_path, "--redis", "redis")
    assert result.returncode == 2
    assert "expected HOST:PORT" in result.stderr


def test_the_compose_nginx_config_is_accepted_by_nginx(tmp_path):
    # nginx resolves upstream names when it reads its config: the compose names become loopback.
    config = (PROJECT_ROOT / "bot" / "deploy" / "nginx.conf").read_text()
    config = config.replace("rasa1:5005", "127.0.0.1:5005").replace("rasa2:5005", "127.0.0.1:5006")
    config = config.replace("/dev/stdout", str(tmp_path / "access.log")).replace(
        "listen 80;", "listen 127.0.0.1:80;"
    )
    (tmp_path / "nginx.conf").write_text(config)
    global_settings = f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'};"
    command = [
        nginx_program(),
        "-t",
        "-p",
        str(tmp_path),
        "-c",
        str(tmp_path / "nginx.conf"),
        "-g",
        global_settings,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


def test_every_compose_rasa_replica_runs_the_same_command_behind_nginx():
    services = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    replicas = [name for name in services if name.startswith("rasa")]
    upstreams = (PROJECT_ROOT / "bot" / "deploy" / "nginx.conf").read_text()
    assert len(replicas) >= 2
    assert len({str(services[name]["command"]) for name in replicas}) == 1
    assert all(upstreams.count(f"server {name}:5005;") == 2 for name in replicas)


def dockerfile_instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (keyword, arguments), continuation lines joined."""
    text = (PROJECT_ROOT / "bot" / "deploy" / "Dockerfile").read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_image_runs_as_an_unprivileged_user():
    instructions = dockerfile_instructions()
    users = [arguments for keyword, arguments in instructions if keyword == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    created = " ".join(arguments for keyword, arguments in instructions if keyword == "RUN")
    assert re.search(rf"useradd .*\b{re.escape(users[-1].split(':')[0])}\b", created)


# Anything that could put packages into the image: pip itself, the set-up script, make's targets.
INSTALLING = re.compile(r"\bpip3?\b|install\.sh|\bmake\b|requirements|apt-get install")


def test_the_image_installs_only_the_runtime_requirements_checked_by_hash():
    """install.sh --runtime-only installs requirements.txt by hash (tests/test_setup.py), and
    nothing else in the image installs a package: no test or lint tools."""
    instructions = dockerfile_instructions()
    installing = [
        arguments for keyword, arguments in instructions if keyword == "RUN" and INSTALLING.search(arguments)
    ]
    assert installing == ["bash bot/setup/install.sh --runtime-only"]
    copied = " ".join(arguments for keyword, arguments in instructions if keyword == "COPY")
    assert "requirements-dev" not in copied


def compose_rasa_replicas() -> dict[str, dict]:
    services = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    return {name: service for name, service in services.items() if name.startswith("rasa")}


def test_no_compose_command_line_carries_the_api_token():
    services = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    for name, service in services.items():
        command = str(service.get("command", ""))
        assert "auth-token" not in command and "API_TOKEN" not in command, name


def test_every_compose_rasa_replica_gets_the_deployments_one_telegram_secret():
    secrets = {
        str(service["environment"].get("KINTSUGI_TELEGRAM_SECRET"))
        for service in compose_rasa_replicas().values()
    }
    assert secrets == {"${KINTSUGI_TELEGRAM_SECRET:-}"}


def test_the_compose_deployment_runs_retention_on_its_schedule():
    """Compose starts the servers without `bot.run`, so retention needs a service of its own."""
    services = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())["services"]
    commands = [service.get("command") or [] for service in services.values()]
    assert [".venv/bin/python", "-m", "bot.retention", "--schedule"] in commands
