"""Applies the Alembic migrations to a database: `python -m bot.storage.migrate [URL]`."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

from bot.storage.private_files import make_sqlite_file_private

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str) -> None:
    """Brings the schema at `url` to the newest revision; a no-op when it is already there."""
    make_sqlite_file_private(url)  # the first process to touch a new database creates it owner-only
    command.upgrade(alembic_config(url), "head")


if __name__ == "__main__":
    from bot.settings import load_settings

    upgrade(sys.argv[1] if len(sys.argv) > 1 else load_settings().db_url)
