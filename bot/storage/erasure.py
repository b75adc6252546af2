""" "Delete my data" for Kintsugi's own state: the person's rows and exported reports, leaving
nothing in SQLite's WAL. (The tracker store erases the conversation itself:
bot/storage/tracker_store.py.)"""

from __future__ import annotations

from pathlib import Path

from bot.storage.database import engine_for, session_scope, truncate_wal
from bot.storage.exports import remove_exports
from bot.storage.identity import former_person_keys, person_key
from bot.storage.repository import delete_person


def erase_person(db_url: str, reports: Path, secret: str, sender_id: str) -> None:
    """Removes every row keyed to `sender_id` (under its key and the keys it had before), then
    its exports in `reports`, then the WAL copies of the erased rows."""
    key = person_key(secret, sender_id)
    with session_scope(db_url) as session:
        delete_person(session, key, former_person_keys(secret, sender_id))
    truncate_wal(engine_for(db_url))
    remove_exports(reports, key)
