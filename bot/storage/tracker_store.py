"""Rasa's SQL tracker store, with erasure ("delete my data" removes the stored conversation)
and connections that survive a database restart.

Deleting from inside the action would be undone, because Rasa saves the tracker after the
action runs (it re-inserts what it thinks is missing). So the erasure happens here, at
save time: when the turn's replies carry the mark of a completed erasure
(bot/storage/erasure_marker.py), the conversation is deleted instead of saved, and the next
message starts a new, empty conversation. The action's name alone is not enough: Rasa logs
it even when the action failed and was answered for.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.database import truncate_wal, tune_sqlite
from bot.storage.erasure_marker import ERASED_MARK
from bot.storage.private_files import make_sqlite_file_private


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """Whether the latest turn (events since the last user message) completed an erasure."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, BotUttered) and (event.metadata or {}).get(ERASED_MARK):
            return True
    return False


class ErasableSQLTrackerStore(SQLTrackerStore):
    """Configured in endpoints.yml with `url:` (any SQLAlchemy URL)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa's engine hands out pooled connections unchecked: after the database restarts,
        # each stale one would fail a turn. pool_pre_ping swaps them for fresh ones first.
        stale = self.engine
        make_sqlite_file_private(stale.url)  # a database an older version left readable to all
        self.engine = sa.create_engine(stale.url, pool_pre_ping=True, **create_engine_kwargs(stale.url))
        if self.engine.dialect.name == "sqlite":
            tune_sqlite(self.engine)
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)
        stale.dispose()

    async def save(self, tracker: DialogueStateTracker) -> None:
        if erasure_requested(tracker):
            self.delete_conversation(tracker.sender_id)
            return
        await super().save(tracker)

    def delete_conversation(self, sender_id: str) -> int:
        """Removes every stored event of `sender_id` (overwritten on SQLite, WAL included);
        returns how many."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        truncate_wal(self.engine)
        return deleted
