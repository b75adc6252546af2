"""`python -m bot.scale.replica_files --redis HOST:PORT`: the files a Rasa replica starts with.

For replicas that something other than bot/scale/topology.py starts (docker-compose.yml, a
Kubernetes pod): writes $KINTSUGI_VAR_DIR/endpoints.yml (the project's, plus the Redis lock
store) and $KINTSUGI_VAR_DIR/credentials.yml (the channels that are switched on), the same
files the topology gives its servers, and prints their paths.
"""

from __future__ import annotations

import argparse

from bot.channels.credentials_file import telegram_environment, write_credentials_file
from bot.scale.endpoints import write_endpoints_file
from bot.settings import load_settings


def redis_address(value: str) -> tuple[str, int]:
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {value!r}")
    return host, int(port)


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot.scale.replica_files", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--redis", type=redis_address, required=True, help="the lock store's HOST:PORT")
    host, port = parser.parse_args().redis
    settings = load_settings()
    telegram_environment(settings)  # an incomplete Telegram configuration stops here, with its reason
    print(write_endpoints_file(settings.var_dir / "endpoints.yml", host, port))
    print(write_credentials_file(settings))


if __name__ == "__main__":
    main()
