"""Kintsugi (embedded and tuned) against stock Rasa, under load, in one run (`python -m bot.loadtest`).

Options (or BENCH_USERS, BENCH_DURATION, BENCH_WARMUP, BENCH_SETUPS in the environment):
    --users 1,10,50  --duration 20  --warmup 3  --setups embedded,tuned,stock
A quick look: `python -m bot.loadtest --users 1,5 --duration 3 --warmup 1`.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.loadtest import kintsugi, stock
from bot.loadtest.assistant import RunningAssistant
from bot.loadtest.driver import run_load
from bot.loadtest.memory import PeakMemorySampler
from bot.loadtest.parse import parse_latency
from bot.loadtest.plot import plot_results
from bot.loadtest.report import format_table, micro_lines, table_rows, write_json
from bot.loadtest.targets import BASELINE, check_targets
from bot.settings import load_settings
from bot.setup.training import train_if_needed

ALL_SETUPS = (*kintsugi.SETUPS, BASELINE)


@dataclass(frozen=True)
class Options:
    users: tuple[int, ...]
    duration: float
    warmup: float
    setups: tuple[str, ...]
    out_dir: Path


def _whole_numbers(raw: str) -> tuple[int, ...]:
    try:
        numbers = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected comma-separated whole numbers, got {raw!r}") from error
    if not numbers or min(numbers) < 1:
        raise argparse.ArgumentTypeError(
            f"expected at least one number of users, each 1 or more, got {raw!r}"
        )
    return numbers


def _seconds(raw: str) -> float:
    try:
        seconds = float(raw)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {raw!r}") from error
    if seconds < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more seconds, got {raw!r}")
    return seconds


def _setup_names(raw: str) -> tuple[str, ...]:
    names = tuple(part.strip() for part in raw.split(",") if part.strip())
    unknown = [name for name in names if name not in ALL_SETUPS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(f"set-ups are {', '.join(ALL_SETUPS)}; got {raw!r}")
    return names


def parse_options(argv: Sequence[str], environ: Mapping[str, str] = os.environ) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bot.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=_whole_numbers, default=environ.get("BENCH_USERS", "1,10,50"))
    parser.add_argument(
        "--duration",
        type=_seconds,
        default=environ.get("BENCH_DURATION", "20"),
        help="measured seconds per level",
    )
    parser.add_argument(
        "--warmup",
        type=_seconds,
        default=environ.get("BENCH_WARMUP", "3"),
        help="unmeasured seconds before each",
    )
    parser.add_argument(
        "--setups", type=_setup_names, default=environ.get("BENCH_SETUPS", ",".join(ALL_SETUPS))
    )
    parser.add_argument("--out", type=Path, default=load_settings().var_dir / "bench")
    args = parser.parse_args(argv)
    if args.duration <= 0:
        parser.error("--duration must be more than 0 seconds")
    return Options(args.users, args.duration, args.warmup, args.setups, args.out.resolve())


def measure(running: RunningAssistant, options: Options) -> dict:
    """NLU parse latency on the quiet server, then each load level, sampling peak memory throughout."""
    print(f"    first answer {running.startup_seconds:.1f} s after launch", flush=True)
    with PeakMemorySampler(running.processes) as memory:
        texts = [text for conversation in running.conversations for text in conversation]
        parse = parse_latency(running.http_api_url, running.token, texts)
        print(f"    NLU parse p50 {parse['p50_ms']:.1f} ms, p95 {parse['p95_ms']:.1f} ms", flush=True)
        levels = []
        for users in options.users:
            load = run_load(
                running.webhook_url, running.conversations, users, options.duration, options.warmup,
                running.failure_texts,
            )  # fmt: skip
            found = load.summary()
            levels.append(found)
            print(
                f"    {users:>3} users: {found['messages']} messages, {found['messages_per_second']:.1f}/s, "
                f"p50 {found['p50_ms']:.0f} ms, p95 {found['p95_ms']:.0f} ms, errors {found['errors']}",
                flush=True,
            )
    return {
        "startup_seconds": running.startup_seconds,
        "parse": parse,
        "levels": levels,
        "memory_mb": memory.peaks_mb(),
    }


def run(options: Options, micro: Sequence[Mapping] = ()) -> dict:
    """Trains what is missing, measures each set-up in turn, prints and writes the comparison."""
    token = secrets.token_urlsafe(16)
    load_at_start = os.getloadavg()[0]
    trainings = {}
    ours = [name for name in options.setups if name != BASELINE]
    if ours:
        model = train_if_needed(load_settings().models_dir)  # what `make run` serves
        kintsugi_training = kintsugi.train_timed(options.out_dir)
        trainings.update({name: kintsugi_training for name in ours})
    if BASELINE in options.setups:
        trainings[BASELINE] = stock.prepare(options.out_dir / "stock")
    setups = {}
    for name in options.setups:
        if name == BASELINE:
            description = stock.DESCRIPTION
            started = stock.stock_running(options.out_dir / "stock")
        else:
            setup = kintsugi.SETUPS[name]
            description = setup.description
            started = kintsugi.kintsugi_running(setup, model, options.out_dir / f"kintsugi-{name}", token)
        print(f"\n==> {name}: {description}", flush=True)
        with started as running:
            measured = measure(running, options)
        setups[name] = {"description": description, "training": trainings[name].summary(), **measured}
    targets = check_targets(setups)
    results = {
        "options": {
            "users": options.users,
            "duration_seconds": options.duration,
            "warmup_seconds": options.warmup,
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
        },
        "micro": list(micro),
        "setups": setups,
        "targets": [{**dataclasses.asdict(check), "verdict": check.verdict} for check in targets],
    }
    print(
        f"\n{os.cpu_count()} CPUs; 1-minute load average before the servers started: {load_at_start:.2f} "
        "(anything else running makes these numbers noisy)\n"
    )
    print(f"{format_table(table_rows(setups, options.users))}\n")
    for line in micro_lines(micro):
        print(line)
    for check in targets:
        print(check.line())
    write_json(results, options.out_dir / "results.json")
    plot_results(setups, options.out_dir / "results.png")
    print(f"\nresults: {options.out_dir / 'results.json'}, plot: {options.out_dir / 'results.png'}")
    return results
