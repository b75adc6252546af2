"""Choosing which wording to send, so that a person does not read the same sentence twice.

A response has several variations; Rasa picks one at random, which in a long conversation
repeats lines ("That is a lot to carry…" six times in one). Here a variation the person has
not seen yet is preferred; when all have been seen, the one seen longest ago is sent.
"""

from __future__ import annotations

import random
from collections.abc import Sequence


def least_recently_seen(options: Sequence[str], seen: Sequence[str], rng: random.Random | None = None) -> int:
    """The index of the option to send: one not in `seen` (oldest first), chosen at random,
    else the one whose last appearance in `seen` is earliest."""
    if not options:
        raise ValueError("no options to choose from")
    last_seen = {text: position for position, text in enumerate(seen)}
    unseen = [index for index, text in enumerate(options) if text not in last_seen]
    if unseen:
        return (rng or random).choice(unseen)
    return min(range(len(options)), key=lambda index: last_seen[options[index]])
