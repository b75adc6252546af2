"""A played session written as a Rasa test story: every intent, slot and action of the real
conversation, so `rasa test core --fail-on-prediction-errors` holds the dialogue to it turn by
turn (tests/test_rasa_stories.py). Only a session whose checks all passed is written: a test
story records behaviour someone has read and judged right, never whatever happened."""

from __future__ import annotations

from pathlib import Path

from bot.settings import PROJECT_ROOT

DOMAIN_FILE = PROJECT_ROOT / "domain.yml"


def story_steps(title: str, sender: str, events: list[dict], domain):  # noqa: ANN001, ANN201
    """The conversation's story steps, named by the session's title."""
    from rasa.shared.core.trackers import DialogueStateTracker

    tracker = DialogueStateTracker.from_dict(sender, events, domain.slots)
    steps = tracker.as_story(include_source=False).story_steps
    for step in steps:
        step.block_name = title
    return steps


def write_test_stories(sessions: list[tuple[str, str, list[dict]]], path: Path) -> None:
    """`sessions`: (title, sender, events) of each played session, written to `path` in order."""
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter

    domain = Domain.load(str(DOMAIN_FILE))
    steps = [
        step for title, sender, events in sessions for step in story_steps(title, sender, events, domain)
    ]
    header = (
        "# Written by `python -m bot.sessions stories`; do not edit by hand. Each story is a sample\n"
        "# session from data/sessions/ as it was played and passed, checked by tests/test_rasa_stories.py.\n"
    )
    path.write_text(header + YAMLStoryWriter().dumps(steps, is_test_story=True))
