"""The issue's goals for Kintsugi, checked against a run's numbers (a benchmark: a miss is reported, not raised)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.loadtest.stats import ratio

BASELINE = "stock"
MEMORY_LIMIT_MB = 1.2e9 / 2**20  # 1.2 GB, in the MiB that /proc reports


@dataclass(frozen=True)
class TargetCheck:
    setup: str
    goal: str
    measured: str
    passed: bool | None  # None: not measured in this run (e.g. a quick run without that level)

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "MISS", None: "N/A"}[self.passed]

    def line(self) -> str:
        return f"{self.verdict:<4}  {self.setup}: {self.goal} ({self.measured})"


def level(setup: Mapping, users: int) -> Mapping | None:
    """The load level of a set-up's results with `users` concurrent users, if it was run."""
    return next((found for found in setup.get("levels", []) if found["users"] == users), None)


def _not_measured(name: str, goal: str) -> TargetCheck:
    return TargetCheck(name, goal, "not measured in this run", None)


def _against_stock(name: str, setup: Mapping, stock: Mapping | None) -> list[TargetCheck]:
    throughput_goal = "throughput at 10 users at least 2x stock"
    p95_goal = "p95 at 10 users at most half of stock"
    ours, theirs = level(setup, 10), level(stock or {}, 10)
    if ours is None or theirs is None:
        return [_not_measured(name, throughput_goal), _not_measured(name, p95_goal)]
    throughput = ratio(ours["messages_per_second"], theirs["messages_per_second"])
    p95 = ratio(ours["p95_ms"], theirs["p95_ms"])
    return [
        TargetCheck(
            name,
            throughput_goal,
            f"{ours['messages_per_second']:.1f} vs {theirs['messages_per_second']:.1f} msg/s, "
            f"{_times(throughput)}",
            throughput is not None and throughput >= 2,
        ),
        TargetCheck(
            name,
            p95_goal,
            f"{ours['p95_ms']:.0f} vs {theirs['p95_ms']:.0f} ms, {_times(p95)}",
            p95 is not None and p95 <= 0.5,
        ),
    ]


def _times(value: float | None) -> str:
    return "no ratio" if value is None else f"{value:.2f}x"


def _own(name: str, setup: Mapping) -> list[TargetCheck]:
    checks = []
    single, fifty = level(setup, 1), level(setup, 50)
    p50_goal = "single-user p50 under 40 ms end to end"
    if single is None:
        checks.append(_not_measured(name, p50_goal))
    else:
        checks.append(TargetCheck(name, p50_goal, f"{single['p50_ms']:.1f} ms", single["p50_ms"] < 40))
    errors_goal = "no errors at 50 concurrent users"
    if fifty is None:
        checks.append(_not_measured(name, errors_goal))
    else:
        kinds = ", ".join(f"{kind} {count}" for kind, count in fifty["errors_by_kind"].items())
        measured = f"{fifty['errors']} errors in {fifty['messages'] + fifty['errors']} messages"
        checks.append(
            TargetCheck(name, errors_goal, measured + (f": {kinds}" if kinds else ""), fifty["errors"] == 0)
        )
    rasa_peaks = setup.get("memory_mb", {}).get("rasa") or []
    memory_goal = f"memory per Rasa process within 1.2 GB ({MEMORY_LIMIT_MB:.0f} MiB)"
    if not rasa_peaks:
        checks.append(_not_measured(name, memory_goal))
    else:
        largest = max(rasa_peaks)
        checks.append(
            TargetCheck(name, memory_goal, f"largest peak {largest:.0f} MiB", largest <= MEMORY_LIMIT_MB)
        )
    return checks


def check_targets(setups: Mapping[str, Mapping]) -> list[TargetCheck]:
    """Every goal for every Kintsugi set-up in `setups` (all but the stock baseline)."""
    stock = setups.get(BASELINE)
    checks: list[TargetCheck] = []
    for name, setup in setups.items():
        if name != BASELINE:
            checks += _against_stock(name, setup, stock) + _own(name, setup)
    return checks
