"""Screens text for risk to safety with spaCy Matcher/PhraseMatcher patterns over lemmas.

The patterns live in data/safety/patterns.yml. Negation ("i would never hurt myself"),
figurative speech ("this affair is killing me") and quotes marked as a joke or fiction
("she said 'i'll kill you' as a joke") are handled by explicit rules below, so a match is
either a risk or is dismissed for a reason a reviewer can read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

PATTERNS_FILE = PROJECT_ROOT / "data" / "safety" / "patterns.yml"
RISK_TYPES = ("self_harm", "violence", "abuse", "child")
# When one message shows several risks, the most urgent decides the answer.
URGENCY = ("self_harm", "child", "violence", "abuse")
NEGATION_CUES = {"never", "not", "n't", "no", "nt"}
CLAUSE_BREAKS = {",", ".", ";", "!", "?", "but", "and", "so", "because", "though", "although"}
NEGATION_WINDOW = 4  # tokens before a match that may negate it
MAX_GAP = 3  # "~" in a pattern: up to this many other words

# Common spellings the tokenizer would otherwise split or miss.
_NORMALISE = [
    (re.compile(r"[’‘`´]"), "'"),
    (re.compile(r"[“”„]"), '"'),
    (re.compile(r"\bim\b"), "i'm"),
    (re.compile(r"\bdont\b"), "don't"),
    (re.compile(r"\bcant\b"), "can't"),
    (re.compile(r"\bwont\b"), "won't"),
    (re.compile(r"\bwouldnt\b"), "wouldn't"),
    (re.compile(r"\bu\b"), "you"),
]


@dataclass(frozen=True)
class Risk:
    risk_type: str
    evidence: str  # the words that matched, for reports and reviewers


@dataclass(frozen=True)
class _Rules:
    phrases: dict[str, list[str]]
    patterns: dict[str, list[str]]
    lists: dict[str, list[str]]
    joke_or_fiction: frozenset[str]
    figurative: list[str]


def _load_rules(path: Path) -> _Rules:
    content = load_yaml_mapping(path)
    risks = content.get("risks") or {}
    unknown = set(risks) - set(RISK_TYPES)
    if unknown:
        raise DataFileError(
            f"{path}: unknown risk type {sorted(unknown)[0]!r} (allowed: {', '.join(RISK_TYPES)})"
        )
    lists = {name: [str(w).lower() for w in words] for name, words in (content.get("lists") or {}).items()}
    for risk, entry in risks.items():
        for pattern in entry.get("patterns") or []:
            for word in pattern.split():
                if word.isupper() and word not in lists:
                    raise DataFileError(f"{path}: risk {risk!r}, pattern {pattern!r}: unknown list {word!r}")
    return _Rules(
        phrases={risk: [str(p) for p in entry.get("phrases") or []] for risk, entry in risks.items()},
        patterns={risk: [str(p) for p in entry.get("patterns") or []] for risk, entry in risks.items()},
        lists=lists,
        joke_or_fiction=frozenset(str(w).lower() for w in content.get("joke_or_fiction") or []),
        figurative=[str(p) for p in content.get("figurative") or []],
    )


def normalise(text: str) -> str:
    text = text.lower()
    for pattern, replacement in _NORMALISE:
        text = pattern.sub(replacement, text)
    return text


class SafetyScreen:
    """Finds risk in a message. Build once (loading spaCy takes a moment); screening is fast."""

    def __init__(self, nlp, rules: _Rules) -> None:  # noqa: ANN001 - a spaCy Language
        from spacy.matcher import Matcher, PhraseMatcher

        self._nlp = nlp
        self._rules = rules
        self._phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._surface = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._tokens = Matcher(nlp.vocab)
        self._figurative = PhraseMatcher(nlp.vocab, attr="LOWER")
        for risk in RISK_TYPES:
            phrases = [normalise(p) for p in rules.phrases.get(risk, [])]
            # Lemmas catch "killing myself"; lower-case forms catch slang the lemmatizer changes.
            self._phrases.add(risk, list(nlp.pipe(phrases)))
            self._surface.add(risk, [nlp.make_doc(p) for p in phrases])
            self._tokens.add(risk, [self._compile(p) for p in rules.patterns.get(risk, [])])
        self._figurative.add("figurative", [nlp.make_doc(normalise(p)) for p in rules.figurative])

    def _compile(self, pattern: str) -> list[dict]:
        tokens: list[dict] = []
        for word in pattern.split():
            if word == "~":
                tokens += [{"OP": "?", "IS_PUNCT": False}] * MAX_GAP
            elif word.isupper():
                words = self._rules.lists[word]
                lemmas = sorted({t.lemma_ for w in words for t in self._nlp(w)} | set(words))
                tokens.append({"LEMMA": {"IN": lemmas}})
            else:
                lemma = self._nlp(word)[0].lemma_
                tokens.append({"LEMMA": {"IN": sorted({lemma, word})}})
        return tokens

    def screen(self, text: str) -> Risk | None:
        """The most urgent risk in `text`, or None."""
        doc = self._nlp(normalise(text))
        figurative = [(s, e) for _, s, e in self._figurative(doc)]
        found: dict[str, str] = {}
        for matcher in (self._phrases, self._surface, self._tokens):
            for match_id, start, end in matcher(doc):
                risk = self._nlp.vocab.strings[match_id]
                if risk in found or self._dismissed(doc, start, end, figurative):
                    continue
                found[risk] = doc[start:end].text
        for risk in URGENCY:
            if risk in found:
                return Risk(risk, found[risk])
        return None

    def _dismissed(self, doc, start: int, end: int, figurative: list[tuple[int, int]]) -> bool:  # noqa: ANN001
        if any(s < end and start < e for s, e in figurative):  # overlaps "killing me" etc.
            return True
        if _negated(doc, start):
            return True
        if _followed_by_gerund(doc, end):  # "scared of him leaving" is about leaving
            return True
        return self._quoted_joke_or_fiction(doc, start)

    def _quoted_joke_or_fiction(self, doc, start: int) -> bool:  # noqa: ANN001
        if not _inside_quotes(doc, start):
            return False
        sentence_words = {t.lower_ for t in doc} | {t.lemma_ for t in doc}
        return bool(sentence_words & self._rules.joke_or_fiction)


def _negated(doc, start: int) -> bool:  # noqa: ANN001
    for token in reversed(doc[max(0, start - NEGATION_WINDOW) : start]):
        if token.lower_ in CLAUSE_BREAKS:
            return False
        if token.lower_ in NEGATION_CUES or token.lemma_ in NEGATION_CUES:
            return True
    return False


def _followed_by_gerund(doc, end: int) -> bool:  # noqa: ANN001
    last = doc[end - 1].lower_
    return last in {"him", "her", "them"} and end < len(doc) and doc[end].lower_.endswith("ing")


def _inside_quotes(doc, start: int) -> bool:  # noqa: ANN001
    quotes_before = sum(1 for t in doc[:start] if t.text in {'"', "'"} and not t.text.isalpha())
    double_before = sum(t.text.count('"') for t in doc[:start])
    return double_before % 2 == 1 or (quotes_before % 2 == 1 and double_before == 0)


def screen_two_messages(screen: SafetyScreen, previous: str, latest: str) -> Risk | None:
    """A risk that shows only when two consecutive messages are read together."""
    if screen.screen(previous) or screen.screen(latest):
        return None  # each message is answered on its own
    return screen.screen(f"{previous} {latest}")


def build_nlp():  # noqa: ANN201 - a spaCy Language
    """The same blank English pipeline with lookup lemmas that Rasa's NLU uses."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


@lru_cache(maxsize=1)
def default_screen() -> SafetyScreen:
    """The screen with the project's patterns, built once per process."""
    return SafetyScreen(build_nlp(), _load_rules(PATTERNS_FILE))


def load_screen(path: Path) -> SafetyScreen:
    return SafetyScreen(build_nlp(), _load_rules(path))
