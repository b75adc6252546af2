"""The comparison as a table (Kintsugi set-ups beside stock, with ratios) and as JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

from bot.loadtest.stats import ratio
from bot.loadtest.targets import BASELINE, level

Getter = Callable[[Mapping], float | None]


class Row(NamedTuple):
    label: str
    get: Getter  # the number, from one set-up's results
    number_format: str
    note: Callable[[Mapping], str] = lambda setup: ""  # said after the number, e.g. "cached"


def _level_value(users: int, key: str) -> Getter:
    def get(setup: Mapping) -> float | None:
        found = level(setup, users)
        return None if found is None else found[key]

    return get


def _largest_peak(role: str) -> Getter:
    def get(setup: Mapping) -> float | None:
        peaks = setup.get("memory_mb", {}).get(role) or []
        return max(peaks) if peaks else None

    return get


def _nested(*keys: str) -> Getter:
    def get(setup: Mapping) -> float | None:
        value = setup
        for key in keys:
            value = value.get(key) if isinstance(value, Mapping) else None
        return value

    return get


def _cached(setup: Mapping) -> str:
    return " (cached)" if setup.get("training", {}).get("cached") else ""


def metric_rows(user_levels: Sequence[int]) -> list[Row]:
    """The table's rows, in order."""
    rows = []
    for users in user_levels:
        rows += [
            Row(f"{users} users: p50 latency (ms)", _level_value(users, "p50_ms"), "{:.1f}"),
            Row(f"{users} users: p95 latency (ms)", _level_value(users, "p95_ms"), "{:.1f}"),
            Row(f"{users} users: p99 latency (ms)", _level_value(users, "p99_ms"), "{:.1f}"),
            Row(f"{users} users: messages/s", _level_value(users, "messages_per_second"), "{:.1f}"),
            Row(f"{users} users: errors", _level_value(users, "errors"), "{:.0f}"),
        ]
    return rows + [
        Row("NLU parse p50 (ms)", _nested("parse", "p50_ms"), "{:.1f}"),
        Row("NLU parse p95 (ms)", _nested("parse", "p95_ms"), "{:.1f}"),
        Row("peak memory, largest Rasa process (MiB)", _largest_peak("rasa"), "{:.0f}"),
        Row("peak memory, action server (MiB)", _largest_peak("action_server"), "{:.0f}"),
        Row("start-up to first answer (s)", _nested("startup_seconds"), "{:.1f}"),
        Row("training time (s)", _nested("training", "seconds"), "{:.0f}", _cached),
    ]


def _cell(value: float | None, number_format: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return number_format.format(value)


def table_rows(setups: Mapping[str, Mapping], user_levels: Sequence[int]) -> list[list[str]]:
    """Header plus one row per metric: each set-up's value, then each Kintsugi set-up / stock."""
    names = list(setups)
    ours = [name for name in names if name != BASELINE]
    has_stock = BASELINE in setups
    header = ["", *names, *([f"{name}/{BASELINE}" for name in ours] if has_stock else [])]
    rows = [header]
    for metric in metric_rows(user_levels):
        row = [metric.label]
        row += [
            _cell(metric.get(setups[name]), metric.number_format) + metric.note(setups[name])
            for name in names
        ]
        if has_stock:
            baseline = metric.get(setups[BASELINE])
            row += [_cell(ratio(metric.get(setups[name]), baseline), "{:.2f}x") for name in ours]
        rows.append(row)
    return rows


def format_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows of equal length as aligned text: labels left, numbers right."""
    widths = [max(len(cell) for cell in column) for column in zip(*rows, strict=True)]
    lines = []
    for label, *cells in rows:
        aligned = [cell.rjust(width) for cell, width in zip(cells, widths[1:], strict=True)]
        lines.append("  ".join([label.ljust(widths[0]), *aligned]).rstrip())
    return "\n".join(lines)


def micro_lines(micro: Sequence[Mapping]) -> list[str]:
    """One line per micro-benchmark of bot/bench.py (the action server's round trip among them)."""
    lines = []
    for entry in micro:
        numbers = [
            f"{key.replace('_', ' ')} {value:.3f}"
            for key, value in entry.items()
            if key not in ("what", "runs")
        ]
        lines.append(f"{entry['what']}: {', '.join(numbers)} (n={entry['runs']})")
    return lines


def without_nan(value: object) -> object:
    """The same structure with NaN turned into null, so the file is valid JSON."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Mapping):
        return {key: without_nan(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [without_nan(item) for item in value]
    return value


def write_json(results: Mapping, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(without_nan(results), indent=2))
