"""`make bench`: how long choosing an exercise takes, with and without storage, and the
action server's round trip for action_suggest_exercise; then Kintsugi against stock Rasa
under load (bot/loadtest). Prints numbers and PASS/MISS lines; fails only when it cannot run.

    python -m bot.bench [options of python -m bot.loadtest]
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bot.conversation.stages import STAGES
from bot.exercises.catalogue import load_catalogue
from bot.exercises.selection import Situation, choose_exercise
from bot.loadtest.comparison import parse_options, run
from bot.loadtest.stats import percentile
from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT
from bot.storage.database import session_scope
from bot.storage.identity import person_key
from bot.storage.migrate import upgrade
from bot.storage.repository import exercise_history, get_or_create_person, record_offer, safety_flags

ROLES = ("hurt_partner", "involved_partner", "both")


def summary(name: str, seconds: list[float], unit: float = 1000.0, label: str = "ms") -> dict:
    result = {
        "what": name,
        "runs": len(seconds),
        f"median_{label}": statistics.median(seconds) * unit,
        f"p95_{label}": percentile(seconds, 0.95) * unit,
    }
    print(
        f"{name:<52}{result[f'median_{label}']:>10.3f}{result[f'p95_{label}']:>10.3f} {label}  (n={len(seconds)})"
    )
    return result


def situations() -> list[Situation]:
    return [Situation(role=r, stage=s, betrayal_type="affair") for r in ROLES for s in STAGES]


def bench_selection(runs: int = 3000) -> dict:
    catalogue = list(load_catalogue().values())
    cases = situations()
    timings = []
    for index in range(runs):
        started = time.perf_counter()
        choose_exercise(catalogue, cases[index % len(cases)])
        timings.append(time.perf_counter() - started)
    return summary("selection only (plain Python)", timings, 1e6, "us")


def bench_selection_with_storage(db_url: str, runs: int = 500) -> dict:
    catalogue = list(load_catalogue().values())
    cases = situations()
    timings = []
    for index in range(runs):
        started = time.perf_counter()
        with session_scope(db_url) as session:
            person = get_or_create_person(session, person_key("bench", f"person-{index % 50}"))
            history = exercise_history(session, person)
            flags = safety_flags(session, person)
            base = cases[index % len(cases)]
            situation = Situation(
                role=base.role, stage=base.stage, betrayal_type=base.betrayal_type,
                done=history.done, unhelpful=history.unhelpful,
                safety_flags=frozenset(flags & {"violence_or_abuse"}),
            )  # fmt: skip
            choice = choose_exercise(catalogue, situation)
            record_offer(session, person, choice.exercise.id, situation.stage)
        timings.append(time.perf_counter() - started)
    return summary("selection + storage, SQLite (one session per call)", timings)


def action_request(domain: dict, index: int) -> bytes:
    tracker = {
        "sender_id": f"bench-{index % 50}",
        "slots": {"role": "hurt_partner", "stage": "feelings", "betrayal_type": "affair"},
        "latest_message": {"text": "give me an exercise", "intent": {"name": "request_exercise"}},
        "events": [{"event": "user", "text": "give me an exercise", "parse_data": {"intent": {"name": "request_exercise"}}}],
        "paused": False, "followup_action": None, "active_loop": {},
        "latest_action_name": "action_listen", "latest_input_channel": "rest",
    }  # fmt: skip
    body = {"next_action": "action_suggest_exercise", "sender_id": tracker["sender_id"], "tracker": tracker,
            "domain": domain, "version": "3.6.2"}  # fmt: skip
    return json.dumps(body).encode()


def bench_action_round_trip(var_dir: Path, runs: int = 300) -> dict:
    from rasa.shared.core.domain import Domain

    from bot.run import action_server_command, server_environment, stop_servers, wait_until_up
    from bot.settings import Settings

    settings = Settings(actions_port=free_port(), var_dir=var_dir, db_url=f"sqlite:///{var_dir / 'bench.db'}")
    upgrade(settings.db_url)
    env = {**server_environment(settings), "KINTSUGI_VAR_DIR": str(var_dir)}
    process = subprocess.Popen(
        action_server_command(settings),
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{settings.actions_port}/health", process)
        domain = Domain.load(str(PROJECT_ROOT / "domain.yml")).as_dict()
        url = f"http://127.0.0.1:{settings.actions_port}/webhook"
        timings = []
        for index in range(runs):
            request = urllib.request.Request(
                url, data=action_request(domain, index), headers={"Content-Type": "application/json"}
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as reply:
                reply.read()
            timings.append(time.perf_counter() - started)
        return summary("action server round trip: action_suggest_exercise", timings[20:])  # after warm-up
    finally:
        stop_servers([process])


def micro_benchmarks() -> list[dict]:
    print(f"{'':<52}{'median':>10}{'p95':>10}")
    with tempfile.TemporaryDirectory(prefix="kintsugi-bench-") as tmp:
        var_dir = Path(tmp)
        db_url = f"sqlite:///{var_dir / 'selection.db'}"
        upgrade(db_url)
        results = [bench_selection(), bench_selection_with_storage(db_url), bench_action_round_trip(var_dir)]
    print("(target: selection + storage median under 5 ms)")
    return results


def main(argv: list[str]) -> None:
    options = parse_options(argv)  # a bad option fails now, not after the micro-benchmarks
    run(options, micro=micro_benchmarks())


if __name__ == "__main__":
    main(sys.argv[1:])
