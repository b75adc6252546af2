"""`python -m bot.retention --older-than 30d`: deletes conversations and rows older than a limit.

A conversation is old when its newest event is older than the limit; a person is old when
they were last seen before it. Both stores are cleaned: Rasa's tracker store and ours.
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import MetaData, Table, create_engine, delete, func, inspect, select

from bot.settings import load_settings
from bot.storage.database import session_scope
from bot.storage.repository import delete_people_not_seen_since

_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """'30d', '12h' or '2w' as a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a number and h, d or w (e.g. 30d), got {text!r}")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def delete_old_conversations(tracker_db_url: str, cutoff: datetime) -> int:
    """Deletes every event of conversations whose newest event is before `cutoff` (naive UTC)."""
    engine = create_engine(tracker_db_url, future=True)
    try:
        if not inspect(engine).has_table("events"):
            return 0
        events = Table("events", MetaData(), autoload_with=engine)
        stale = (
            select(events.c.sender_id)
            .group_by(events.c.sender_id)
            .having(func.max(events.c.timestamp) < cutoff.replace(tzinfo=timezone.utc).timestamp())
        )
        with engine.begin() as connection:
            senders = connection.execute(stale).scalars().all()
            if senders:
                connection.execute(delete(events).where(events.c.sender_id.in_(senders)))
        return len(senders)
    finally:
        engine.dispose()


def apply_retention(max_age: timedelta, tracker_db_url: str, db_url: str) -> tuple[int, int]:
    """Returns (conversations deleted, people deleted)."""
    cutoff = datetime.utcnow() - max_age
    conversations = delete_old_conversations(tracker_db_url, cutoff)
    with session_scope(db_url) as session:
        people = delete_people_not_seen_since(session, cutoff)
    return conversations, people


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__.splitlines()[0])
    parser.add_argument("--older-than", type=parse_age, required=True, help="e.g. 30d, 12h, 2w")
    args = parser.parse_args(argv)
    settings = load_settings()
    conversations, people = apply_retention(args.older_than, settings.tracker_db_url, settings.db_url)
    print(
        f"deleted {conversations} conversation(s) and {people} person record(s) older than {args.older_than}"
    )


if __name__ == "__main__":
    main()
