"""Rasa's Redis lock store, made safe for several Rasa servers sharing one Redis (RasaHQ/rasa#9213).

Rasa serialises the messages of one conversation with a ticket lock kept in Redis. The stock
`RedisLockStore` changes that lock by reading it (GET), changing it in Python and writing it
back (SET). When two servers do that for the same conversation at the same moment, both read
the same lock: both can be given the same ticket and handle the conversation at the same
time, or one write erases the other's ticket and that message fails with a `LockError`.

`AtomicRedisLockStore` makes every read-change-write of a lock one Redis transaction
(WATCH / MULTI / EXEC, run again when another server changed the lock in between), so each
ticket is issued once and tickets are served strictly in turn. The stored lock is Rasa's own
JSON, under Rasa's own key, and the waiting loop is Rasa's.

endpoints.yml:

    lock_store:
      type: bot.storage.lock_store.AtomicRedisLockStore
      url: 127.0.0.1        # as for `type: redis`: port, db, key_prefix, password, ...
      poll_interval: 0.1    # seconds between two looks at a busy lock (Rasa waits 1 s)
"""

from __future__ import annotations

import json
from contextlib import AbstractAsyncContextManager
from typing import Any, Callable, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A busy lock means the same person wrote twice at once (two tabs); a tenth of a second
# between looks keeps the second reply prompt at the cost of a few GETs on loopback.
DEFAULT_POLL_INTERVAL_SECONDS = 0.1

Result = TypeVar("Result")


class AtomicRedisLockStore(RedisLockStore):
    """A `RedisLockStore` whose tickets are issued, expired and released atomically."""

    def __init__(
        self,
        endpoint_config: EndpointConfig | None = None,
        poll_interval: float = DEFAULT_POLL_INTERVAL_SECONDS,
        **redis_options: Any,
    ) -> None:
        """Built by Rasa from endpoints.yml (`endpoint_config`), or directly with RedisLockStore's options."""
        if endpoint_config is not None:
            options = dict(endpoint_config.kwargs)
            poll_interval = float(options.pop("poll_interval", poll_interval))
            redis_options = {"host": endpoint_config.url or "localhost", **options}
        if poll_interval <= 0:
            raise ValueError(f"poll_interval must be a positive number of seconds, got {poll_interval}")
        super().__init__(**redis_options)
        self.poll_interval = poll_interval

    def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float | None = None,
    ) -> AbstractAsyncContextManager[TicketLock]:
        """Rasa's lock, looking again every `poll_interval` seconds while another message is served."""
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds or self.poll_interval)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        try:
            return self._change_lock(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime))
        except Exception as error:  # Rasa's contract: a failed issue is a LockError
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        self._change_lock(conversation_id, lambda lock: lock.remove_expired_tickets())

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change_lock(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # One transaction: stock Rasa removes the ticket, then deletes the lock if nobody is
        # waiting, and a ticket issued between those two steps is deleted with it.
        self.finish_serving(conversation_id, ticket_number)

    def _change_lock(self, conversation_id: str, change: Callable[[TicketLock], Result]) -> Result:
        """Applies `change` to the stored lock (a new one if none) in one transaction.

        A lock left without tickets is deleted, so a waiter whose ticket expired gets Rasa's
        LockError instead of waiting on an empty lock.
        """
        key = self.key_prefix + conversation_id

        def read_change_write(pipe: Any) -> Result:
            stored = pipe.get(key)  # WATCHed: EXEC fails if anyone writes the key after this
            lock = TicketLock.from_dict(json.loads(stored)) if stored else self.create_lock(conversation_id)
            result = change(lock)
            pipe.multi()
            if lock.is_someone_waiting():
                pipe.set(key, lock.dumps())
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(read_change_write, key, value_from_callable=True)
