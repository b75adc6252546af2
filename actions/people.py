"""Who is talking, as a person in Kintsugi's own tables (never the raw sender id)."""

from collections.abc import Iterator
from contextlib import contextmanager

from rasa_sdk import Tracker
from sqlalchemy.orm import Session

from bot.settings import load_settings
from bot.storage.database import session_scope
from bot.storage.identity import load_or_create_secret, person_key
from bot.storage.models import Person
from bot.storage.repository import get_or_create_person

SETTINGS = load_settings()
SECRET = load_or_create_secret(SETTINGS.var_dir)


def key_for(tracker: Tracker) -> str:
    return person_key(SECRET, tracker.get_latest_input_channel(), tracker.sender_id)


@contextmanager
def person_session(tracker: Tracker) -> Iterator[tuple[Session, Person]]:
    """A short-lived session and this tracker's person, committed when the block ends."""
    with session_scope(SETTINGS.db_url) as session:
        yield session, get_or_create_person(session, key_for(tracker))
