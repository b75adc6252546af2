"""Rasa's SQL tracker store, with erasure ("delete my data" removes the stored conversation)
and connections that survive a database restart.

Deleting from inside the action would be undone, because Rasa saves the tracker after the
action runs (it re-inserts what it thinks is missing). So the erasure happens here, at
save time: when the turn ran action_delete_my_data, the conversation is deleted instead
of saved, and the next message starts a new, empty conversation.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.database import tune_sqlite

ERASE_ACTION = "action_delete_my_data"


def erasure_requested(tracker: DialogueStateTracker) -> bool:
    """Whether the latest turn (events since the last user message) ran the erasure action."""
    for event in reversed(tracker.events):
        if isinstance(event, UserUttered):
            return False
        if isinstance(event, ActionExecuted) and event.action_name == ERASE_ACTION:
            return True
    return False


class ErasableSQLTrackerStore(SQLTrackerStore):
    """Configured in endpoints.yml with `url:` (any SQLAlchemy URL)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Rasa's engine hands out pooled connections unchecked: after the database restarts,
        # each stale one would fail a turn. pool_pre_ping swaps them for fresh ones first.
        stale = self.engine
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
        """Removes every stored event of `sender_id`; returns how many."""
        with self.session_scope() as session:
            deleted = session.query(self.SQLEvent).filter(self.SQLEvent.sender_id == sender_id).delete()
            session.commit()
        return deleted
