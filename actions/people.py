"""Who is talking, as a person in Kintsugi's own tables (never the raw sender id)."""

from collections.abc import Iterator
from contextlib import contextmanager

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from bot.settings import load_settings
from bot.storage.database import session_scope
from bot.storage.identity import former_person_keys, load_or_create_secret, person_key
from bot.storage.models import Person
from bot.storage.private_files import make_var_private
from bot.storage.repository import get_or_create_person

SETTINGS = load_settings()
make_var_private(SETTINGS.var_dir)  # the action server writes var/ (secret.key, SQLite) owner-only
SECRET = load_or_create_secret(SETTINGS.var_dir)


def key_for(tracker: Tracker) -> str:
    """The person behind this conversation: keyed by its sender id alone, which every event has
    (the channel is unknown when a new conversation's session starts)."""
    return person_key(SECRET, tracker.sender_id)


@contextmanager
def person_session(tracker: Tracker) -> Iterator[tuple[Session, Person]]:
    """A short-lived session and this tracker's person, committed when the block ends."""
    with session_scope(SETTINGS.db_url) as session:
        former = former_person_keys(SECRET, tracker.sender_id)
        yield session, get_or_create_person(session, key_for(tracker), former)
