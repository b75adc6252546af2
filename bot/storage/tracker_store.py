"""Rasa's SQL tracker store, with erasure: "delete my data" removes the stored conversation.

Deleting from inside the action would be undone, because Rasa saves the tracker after the
action runs (it re-inserts what it thinks is missing). So the erasure happens here, at
save time: when the turn ran action_delete_my_data, the conversation is deleted instead
of saved, and the next message starts a new, empty conversation.
"""

from __future__ import annotations

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import ActionExecuted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

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
