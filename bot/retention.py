"""Retention: conversations and people idle longer than a limit are erased, with their exports.

`python -m bot.run` runs it on a schedule (`RetentionSchedule`): when it starts, then every
KINTSUGI_RETENTION_CHECK_MINUTES, for whatever has been idle KINTSUGI_RETENTION_DAYS.
`python -m bot.retention [--older-than 30d]` runs it once; `--schedule` runs the schedule in
the foreground, for a deployment that starts the servers without `bot.run`.

A conversation is idle when its newest event is older than the limit; a person when they were
last seen before it. Both stores are cleaned (Rasa's tracker store and ours), exported reports
of those conversations and people go too, and on SQLite nothing erased stays in the WAL.
"""

from __future__ import annotations

import argparse
import re
import signal
import threading
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import MetaData, Table, delete, func, inspect, select
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import Settings, load_settings
from bot.storage.database import engine_for, session_scope, truncate_wal
from bot.storage.exports import EXPORT_SUFFIXES, export_stem, remove_exports, reports_dir
from bot.storage.identity import load_or_create_secret, person_key
from bot.storage.repository import delete_people_not_seen_since, person_keys_not_seen_since

_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


def parse_age(text: str) -> timedelta:
    """'30d', '12h' or '2w' as a timedelta."""
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"expected a number and h, d or w (e.g. 30d), got {text!r}")
    return timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})


def delete_old_conversations(tracker_db_url: str, cutoff: datetime) -> list[str]:
    """Deletes every event of conversations whose newest event is before `cutoff` (naive UTC);
    returns their sender ids."""
    engine = engine_for(tracker_db_url)  # SQLite: secure_delete overwrites what is deleted
    if not inspect(engine).has_table("events"):
        return []
    events = Table("events", MetaData(), autoload_with=engine)
    stale = (
        select(events.c.sender_id)
        .group_by(events.c.sender_id)
        .having(func.max(events.c.timestamp) < cutoff.replace(tzinfo=timezone.utc).timestamp())
    )
    with engine.begin() as connection:
        senders = list(connection.execute(stale).scalars())
        if senders:
            connection.execute(delete(events).where(events.c.sender_id.in_(senders)))
    if senders:
        truncate_wal(engine)
    return senders


def remove_old_exports(reports: Path, cutoff: datetime) -> int:
    """Exports written before `cutoff`, whoever they belong to (also those an older version
    named by the raw conversation id)."""
    if not reports.is_dir():
        return 0
    limit = cutoff.replace(tzinfo=timezone.utc).timestamp()
    removed = 0
    for path in reports.glob(f"{export_stem('*')}"):
        if path.suffix in EXPORT_SUFFIXES and path.stat().st_mtime < limit:
            path.unlink()
            removed += 1
    return removed


def apply_retention(
    max_age: timedelta, tracker_db_url: str, db_url: str, reports: Path, secret: str
) -> tuple[int, int]:
    """Erases what has been idle longer than `max_age`; returns (conversations, people)."""
    cutoff = datetime.utcnow() - max_age
    senders = delete_old_conversations(tracker_db_url, cutoff)
    with session_scope(db_url) as session:
        keys = person_keys_not_seen_since(session, cutoff)
        people = delete_people_not_seen_since(session, cutoff)
    if people:
        truncate_wal(engine_for(db_url))
    for key in {*keys, *(person_key(secret, sender) for sender in senders)}:
        remove_exports(reports, key)
    remove_old_exports(reports, cutoff)
    return len(senders), people


def retention_for(settings: Settings, max_age: timedelta | None = None) -> Callable[[], tuple[int, int]]:
    """One retention pass with `settings` (idle limit: `max_age`, else the configured days)."""
    age = max_age or timedelta(days=settings.retention_days)
    secret = load_or_create_secret(settings.var_dir)
    reports = reports_dir(settings.var_dir)
    return lambda: apply_retention(age, settings.tracker_db_url, settings.db_url, reports, secret)


class RetentionSchedule:
    """Runs a retention pass in a background thread at start, then every `every`. A pass that
    fails (the database is down) is reported and tried again at the next time."""

    def __init__(self, run_pass: Callable[[], tuple[int, int]], every: timedelta) -> None:
        self._run_pass = run_pass
        self._every = every.total_seconds()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)

    def start(self) -> RetentionSchedule:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Asks the loop to end; a pass still running is not waited for long: the thread is a
        daemon, and a pass interrupted by the process ending is simply run again next start."""
        self._stopped.set()
        self._thread.join(timeout=2)

    def run_in_foreground(self) -> None:
        """The same passes in this thread, until the process is stopped."""
        self._loop()

    def _loop(self) -> None:
        while not self._stopped.is_set():
            try:
                conversations, people = self._run_pass()
            except (SQLAlchemyError, OSError) as error:
                print(f"==> retention failed ({type(error).__name__}); trying again later", flush=True)
            else:
                if conversations or people:
                    print(
                        f"==> retention: erased {conversations} idle conversation(s), {people} person record(s)",
                        flush=True,
                    )
            self._stopped.wait(self._every)


def schedule_for(settings: Settings) -> RetentionSchedule:
    """The schedule `python -m bot.run` starts, from the configured limit and interval."""
    return RetentionSchedule(retention_for(settings), timedelta(minutes=settings.retention_check_minutes))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bot.retention", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--older-than", type=parse_age, help="e.g. 30d, 12h, 2w (default: KINTSUGI_RETENTION_DAYS)"
    )
    parser.add_argument("--schedule", action="store_true", help="keep running on the configured schedule")
    args = parser.parse_args(argv)
    settings = load_settings()
    if args.schedule:
        # Ctrl-C and SIGTERM stop the schedule, also when started with SIGINT ignored (nohup).
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        try:
            schedule_for(settings).run_in_foreground()
        except KeyboardInterrupt:
            return
    age = args.older_than or timedelta(days=settings.retention_days)
    conversations, people = retention_for(settings, age)()
    print(f"deleted {conversations} conversation(s) and {people} person record(s) idle for {age}")


if __name__ == "__main__":
    main()
