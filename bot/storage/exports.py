"""Exported conversation reports (`python -m bot.sessions export`), named by the person key.

The file name never holds the raw conversation id, and because it is the same key Kintsugi's
tables use, "delete my data" and retention can find and remove a person's exports.
"""

from __future__ import annotations

from pathlib import Path

EXPORT_SUFFIXES = (".html", ".md")


def reports_dir(var_dir: Path) -> Path:
    """Where reports are written by default, and where erasure looks for exports."""
    return var_dir / "reports"


def export_stem(key: str) -> str:
    """The file name (without suffix) of the export of the conversation with person key `key`."""
    return f"conversation-{key}"


def remove_exports(directory: Path, key: str) -> int:
    """Deletes the exports of `key` from `directory`; returns how many files went."""
    removed = 0
    for suffix in EXPORT_SUFFIXES:
        path = directory / f"{export_stem(key)}{suffix}"
        if path.exists():
            path.unlink()
            removed += 1
    return removed
