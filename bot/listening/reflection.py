"""A short reflection of what the person said happened ("Six months of secrets, and finding
out on his phone..."), built from the extracted details and the reflection responses in domain.yml.
It stands alone: no question, so the reply that follows can ask one, or none."""

from __future__ import annotations

from collections.abc import Callable

# How it came out, in words that follow "finding out"; {span} is the person's own words.
HOW_IT_CAME_OUT = {
    "phone": "{span}",
    "social_media": "{span}",
    "money_records": "in the {span}",
    "confessed": "from them directly",
    "told_by_someone": "from someone else",
}

MAX_PARTS = 2  # a reflection, not a summary
Render = Callable[..., str]  # (message key, **values) -> text


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def reflection(details: dict[str, tuple[str, str]], role: str | None, render: Render) -> str | None:
    """`details`: {kind: (value, span)} from bot.listening.details; None when nothing to reflect."""
    duration = details.get("affair_duration", ("", ""))[0]
    discovery, discovery_span = details.get("discovery", ("", ""))
    how = HOW_IT_CAME_OUT.get(discovery, "").format(span=discovery_span)
    side = "involved" if role == "involved_partner" else "hurt" if role in ("hurt_partner", "both") else "any"
    sentences = []
    if duration and how and side != "involved":
        sentences.append(render("reflect_duration_and_discovery", duration=_capitalised(duration), how=how))
    elif duration:
        sentences.append(render(f"reflect_duration_{side}", duration=_capitalised(duration)))
    elif how and side != "involved":
        sentences.append(render("reflect_discovery", how=how))
    affair_partner = details.get("affair_partner", ("", ""))[0]
    if affair_partner:
        sentences.append(render(f"reflect_affair_partner_{affair_partner}"))
    if details.get("partner_knows", ("", ""))[0] == "not_yet" and side != "hurt":
        sentences.append(render("reflect_partner_does_not_know"))
    return " ".join(sentences[:MAX_PARTS]) or None
