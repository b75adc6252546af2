"""Loads the project's YAML data files with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


class DataFileError(ValueError):
    """A data file is missing, unreadable or has a wrong shape; the message names the file."""


def load_yaml_mapping(path: Path) -> dict[str, Any]:
    """Reads a YAML file whose top level must be a mapping."""
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DataFileError(f"{path}: cannot be read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise DataFileError(f"{path}: is not valid YAML ({error})") from error
    if not isinstance(content, dict):
        raise DataFileError(f"{path}: the top level must be a mapping")
    return content
