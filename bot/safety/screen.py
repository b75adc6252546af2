"""Screens text for risk to safety with spaCy Matcher/PhraseMatcher patterns over lemmas.

The patterns live in data/safety/patterns.yml. Negation ("i would never hurt myself"),
figurative speech ("this affair is killing me") and quotes marked as a joke or fiction
("she said 'i'll kill you' as a joke") are handled by explicit rules below, so a match is
either a risk or is dismissed for a reason a reviewer can read. A few more rules decide the
type of a risk: whose risk it is (a partner's suicide threat is abuse) and whether a child
is involved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from bot.safety.age import says_under_18
from bot.safety.resolved_past import told_as_resolved_past
from bot.settings import PROJECT_ROOT
from bot.yaml_files import DataFileError, load_yaml_mapping

PATTERNS_FILE = PROJECT_ROOT / "data" / "safety" / "patterns.yml"
RISK_TYPES = ("self_harm", "violence", "harm_others", "abuse", "child")
# Types that patterns.yml writes rules for; harm_others is decided from who acts (below).
PATTERN_TYPES = ("self_harm", "violence", "abuse", "child")
# When one message shows several risks, the most urgent decides the answer.
URGENCY = ("self_harm", "child", "violence", "harm_others", "abuse")
# The type rules below read these lists from the patterns file.
REQUIRED_LISTS = ("PARTNER", "CHILD")

NEGATION_CUES = frozenset(
    {"never", "not", "n't", "no", "nt", "nobody", "noone", "none", "nothing", "neither", "nor"}
)
# "won't stop hitting me", "not only": the negation belongs to this word, not to the risk after it.
# "no point in living", "no longer want to live": "no" here is part of the despair.
NEGATION_LIFTERS = frozenset({"stop", "only", "just", "point", "reason", "hope", "future", "longer"})
# "never thought he would hit me": a negated thought about what someone did is no denial.
THOUGHT_VERBS = frozenset({"think", "thought", "imagine", "expect", "believe", "dream", "realise", "realize"})
CLAUSE_BREAKS = frozenset(
    {",", ".", ";", ":", "!", "?", "but", "and", "so", "because", "though", "although", "when", "while"}
    | {"if", "until", "after", "before", "since", "then", "why", "what", "how", "where", "who"}
)
SENTENCE_ENDS = frozenset({".", "!", "?"})
QUOTES = frozenset({'"', "'"})
NEGATION_WINDOW = 4  # tokens before a match that may negate it
# "can't promise i won't": a negated promise not to do it is no denial.
PROMISE_VERBS = frozenset({"promise", "guarantee", "swear", "sure", "say", "trust", "know"})
MAX_GAP = 3  # "~" in a pattern: up to this many other words

# Who is speaking or acting: "hell" and "shell" are how people type he'll and she'll.
FIRST_PERSON = frozenset({"i", "ill", "id", "im", "ive", "we"})
THIRD_PERSON = frozenset({"he", "she", "they", "hell", "shell"})
SUBJECTS = FIRST_PERSON | THIRD_PERSON | {"you", "it", "that"}
OTHER_REFLEXIVES = frozenset({"himself", "herself", "themselves", "themself"})
# A suicide threat tied to what the person does is a way of controlling them.
# A story being told: "a documentary about a man who killed his wife", "a film where the
# husband strangles his wife". Games are not stories here: other players are real people.
STORY_ABOUT = re.compile(
    r"\b(film|films|movie|movies|documentary|documentaries|doc|docuseries|novel|thriller|true crime|"
    r"episode|series|podcast|scene)\b[^.!?]*?\b(about|where|in which|with|who)\b"
)
STORY_PEOPLE_EXCLUDED = frozenset({"i", "i'm", "me", "my", "myself", "we", "us", "our", "you", "your"})
CONDITIONAL_THREAT = re.compile(r"\b(if|unless|whenever|every time|or else|your fault|threat\w*)\b")

# "dont", "doesnt", "wont": typed without the apostrophe, the negation would be one unknown word.
_NOT_WITHOUT_APOSTROPHE = (
    r"\b(don|doesn|didn|isn|aren|wasn|weren|hasn|haven|hadn|couldn|shouldn|wouldn|won|can)t\b"
)
# Common spellings the tokenizer would otherwise split or miss.
_NORMALISE = [
    (re.compile(r"[’‘`´]"), "'"),
    (re.compile(r"[“”„]"), '"'),
    (re.compile(r"\bim\b"), "i'm"),
    (re.compile(_NOT_WITHOUT_APOSTROPHE), r"\1't"),
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
    together: dict[str, list[tuple[str, str]]]  # risk -> pairs of lists that must both occur
    lists: dict[str, list[str]]
    joke_or_fiction: frozenset[str]
    figurative: list[str]
    figurative_patterns: list[str]


@dataclass(frozen=True)
class _Match:
    risk: str
    start: int
    end: int


def _words(path: Path, name: str, words: list) -> list[str]:
    for word in words:
        if not isinstance(word, str):  # YAML reads a bare off, on, yes or no as true/false
            raise DataFileError(f"{path}: list {name!r}: {word!r} is not a word; put it in quotes")
    return [word.lower() for word in words]


def _list_names(pattern: str) -> list[str]:
    return [word.lstrip("=") for word in pattern.split() if word.lstrip("=").isupper()]


def _parse_pair(path: Path, risk: str, rule: str) -> tuple[str, str]:
    names = [name.strip() for name in str(rule).split("+")]
    if len(names) != 2 or not all(name.lstrip("=").isupper() for name in names):
        raise DataFileError(f"{path}: risk {risk!r}, together {rule!r}: write two lists as 'LIST + LIST'")
    return names[0], names[1]


def _load_rules(path: Path) -> _Rules:
    content = load_yaml_mapping(path)
    risks = content.get("risks") or {}
    unknown = set(risks) - set(PATTERN_TYPES)
    if unknown:
        raise DataFileError(
            f"{path}: unknown risk type {sorted(unknown)[0]!r} (allowed: {', '.join(PATTERN_TYPES)})"
        )
    lists = {name: _words(path, name, words) for name, words in (content.get("lists") or {}).items()}
    figurative = content.get("figurative") or {}
    if not isinstance(figurative, dict):
        raise DataFileError(f"{path}: figurative must be a mapping with phrases and patterns")
    together = {
        risk: [_parse_pair(path, risk, rule) for rule in entry.get("together") or []]
        for risk, entry in risks.items()
    }
    for risk, entry in risks.items():
        named = [(p, name) for p in entry.get("patterns") or [] for name in _list_names(p)]
        named += [(f"{a} + {b}", name.lstrip("=")) for a, b in together[risk] for name in (a, b)]
        for pattern, name in named:
            if name not in lists:
                raise DataFileError(f"{path}: risk {risk!r}, pattern {pattern!r}: unknown list {name!r}")
    for name in _list_names(" ".join(figurative.get("patterns") or [])) + list(REQUIRED_LISTS):
        if name not in lists:
            raise DataFileError(f"{path}: figurative patterns or type rules need the list {name!r}")
    return _Rules(
        phrases={risk: [str(p) for p in entry.get("phrases") or []] for risk, entry in risks.items()},
        patterns={risk: [str(p) for p in entry.get("patterns") or []] for risk, entry in risks.items()},
        together=together,
        lists=lists,
        joke_or_fiction=frozenset(str(w).lower() for w in content.get("joke_or_fiction") or []),
        figurative=[str(p) for p in figurative.get("phrases") or []],
        figurative_patterns=[str(p) for p in figurative.get("patterns") or []],
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
        for risk in PATTERN_TYPES:
            phrases = [normalise(p) for p in rules.phrases.get(risk, [])]
            # Lemmas catch "killing myself"; lower-case forms catch slang the lemmatizer changes.
            self._phrases.add(risk, list(nlp.pipe(phrases)))
            self._surface.add(risk, [nlp.make_doc(p) for p in phrases])
            self._tokens.add(risk, [t for p in rules.patterns.get(risk, []) for t in self._compile(p)])
        # Lists that must occur together anywhere in a message, and the child words the type rules use.
        self._list_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._list_forms = PhraseMatcher(nlp.vocab, attr="LOWER")
        for name in {n for pairs in rules.together.values() for pair in pairs for n in pair} | {"CHILD"}:
            words = [normalise(w) for w in rules.lists[name.lstrip("=")]]
            if not name.startswith("="):
                self._list_lemmas.add(name, list(nlp.pipe(words)))
            self._list_forms.add(name, [nlp.make_doc(w) for w in words])
        self._figurative = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._figurative.add("figurative", [nlp.make_doc(normalise(p)) for p in rules.figurative])
        self._figurative_tokens = Matcher(nlp.vocab)
        self._figurative_tokens.add(
            "figurative", [t for p in rules.figurative_patterns for t in self._compile(p)]
        )
        self._third_person = THIRD_PERSON | frozenset(rules.lists["PARTNER"]) - {"him", "her", "them"}

    # ------------------------------------------------------------------ compiling patterns

    def _compile(self, pattern: str) -> list[list[dict]]:
        """Token patterns for one line; a list with multi-word entries gives one pattern per entry."""
        alternatives: list[list[dict]] = [[]]
        for word in pattern.split():
            options = self._word_options(word)
            alternatives = [done + option for done in alternatives for option in options]
        return alternatives

    def _word_options(self, word: str) -> list[list[dict]]:
        if word == "~":
            gap = {"OP": "?", "IS_PUNCT": False, "LOWER": {"NOT_IN": sorted(NEGATION_CUES)}}
            return [[gap] * MAX_GAP]
        name = word.lstrip("=")
        if not name.isupper():
            return [[self._lemma_or_form([word])]]
        exact = word.startswith("=")  # "=LIST": these very forms ("break", not "broke")
        singles, sequences = [], []
        for entry in self._rules.lists[name]:
            tokens = [t.text for t in self._nlp.make_doc(normalise(entry))]
            if len(tokens) == 1:
                singles.append(tokens[0])
            else:
                sequences.append([self._lemma_or_form([t], exact) for t in tokens])
        options = [[self._lemma_or_form(singles, exact)]] if singles else []
        return options + sequences

    def _lemma_or_form(self, words: list[str], exact: bool = False) -> dict:
        if exact:
            return {"LOWER": {"IN": sorted(set(words))}}
        lemmas = {self._nlp(w)[0].lemma_ for w in words if len(w) > 2 and w.isalpha()}
        return {"LEMMA": {"IN": sorted(lemmas | set(words))}}

    # ------------------------------------------------------------------ screening

    def screen(self, text: str) -> Risk | None:
        """The most urgent risk in `text`, or None."""
        doc = self._nlp(normalise(text))
        figurative = [(s, e) for _, s, e in self._figurative(doc)]
        figurative += [(s, e) for _, s, e in self._figurative_tokens(doc)]
        matches = self._pattern_matches(doc, figurative) + self._together_matches(doc, figurative)
        if not matches:
            return None
        # Any risk to someone who says they are under 18 is a child at risk.
        minor = says_under_18(text)
        by_type: dict[str, _Match] = {}
        for match in matches:
            by_type.setdefault("child" if minor else self._risk_type(doc, match), match)
        risk = next(risk for risk in URGENCY if risk in by_type)
        return Risk(risk, doc[by_type[risk].start : by_type[risk].end].text)

    def _pattern_matches(self, doc, figurative: list[tuple[int, int]]) -> list[_Match]:  # noqa: ANN001
        found = []
        for matcher in (self._phrases, self._surface, self._tokens):
            for match_id, start, end in matcher(doc):
                if not self._dismissed(doc, start, end, figurative):
                    found.append(_Match(self._nlp.vocab.strings[match_id], start, end))
        return found

    def _together_matches(self, doc, figurative: list[tuple[int, int]]) -> list[_Match]:  # noqa: ANN001
        """Risks that show only when two kinds of words meet in a message (a rope and "using it")."""
        present: dict[str, tuple[int, int]] = {}
        for matcher in (self._list_lemmas, self._list_forms):
            for match_id, start, end in matcher(doc):
                name = self._nlp.vocab.strings[match_id]
                if name not in present and not self._dismissed(doc, start, end, figurative):
                    present[name] = (start, end)
        return [
            _Match(risk, min(present[a][0], present[b][0]), max(present[a][1], present[b][1]))
            for risk, pairs in self._rules.together.items()
            for a, b in pairs
            if a in present and b in present
        ]

    def _dismissed(self, doc, start: int, end: int, figurative: list[tuple[int, int]]) -> bool:  # noqa: ANN001
        if any(s < end <= e for s, e in figurative):  # the match ends inside "killing me", "cut him off"
            return True
        if _negated(doc, start):
            return True
        if _followed_by_gerund(doc, end):  # "scared of him leaving" is about leaving
            return True
        if _question_answered_no(doc, start, end):  # "she asked if i was suicidal and i said no"
            return True
        first, last = _sentence_bounds(doc, start)
        if told_as_resolved_past(doc[first:last].text, doc.text):  # "as a teenager, long behind me"
            return True
        if _told_of_a_story(doc, first, start, end):
            return True
        return self._quoted_joke_or_fiction(doc, start)

    def _quoted_joke_or_fiction(self, doc, start: int) -> bool:  # noqa: ANN001
        if _opening_quote(doc, start) is None:
            return False
        first, last = _sentence_bounds(doc, start)
        return any(t.lower_ in self._rules.joke_or_fiction for t in doc[first:last])

    # ------------------------------------------------------------------ deciding the type

    def _risk_type(self, doc, match: _Match) -> str:  # noqa: ANN001
        if match.risk == "self_harm" and self._partner_threat(doc, match):
            return "abuse"
        if match.risk == "violence" and self._child_in_sentence(doc, match.start):
            return "child"  # violence with a child there is a child at risk
        if match.risk == "violence" and self._person_acts(doc, match):
            return "harm_others"  # "i could kill him": the person's own urge, not a victim's
        return match.risk

    def _person_acts(self, doc, match: _Match) -> bool:  # noqa: ANN001
        """The person is the one who would do the harm: "i'm going to break his jaw"."""
        if _opening_quote(doc, match.start) is not None:
            return False  # in a quote, someone else is speaking: "he said 'i'll kill you'"
        first_word = doc[match.start].lower_
        if first_word in FIRST_PERSON - {"we"}:
            return True
        if first_word in self._third_person or first_word in {"you"}:
            return False
        return _acting_person(doc, match.start, self._third_person) == "first"

    def _partner_threat(self, doc, match: _Match) -> bool:  # noqa: ANN001
        """Someone else's suicide threat tied to what the person does ("he'll jump if i leave")."""
        if not CONDITIONAL_THREAT.search(doc.text):
            return False
        words = {t.lower_ for t in doc[match.start : match.end]}
        if words & OTHER_REFLEXIVES:
            return True
        quote = _opening_quote(doc, match.start)  # in a quote, the speaker is who said it
        if quote is None and words & (FIRST_PERSON | {"my", "myself", "me"}):
            return False  # "happier if i was gone" is about the person themselves
        return _acting_person(doc, match.start if quote is None else quote, self._third_person) == "third"

    def _child_in_sentence(self, doc, index: int) -> bool:  # noqa: ANN001
        first, last = _sentence_bounds(doc, index)
        child_words = self._list_lemmas(doc[first:last]) + self._list_forms(doc[first:last])
        return any(self._nlp.vocab.strings[match_id] == "CHILD" for match_id, _, _ in child_words)


def _told_of_a_story(doc, first: int, start: int, end: int) -> bool:  # noqa: ANN001
    """The match is what happens in a film or book told of earlier in its sentence, and no
    one in it is the person ("a thriller where the wife shoots the husband")."""
    if {token.lower_ for token in doc[start:end]} & STORY_PEOPLE_EXCLUDED:
        return False
    return bool(STORY_ABOUT.search(doc[first:start].text))


def _negated(doc, start: int) -> bool:  # noqa: ANN001
    """A negation in the match's own clause: "i would never hurt myself", not "nobody knows he
    hits me" (a new subject starts a new clause) or "i can't promise i won't hurt myself"."""
    if doc[start].lower_ in SUBJECTS - {"it", "that"}:
        return False  # the match starts with its own subject: "nobody knows | he hits me"
    for index in range(start - 1, max(-1, start - NEGATION_WINDOW - 1), -1):
        token = doc[index]
        if token.lower_ in CLAUSE_BREAKS:
            return False
        if token.lower_ in NEGATION_CUES or token.lemma_ in NEGATION_CUES:
            return not _negation_lifted(doc, index) and not _negated_promise(doc, index)
        if index < start - 1 and token.lower_ in SUBJECTS - {"it", "that"}:
            return False  # "no one knows he would hurt me": the negation is another clause's
    return False


def _negated_promise(doc, cue: int) -> bool:  # noqa: ANN001
    """ "can't promise i won't", "not sure i wouldn't": a denial denied."""
    before = doc[max(0, cue - 5) : cue]
    return any(t.lemma_ in PROMISE_VERBS for t in before) and any(
        t.lower_ in NEGATION_CUES or t.lemma_ in NEGATION_CUES for t in before
    )


def _negation_lifted(doc, cue: int) -> bool:  # noqa: ANN001
    word, after = doc[cue + 1], doc[cue + 2] if cue + 2 < len(doc) else None
    if word.lemma_ in NEGATION_LIFTERS:
        return True
    # "never thought he would" and "didn't think he would" (he did), not "don't think he would"
    # or "not thinking of hurting myself"
    past = word.lower_ != word.lemma_ or (cue > 0 and doc[cue - 1].lower_ == "did")
    return word.lemma_ in THOUGHT_VERBS and past and after is not None and after.lower_ in SUBJECTS


def _question_answered_no(doc, start: int, end: int) -> bool:  # noqa: ANN001
    """A risk named only in a question someone asked, which the person answered with a plain no."""
    first, last = _sentence_bounds(doc, start)
    asked = any(
        t.lemma_ == "ask" and any(w.lower_ in {"if", "whether", "about"} for w in doc[t.i + 1 : t.i + 4])
        for t in doc[first:start]
    )
    if not asked:
        return False
    for token in doc[end:last]:
        if token.lower_ == "no" and any(
            w.lemma_ in {"say", "answer", "tell"} for w in doc[max(first, token.i - 3) : token.i]
        ):
            rest = {w.lower_ for w in doc[token.i + 1 : last]}
            return not rest & {"but", "lie", "lied", "lying", "although", "though"}  # "said no but i lied"
    return False


def _followed_by_gerund(doc, end: int) -> bool:  # noqa: ANN001
    if doc[end - 1].lower_ not in {"him", "her", "them"} or end >= len(doc):
        return False
    after = doc[end]
    return after.lower_.endswith("ing") and after.lemma_ != after.lower_  # "leaving", not "during"


def _opening_quote(doc, start: int) -> int | None:  # noqa: ANN001
    """The index of the quote mark that opens the quotation `start` is in, if it is in one."""
    doubles = [t.i for t in doc[:start] if t.text == '"']
    if doubles:
        return doubles[-1] if len(doubles) % 2 == 1 else None
    singles = [t.i for t in doc[:start] if t.text in QUOTES]
    return singles[-1] if len(singles) % 2 == 1 else None


def _acting_person(doc, index: int, third_person: frozenset[str]) -> str | None:  # noqa: ANN001
    """Who acts just before `index` in its clause: the person ("first"), someone else ("third")."""
    for token in reversed(doc[:index]):
        if token.lower_ in FIRST_PERSON:
            return "first"
        if token.lower_ in third_person:
            return "third"
        if token.lower_ in CLAUSE_BREAKS and token.lower_ != "if":
            return None
    return None


def _sentence_bounds(doc, index: int) -> tuple[int, int]:  # noqa: ANN001
    first = next((t.i + 1 for t in reversed(doc[:index]) if t.text in SENTENCE_ENDS), 0)
    last = next((t.i for t in doc[index:] if t.text in SENTENCE_ENDS), len(doc))
    return first, last


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
