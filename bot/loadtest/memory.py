"""Peak memory of server processes, read from /proc (no psutil).

The kernel keeps each process's peak resident set size (VmHWM). A sampler reads it, for a
process and every process below it (Sanic workers are children of the Rasa server), often
enough to catch a worker that exits before the run ends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

PROC = Path("/proc")
SAMPLE_INTERVAL_SECONDS = 0.5


def status_field_kb(pid: int | str, field: str) -> int | None:
    """A `kB` field of /proc/<pid>/status (VmHWM, VmRSS, ...); None when the process is gone."""
    try:
        lines = (PROC / str(pid) / "status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        name, _, value = line.partition(":")
        if name == field:
            return int(value.split()[0])
    return None


def peak_rss_kb(pid: int | str) -> int | None:
    """The process's peak resident set size so far (VmHWM)."""
    return status_field_kb(pid, "VmHWM")


def children(pid: int) -> list[int]:
    """Direct children of `pid`, from every thread's children list."""
    found: list[int] = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue  # the thread or process ended while we looked
    return found


def process_tree(pid: int) -> list[int]:
    """`pid` and all its descendants."""
    tree, pending = [], [pid]
    while pending:
        current = pending.pop()
        tree.append(current)
        pending += children(current)
    return tree


class PeakMemorySampler:
    """Samples the peak RSS of named process trees in a background thread.

    `roles` maps a role (e.g. "rasa", "action_server") to the pids at the top of its trees;
    `peaks_mb()` gives, per role, the peak of each process seen, in MB.
    """

    def __init__(self, roles: Mapping[str, Iterable[int]], interval: float = SAMPLE_INTERVAL_SECONDS) -> None:
        self._roles = {role: list(pids) for role, pids in roles.items()}
        self._interval = interval
        self._peaks_kb: dict[str, dict[int, int]] = {role: {} for role in self._roles}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="peak-memory-sampler", daemon=True)

    def __enter__(self) -> PeakMemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()  # the servers are still running: one last look

    def sample(self) -> None:
        for role, tops in self._roles.items():
            for top in tops:
                for pid in process_tree(top):
                    peak = peak_rss_kb(pid)
                    if peak is None:
                        continue
                    with self._lock:
                        known = self._peaks_kb[role].get(pid, 0)
                        self._peaks_kb[role][pid] = max(known, peak)

    def peaks_mb(self) -> dict[str, list[float]]:
        """Per role, the peak RSS of each process seen (largest first), in MB."""
        with self._lock:
            return {
                role: sorted((kb / 1024 for kb in peaks.values()), reverse=True)
                for role, peaks in self._peaks_kb.items()
            }

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()
