"""Loads and checks the topic library (data/topics/*.yml), one file per theme.

Each topic is one retrieval intent, `ask/<id>`: an answer (with variants by role and by
betrayal type where the partners need different words), the source it rests on, at most one
offer (an exercise or another topic) and the messages it is trained on. Its theme (the
file's, unless the topic names its own) and the exercises it follows on from tell a follow-up
question what it most likely asks about (bot/topics/context.py). A mistake stops the set-up
and the action server with the file and the topic named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

TOPICS_DIR = PROJECT_ROOT / "data" / "topics"
RETRIEVAL_INTENT = "ask"
ROLES = ("hurt_partner", "involved_partner", "both")
BETRAYAL_TYPES = ("affair", "emotional_affair", "secret_contact", "lying", "financial")
MIN_EXAMPLES = 15
ANSWER_WORDS = (60, 150)
MAX_TITLE = 40


@dataclass(frozen=True)
class Offer:
    exercise: str | None = None
    topic: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    source: str
    answers: dict[str, str]  # "any", and role variants
    betrayal_answers: dict[str, str]
    offer: Offer | None
    examples: tuple[str, ...]
    theme: str = field(default="")
    follows_exercises: tuple[str, ...] = ()  # asked about after doing these exercises

    @property
    def intent_response_key(self) -> str:
        return f"{RETRIEVAL_INTENT}/{self.id}"

    @property
    def title_in_sentence(self) -> str:
        """The title as it reads inside a sentence: a question quoted whole, anything else
        with a small first letter unless that word is "I" or a name ("Kintsugi", "STIs")."""
        if self.title.endswith("?"):
            return f'"{self.title}"'
        first = self.title.split()[0]
        if first == "I" or first.startswith("I'") or any(c.isupper() for c in first[1:]):
            return self.title
        return self.title[0].lower() + self.title[1:]

    def answer_for(self, role: str | None, betrayal_type: str | None) -> str:
        """The betrayal-type variant first (it changes the substance), then the role's."""
        if betrayal_type in self.betrayal_answers:
            return self.betrayal_answers[betrayal_type]
        return self.answers.get(role or "", self.answers["any"])


def _where(path: Path, topic_id: object) -> str:
    return f"{path.name}, topic '{topic_id}'"


def _text(entry: dict, key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise DataFileError(f"{where}: needs `{key}` (text)")
    return value.strip()


def _answers(raw: object, allowed: Iterable[str], where: str, label: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise DataFileError(f"{where}: `{label}` must be a mapping")
    answers = {}
    for key, text in raw.items():
        if key not in allowed:
            raise DataFileError(
                f"{where}: `{label}` has an unknown key '{key}' (allowed: {', '.join(allowed)})"
            )
        if not isinstance(text, str):
            raise DataFileError(f"{where}: `{label}.{key}` must be text")
        words = len(text.split())
        if not ANSWER_WORDS[0] <= words <= ANSWER_WORDS[1]:
            raise DataFileError(f"{where}: `{label}.{key}` has {words} words (60 to 150)")
        answers[key] = " ".join(text.split())
    return answers


def _offer(raw: object, where: str) -> Offer | None:
    if raw is None:
        return None
    if not isinstance(raw, dict) or len(raw) != 1 or not set(raw) <= {"exercise", "topic"}:
        raise DataFileError(f"{where}: `offer` takes one key, `exercise` or `topic`")
    return Offer(exercise=raw.get("exercise"), topic=raw.get("topic"))


def _follows(raw: object, where: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise DataFileError(f"{where}: `follows_exercises` is a list of exercise ids")
    return tuple(raw)


def parse_topic(entry: object, path: Path, theme: str) -> Topic:
    topic_id = entry.get("id") if isinstance(entry, dict) else None
    where = _where(path, topic_id)
    if not isinstance(topic_id, str) or not topic_id.replace("_", "").isalnum():
        raise DataFileError(f"{where}: needs an `id` of letters, digits and underscores")
    title = _text(entry, "title", where)
    if len(title) > MAX_TITLE:
        raise DataFileError(f"{where}: `title` is longer than {MAX_TITLE} characters")
    answers = _answers(entry.get("answers"), ("any", *ROLES), where, "answers")
    if "any" not in answers:
        raise DataFileError(f"{where}: needs `answers.any`, for when the role is not known")
    if ("hurt_partner" in answers) != ("involved_partner" in answers):
        raise DataFileError(f"{where}: a role variant needs its pair (hurt_partner and involved_partner)")
    examples = entry.get("examples")
    if not isinstance(examples, list) or len(examples) < MIN_EXAMPLES:
        raise DataFileError(f"{where}: needs at least {MIN_EXAMPLES} training examples")
    return Topic(
        id=topic_id,
        title=title,
        source=_text(entry, "source", where),
        answers=answers,
        betrayal_answers=_answers(entry.get("betrayal_answers"), BETRAYAL_TYPES, where, "betrayal_answers"),
        offer=_offer(entry.get("offer"), where),
        examples=tuple(" ".join(str(e).split()) for e in examples),
        theme=str(entry.get("theme") or theme),
        follows_exercises=_follows(entry.get("follows_exercises"), where),
    )


def load_library(directory: Path = TOPICS_DIR, exercise_ids: Iterable[str] | None = None) -> dict[str, Topic]:
    """Every topic by id. `exercise_ids`: the catalogue's, to check offers (default: loaded)."""
    if exercise_ids is None:
        from bot.exercises.catalogue import load_catalogue

        exercise_ids = load_catalogue().keys()
    topics: dict[str, tuple[Topic, Path]] = {}
    for path in sorted(directory.glob("*.yml")):
        content = load_yaml_mapping(path)
        entries = content.get("topics")
        if not isinstance(entries, list):
            raise DataFileError(f"{path.name}: needs a `topics` list")
        for entry in entries:
            topic = parse_topic(entry, path, str(content.get("theme") or path.stem))
            if topic.id in topics:
                raise DataFileError(f"{_where(path, topic.id)}: also defined in {topics[topic.id][1].name}")
            topics[topic.id] = (topic, path)
    _check_offers(topics, set(exercise_ids))
    _check_examples_unique(topics)
    return {topic_id: topic for topic_id, (topic, _) in topics.items()}


def _check_offers(topics: dict[str, tuple[Topic, Path]], exercise_ids: set[str]) -> None:
    for topic, path in topics.values():
        offer = topic.offer
        if offer and offer.exercise and offer.exercise not in exercise_ids:
            raise DataFileError(
                f"{_where(path, topic.id)}: offers exercise '{offer.exercise}', not in the catalogue"
            )
        for exercise in topic.follows_exercises:
            if exercise not in exercise_ids:
                raise DataFileError(
                    f"{_where(path, topic.id)}: follows exercise '{exercise}', not in the catalogue"
                )
        if offer and offer.topic and (offer.topic not in topics or offer.topic == topic.id):
            raise DataFileError(
                f"{_where(path, topic.id)}: offers topic '{offer.topic}', which does not exist"
            )


def _check_examples_unique(topics: dict[str, tuple[Topic, Path]]) -> None:
    """One message trained as two topics would teach the selector to guess."""
    seen: dict[str, str] = {}
    for topic, path in topics.values():
        for example in topic.examples:
            key = example.lower()
            if key in seen and seen[key] != topic.id:
                raise DataFileError(
                    f"{_where(path, topic.id)}: example also in topic '{seen[key]}': {example}"
                )
            seen[key] = topic.id
