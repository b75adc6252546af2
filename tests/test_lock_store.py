"""bot/storage/lock_store.py against a real Redis, with each "Rasa server" a separate process."""

from __future__ import annotations

import asyncio
import multiprocessing
import time

import pytest
import redis
from rasa.utils.endpoints import EndpointConfig

from bot.services.redis import RedisServer, start_redis
from bot.storage.lock_store import AtomicRedisLockStore

SERVERS = 3
MESSAGES_PER_SERVER = 60


@pytest.fixture(scope="module")
def redis_server() -> RedisServer:
    with start_redis() as server:
        yield server


def serve_messages(port: int, conversation_id: str, messages: int) -> dict[str, int]:
    """One Rasa server's share: handle `messages` of the conversation, each under the lock.

    The "handling" is a read-change-write of a counter with a pause in the middle, so two
    holders at once would lose increments; `inside` counts holders to catch any overlap."""
    store = AtomicRedisLockStore(port=port, db=0, key_prefix="test")
    client = redis.Redis(port=port, db=0)
    outcome = {"served": 0, "overlaps": 0}

    async def handle_all() -> None:
        for _ in range(messages):
            async with store.lock(conversation_id, wait_time_in_seconds=0.005):
                if client.incr(f"{conversation_id}:inside") > 1:
                    outcome["overlaps"] += 1
                count = int(client.get(f"{conversation_id}:count") or 0)
                time.sleep(0.001)
                client.set(f"{conversation_id}:count", count + 1)
                client.decr(f"{conversation_id}:inside")
            outcome["served"] += 1

    asyncio.run(handle_all())
    return outcome


def test_servers_sharing_one_redis_hold_a_conversation_lock_one_at_a_time(redis_server):
    conversation_id = "contended"
    with multiprocessing.get_context("spawn").Pool(SERVERS) as servers:
        outcomes = servers.starmap(
            serve_messages, [(redis_server.port, conversation_id, MESSAGES_PER_SERVER)] * SERVERS
        )

    client = redis.Redis(port=redis_server.port, db=0)
    assert sum(outcome["overlaps"] for outcome in outcomes) == 0
    assert sum(outcome["served"] for outcome in outcomes) == SERVERS * MESSAGES_PER_SERVER
    assert int(client.get(f"{conversation_id}:count")) == SERVERS * MESSAGES_PER_SERVER


def test_the_lock_is_removed_from_redis_once_no_message_waits(redis_server):
    store = AtomicRedisLockStore(port=redis_server.port, db=0, key_prefix="released")

    async def one_message() -> None:
        async with store.lock("quiet"):
            assert store.get_lock("quiet") is not None

    asyncio.run(one_message())
    assert store.get_lock("quiet") is None
    assert redis.Redis(port=redis_server.port, db=0).keys("released:*") == []


def test_tickets_are_issued_in_order_and_served_in_that_order(redis_server):
    first, second = (AtomicRedisLockStore(port=redis_server.port, db=0, key_prefix="order") for _ in "12")
    tickets = [first.issue_ticket("ordered"), second.issue_ticket("ordered"), first.issue_ticket("ordered")]
    assert tickets == [0, 1, 2]
    assert second.get_lock("ordered").now_serving == 0
    first.cleanup("ordered", 0)
    assert first.get_lock("ordered").now_serving == 1


def test_endpoints_yml_options_reach_redis_and_the_poll_interval(redis_server):
    config = EndpointConfig(
        url="127.0.0.1", port=redis_server.port, db=0, key_prefix="configured", poll_interval=0.05
    )
    store = AtomicRedisLockStore(endpoint_config=config)
    assert store.poll_interval == 0.05
    assert store.key_prefix == "configured:lock:"
    assert store.issue_ticket("configured-conversation") == 0


def test_a_poll_interval_that_is_not_positive_is_refused_with_a_reason(redis_server):
    config = EndpointConfig(url="127.0.0.1", port=redis_server.port, poll_interval=0)
    with pytest.raises(ValueError, match="poll_interval must be a positive number"):
        AtomicRedisLockStore(endpoint_config=config)
