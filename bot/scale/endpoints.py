"""The endpoints file of a scaled-out Rasa server: the project's endpoints.yml plus a Redis lock store.

Rasa serialises the messages of a conversation with a lock; several Rasa servers need that
lock in a store they share, and the one Kintsugi ships is bot/storage/lock_store.py (stock
RedisLockStore races between servers, RasaHQ/rasa#9213). The `${VAR}` placeholders of
endpoints.yml stay as they are: Rasa fills them from each server's environment.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.settings import PROJECT_ROOT
from bot.yaml_files import load_yaml_mapping

ATOMIC_LOCK_STORE = "bot.storage.lock_store.AtomicRedisLockStore"
STOCK_LOCK_STORE = "redis"  # Rasa's RedisLockStore, for comparison only
KEY_PREFIX = "kintsugi"  # Rasa accepts alphanumeric prefixes only


def lock_store_endpoint(redis_host: str, redis_port: int, lock_store_type: str = ATOMIC_LOCK_STORE) -> dict:
    return {"type": lock_store_type, "url": redis_host, "port": redis_port, "db": 0, "key_prefix": KEY_PREFIX}


def write_endpoints_file(
    target: Path,
    redis_host: str,
    redis_port: int,
    lock_store_type: str = ATOMIC_LOCK_STORE,
    source: Path = PROJECT_ROOT / "endpoints.yml",
) -> Path:
    """Writes `source` with a `lock_store` on the given Redis to `target`; returns `target`."""
    endpoints = load_yaml_mapping(source)
    endpoints["lock_store"] = lock_store_endpoint(redis_host, redis_port, lock_store_type)
    header = f"# Written by bot/scale/endpoints.py from {source.name} with a Redis lock store.\n"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(header + yaml.safe_dump(endpoints, sort_keys=False, default_flow_style=False))
    return target
