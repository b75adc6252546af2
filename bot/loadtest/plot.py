"""results.png: latency (p50, p95) and throughput against concurrent users, one line per set-up."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from pathlib import Path


def plot_results(setups: Mapping[str, Mapping], path: Path) -> None:
    with warnings.catch_warnings():
        # Rasa, imported earlier, turns on warnings that matplotlib's style parser triggers by the dozen.
        warnings.simplefilter("ignore")
        _plot(setups, path)


def _plot(setups: Mapping[str, Mapping], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    figure, (latency, throughput) = plt.subplots(1, 2, figsize=(11, 4.5))
    levels_run: set[int] = set()
    for name, setup in setups.items():
        levels = sorted(setup.get("levels", []), key=lambda found: found["users"])
        users = [found["users"] for found in levels]
        levels_run.update(users)
        (line,) = latency.plot(users, [found["p50_ms"] for found in levels], marker="o", label=f"{name} p50")
        latency.plot(
            users, [found["p95_ms"] for found in levels], marker="s", linestyle="--", color=line.get_color(),
            label=f"{name} p95",
        )  # fmt: skip
        throughput.plot(users, [found["messages_per_second"] for found in levels], marker="o", label=name)
    latency.set(title="Latency per message", ylabel="ms", yscale="log")
    throughput.set(title="Throughput", ylabel="messages per second", ylim=(0, None))
    for axes in (latency, throughput):
        axes.set_xscale("log")
        axes.set_xticks(sorted(levels_run), labels=[str(users) for users in sorted(levels_run)])
        axes.minorticks_off()
        axes.set_xlabel("concurrent users")
        axes.grid(True, alpha=0.3)
        axes.legend(fontsize="small")
    figure.suptitle("Kintsugi vs stock Rasa (rasa init), REST channel, closed-loop users")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
