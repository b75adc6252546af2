"""Reports a therapist reads: one self-contained HTML file (and Markdown) per session, and a
summary across sessions. Charts are drawn with matplotlib and embedded as PNG."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no screen needed
import matplotlib.pyplot as plt  # noqa: E402

from bot.conversation.stages import STAGES  # noqa: E402
from bot.sessions.runner import SessionResult  # noqa: E402
from bot.storage.private_files import make_private_dir, write_private_text  # noqa: E402

STYLE = """
body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem} table{border-collapse:collapse;width:100%;margin:1rem 0}
td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left;font-size:.9rem}
tr.safety{background:#fde2e2} .pass{color:#1a6b2a;font-weight:bold} .fail{color:#a30000;font-weight:bold}
.bot{white-space:pre-wrap;color:#333} .meta{color:#555;font-size:.85rem} img{max-width:100%}
"""


def _png(figure) -> str:  # noqa: ANN001 - a matplotlib Figure
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return base64.b64encode(buffer.getvalue()).decode()


def stage_timeline(result: SessionResult) -> str:
    """The stage after each turn as a step line; safety turns marked in red. Base64 PNG."""
    numbers = [t.turn.number for t in result.turns]
    stages = [STAGES.index(t.record.stage) if t.record.stage in STAGES else -1 for t in result.turns]
    figure, axes = plt.subplots(figsize=(8, 2.8))
    axes.step(numbers, stages, where="post", color="#3b6ea8", linewidth=2, label="stage")
    crisis = [(n, s) for n, s, t in zip(numbers, stages, result.turns, strict=True) if t.record.crisis]
    if crisis:
        axes.scatter(*zip(*crisis, strict=True), color="#c62828", s=80, zorder=3, label="safety event")
    axes.set_yticks(range(-1, len(STAGES)), ["(none)", *STAGES])
    axes.set_xlabel("turn")
    axes.set_xticks(numbers)
    axes.legend(loc="upper left", fontsize=8)
    axes.set_title("Recovery stage over the conversation")
    return _png(figure)


def _cell(text: str) -> str:
    return html.escape(text or "")


def session_html(result: SessionResult) -> str:
    script = result.script
    persona = ", ".join(f"{k}: {v}" for k, v in script.persona.items())
    passed = sum(c.passed for c in result.checks)
    rows = []
    for played in result.turns:
        record = played.record
        checks = "<br>".join(
            f'<span class="{"pass" if c.passed else "fail"}">{"✓" if c.passed else "✗"}</span> '
            f"{_cell(c.name)}" + ("" if c.passed else f' <span class="meta">({_cell(c.detail)})</span>')
            for c in played.checks
        )
        safety = ""
        if record.crisis:
            risk = (record.safety or {}).get("risk_type") or record.slots_set.get("risk_type") or "unknown"
            safety = f"<br><strong>Safety event: {_cell(risk)}</strong>"
        exercises = f"<br>Exercises: {_cell(', '.join(record.exercises))}" if record.exercises else ""
        rows.append(
            f'<tr class="{"safety" if record.crisis else ""}"><td>{played.turn.number}</td>'
            f"<td>{_cell(played.sent)}<div class='meta'>{_cell(record.intent or '')} "
            f"({record.confidence:.2f})</div></td>"
            f"<td class='bot'>{_cell(record.reply_text)}</td>"
            f"<td class='meta'>{_cell(', '.join(record.actions))}<br>stage: {_cell(record.stage or '-')}"
            f"{safety}{exercises}</td><td>{checks}</td></tr>"
        )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{_cell(script.title)}</title><style>{STYLE}</style></head><body>
<h1>{_cell(script.title)}</h1>
<p class="meta">Persona: {_cell(persona)} · script: {_cell(script.path.name)} ·
expectations passed: {passed}/{len(result.checks)} ·
<span class="{"pass" if result.passed else "fail"}">{"PASSED" if result.passed else "FAILED"}</span></p>
<img alt="Stage timeline" src="data:image/png;base64,{stage_timeline(result)}">
<table><tr><th>#</th><th>Person (intent, confidence)</th><th>Kintsugi</th><th>Actions</th><th>Expectations</th></tr>
{"".join(rows)}</table>
<p class="meta">Kintsugi is an automated companion, not therapy and not an emergency service.</p>
</body></html>"""


def session_markdown(result: SessionResult) -> str:
    lines = [f"# {result.script.title}", "", f"Result: {'PASSED' if result.passed else 'FAILED'}", ""]
    for played in result.turns:
        record = played.record
        lines.append(f"## Turn {played.turn.number}{' — SAFETY EVENT' if record.crisis else ''}")
        lines.append(f"- Person: {played.sent}  ")
        lines.append(f"- Intent: {record.intent} ({record.confidence:.2f}); stage after: {record.stage}")
        lines.append(f"- Actions: {', '.join(record.actions)}")
        if record.exercises:
            lines.append(f"- Exercises suggested: {', '.join(record.exercises)}")
        lines.append("- Kintsugi: " + " / ".join(record.reply_text.splitlines()))
        lines += [f"- {'PASS' if c.passed else 'FAIL'}: {c.name}" + ("" if c.passed else f" ({c.detail})")
                  for c in played.checks]  # fmt: skip
        lines.append("")
    return "\n".join(lines)


def summary_html(results: list[SessionResult], lowest: int = 10) -> str:
    """Pass rates per session (chart) and the turns where the assistant was least sure."""
    names = [r.script.title if len(r.script.title) <= 56 else r.script.title[:55] + "…" for r in results]
    rates = [(sum(c.passed for c in r.checks) / len(r.checks)) if r.checks else 1.0 for r in results]
    figure, axes = plt.subplots(figsize=(8, 0.45 * len(results) + 1))
    axes.barh(names, rates, color=["#2e7d32" if rate == 1 else "#c62828" for rate in rates])
    axes.set_xlim(0, 1)
    axes.set_xlabel("share of expectations passed")
    axes.invert_yaxis()
    chart = _png(figure)
    unsure = sorted(
        (
            (t.record.confidence, r.script.title, t)
            for r in results
            for t in r.turns
            if not t.sent.startswith("/")
        ),
        key=lambda item: item[0],
    )[:lowest]
    rows = "".join(
        f"<tr><td>{conf:.2f}</td><td>{_cell(title)}</td><td>{t.turn.number}</td><td>{_cell(t.sent)}</td>"
        f"<td>{_cell(t.record.intent or '')}</td></tr>"
        for conf, title, t in unsure
    )
    sessions = "".join(
        f'<li><a href="{_file_stem(r)}.html">{_cell(r.script.title)}</a> — '
        f'<span class="{"pass" if r.passed else "fail"}">{"passed" if r.passed else "failed"}</span></li>'
        for r in results
    )
    return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kintsugi sessions</title>
<style>{STYLE}</style></head><body><h1>Scripted sessions: summary</h1>
<p>{sum(r.passed for r in results)} of {len(results)} sessions passed.</p>
<img alt="Pass rate per session" src="data:image/png;base64,{chart}"><ul>{sessions}</ul>
<h2>Where Kintsugi was least sure</h2>
<table><tr><th>confidence</th><th>session</th><th>turn</th><th>message</th><th>intent</th></tr>{rows}</table>
</body></html>"""


def _file_stem(result: SessionResult) -> str:
    return result.script.path.stem


def write_session_report(result: SessionResult, directory: Path) -> Path:
    """Writes the session's HTML and Markdown files, owner-only (transcripts are private);
    returns the HTML file."""
    make_private_dir(directory)
    page = directory / f"{_file_stem(result)}.html"
    write_private_text(page, session_html(result))
    write_private_text(directory / f"{_file_stem(result)}.md", session_markdown(result))
    return page


def write_reports(results: list[SessionResult], directory: Path) -> Path:
    """Writes one HTML and Markdown file per session plus index.html; returns the index."""
    for result in results:
        write_session_report(result, directory)
    index = directory / "index.html"
    write_private_text(index, summary_html(results))
    return index
