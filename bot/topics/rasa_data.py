"""Writes the topic library as Rasa training data: one `ask/<id>` retrieval intent per topic,
with its examples and its answer as the response the ResponseSelector learns to pick.

The file is made from data/topics by the set-up (never edited by hand), so a topic lives in one
place; the answer actually sent is chosen by actions/topics.py, by role and betrayal type.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.topics.library import Topic, load_library

GENERATED_DIR = "var/generated"  # relative to the project root; given to `rasa train --data`
GENERATED_FILE = "topics.yml"


def _example_line(text: str) -> str:
    # Square brackets would read as Rasa entity annotations.
    return "      - " + text.replace("[", "(").replace("]", ")")


def rasa_training_yaml(topics: list[Topic]) -> str:
    lines = ['version: "3.1"', "", "nlu:"]
    for topic in topics:
        lines += [f"  - intent: {topic.intent_response_key}", "    examples: |"]
        lines += [_example_line(example) for example in topic.examples]
    responses = {f"utter_{topic.intent_response_key}": [{"text": topic.answers["any"]}] for topic in topics}
    dumped = yaml.safe_dump({"responses": responses}, sort_keys=False, allow_unicode=True, width=10_000)
    return "\n".join(lines) + "\n\n" + dumped


def write_rasa_data(root: Path, topics_dir: Path | None = None) -> Path:
    """Writes var/generated/topics.yml under `root` when its content changed; returns its path."""
    library = load_library(topics_dir or root / "data" / "topics")
    target = root / GENERATED_DIR / GENERATED_FILE
    content = rasa_training_yaml(list(library.values()))
    if not target.exists() or target.read_text(encoding="utf-8") != content:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return target
