"""What a follow-up question most likely asks about (pure functions).

"would it be better to do it with a therapist there", just after an answer on when to
confess, asks about confessing with a therapist, not about therapy in general. When the
message alone leaves the topic selector unsure, the topics near the conversation (the theme
of a topic answered in the last few messages, and the topics that follow on from the exercise
in hand) are weighed up before choosing: the selector's belief times a prior from the
conversation, renormalised over its ranking (Bayes' rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from bot.topics.library import Topic
from bot.topics.nearest import ANSWER_CONFIDENCE, ranked_topics

# The share of follow-up questions that stay near what was just talked about: a reckoning
# (about half), not tuned. Spread over the near topics, it makes each of them
# (share / near) / ((1 - share) / far) times likelier than a topic far from the talk: about
# 5 for a theme of 21 topics, about 120 for the one topic that follows an exercise.
NEAR_SHARE = 0.5
# For this many messages (the current one included) an answered topic is still the subject.
CONTEXT_MESSAGES = 3


def topics_near(
    library: Mapping[str, Topic], recent_topic: str | None, exercises: Iterable[str]
) -> list[frozenset[str]]:
    """Who a follow-up is near, most telling first: the topics that follow on from the
    exercises in hand, then the topics of the recent topic's theme (empty sets left out)."""
    exercises = set(exercises)
    after_exercise = frozenset(t.id for t in library.values() if exercises & set(t.follows_exercises))
    theme = library[recent_topic].theme if recent_topic in library else None
    same_theme = frozenset(t.id for t in library.values() if theme and t.theme == theme)
    return [near for near in (after_exercise, same_theme) if near]


def follow_up_in_context(
    parse: Mapping[str, Any], library: Mapping[str, Topic], nears: list[frozenset[str]]
) -> str | None:
    """The first of the near sets that makes the follow-up's topic sure enough."""
    return next((topic for near in nears if (topic := topic_in_context(parse, library, near))), None)


def topic_in_context(
    parse: Mapping[str, Any], library: Mapping[str, Topic], near: frozenset[str]
) -> str | None:
    """The topic a follow-up asks about, when the conversation makes one sure enough."""
    ranking = ranked_topics(parse, library)
    if not ranking or not near:
        return None
    far = max(len(library) - len(near), 1)
    weight = (NEAR_SHARE / len(near)) / ((1.0 - NEAR_SHARE) / far)
    near_mass = sum(confidence for topic, confidence in ranking if topic in near)
    normaliser = 1.0 + (weight - 1.0) * near_mass
    weighed = [(topic, confidence * (weight if topic in near else 1.0)) for topic, confidence in ranking]
    best, belief = max(weighed, key=lambda pair: pair[1])
    return best if best in near and belief / normaliser >= ANSWER_CONFIDENCE else None
