"""Secret files under var/: owner-only, and one whole secret for every process that races to create it."""

from __future__ import annotations

import multiprocessing
import re
import stat
import threading
from pathlib import Path

from bot.secret_file import read_or_create_secret, write_secret

HEX_SECRET = re.compile(r"[0-9a-f]{64}")
ROUNDS = 200
RACERS = 8


def race_threads(path: Path) -> list[str]:
    """RACERS threads released at once, each reading or creating the secret at `path`."""
    start = threading.Barrier(RACERS)
    found: list[str] = []

    def racer() -> None:
        start.wait()
        found.append(read_or_create_secret(path))

    threads = [threading.Thread(target=racer) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def _process_racer(directory: str, start: multiprocessing.Barrier, results: multiprocessing.Queue) -> None:
    for number in range(ROUNDS):
        start.wait()
        results.put((number, read_or_create_secret(Path(directory) / f"secret-{number}")))


def test_threads_racing_on_first_use_all_get_the_one_whole_secret(tmp_path):
    for number in range(ROUNDS):
        path = tmp_path / f"secret-{number}"
        found = race_threads(path)
        assert len(set(found)) == 1, f"round {number}: {sorted(set(found))}"
        assert HEX_SECRET.fullmatch(found[0]), f"round {number}: read {found[0]!r}"
        assert path.read_text() == found[0]


def test_processes_racing_on_first_use_all_get_the_one_whole_secret(tmp_path):
    context = multiprocessing.get_context("fork")
    start, results = context.Barrier(RACERS), context.Queue()
    processes = [
        context.Process(target=_process_racer, args=(str(tmp_path), start, results)) for _ in range(RACERS)
    ]
    for process in processes:
        process.start()
    found: dict[int, set[str]] = {}
    for _ in range(ROUNDS * RACERS):
        number, secret = results.get(timeout=60)
        found.setdefault(number, set()).add(secret)
    for process in processes:
        process.join(timeout=60)
    for number, secrets in found.items():
        assert len(secrets) == 1, f"round {number}: {sorted(secrets)}"
        (secret,) = secrets
        assert HEX_SECRET.fullmatch(secret), f"round {number}: read {secret!r}"
        assert (tmp_path / f"secret-{number}").read_text() == secret


def test_a_created_secret_is_owner_only_and_leaves_no_temporary_file(tmp_path):
    secret = read_or_create_secret(tmp_path / "secret.key")
    assert stat.S_IMODE((tmp_path / "secret.key").stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret.key"]
    assert read_or_create_secret(tmp_path / "secret.key") == secret


def test_write_secret_replaces_the_file_owner_only(tmp_path):
    path = tmp_path / "api_token"
    write_secret(path, "first")
    write_secret(path, "second")
    assert path.read_text() == "second"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["api_token"]
