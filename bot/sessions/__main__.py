"""`python -m bot.sessions run SCRIPT... [--url URL] [--report DIR]` plays scripted sessions;
`python -m bot.sessions export CONVERSATION_ID [--url URL] [--report DIR]` reports a real one;
`python -m bot.sessions stories SCRIPT... --out FILE` writes passing sessions as Rasa test stories."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from bot.exercises.catalogue import load_catalogue
from bot.sessions.report import write_reports, write_session_report
from bot.sessions.runner import PlayedTurn, SessionResult, play
from bot.sessions.script import Script, ScriptError, Turn, load_script
from bot.sessions.transcript import turns_from_events
from bot.sessions.transports import HttpTransport
from bot.settings import load_settings
from bot.storage.exports import export_stem, reports_dir
from bot.storage.identity import load_or_create_secret, person_key


def print_turn(played: PlayedTurn) -> None:
    record = played.record
    marks = f"{sum(c.passed for c in played.checks)}/{len(played.checks)}" if played.checks else "-"
    flag = " SAFETY" if record.crisis else ""
    status = "ok " if played.passed else "FAIL"
    print(f"  {status} [{played.turn.number:>2}] {played.sent[:60]!r} -> {record.intent} "
          f"({record.confidence:.2f}) stage={record.stage}{flag} checks {marks}")  # fmt: skip
    for check in played.checks:
        if not check.passed:
            print(f"         expected: {check.name}; {check.detail}")


def transport_for(args: argparse.Namespace) -> contextlib.AbstractContextManager:
    if args.url:
        # From the environment only: a command line is readable by every local user.
        token = os.environ.get("KINTSUGI_API_TOKEN", "").strip()
        if not token:
            raise SystemExit("--url needs the HTTP API token in KINTSUGI_API_TOKEN")
        return contextlib.nullcontext(HttpTransport(args.url, token))
    from bot.sessions.local import local_kintsugi

    return local_kintsugi()


def load_scripts(paths: list[str]) -> list[Script] | None:
    """The scripts, or None after printing what is wrong with the first bad one."""
    try:
        return [load_script(Path(path)) for path in paths]
    except ScriptError as error:
        print(f"error: {error}", file=sys.stderr)
        return None


def run(args: argparse.Namespace) -> int:
    scripts = load_scripts(args.scripts)
    if scripts is None:
        return 2
    catalogue = load_catalogue()
    results = []
    with transport_for(args) as transport:
        for script in scripts:
            print(f"{script.title} ({script.path})")
            results.append(play(script, transport, catalogue, on_turn=print_turn))
    index = write_reports(results, Path(args.report))
    failed = [r for r in results if not r.passed]
    print(f"\n{len(results) - len(failed)}/{len(results)} sessions passed; report: {index}")
    return 1 if failed else 0


def stories(args: argparse.Namespace) -> int:
    from bot.sessions.test_stories import write_test_stories

    scripts = load_scripts(args.scripts)
    if scripts is None:
        return 2
    catalogue = load_catalogue()
    played = []
    with transport_for(args) as transport:
        for script in scripts:
            result = play(script, transport, catalogue)
            if not result.passed:
                print(f"error: {script.path} does not pass; only a passing session becomes a test story",
                      file=sys.stderr)  # fmt: skip
                return 1
            played.append((script.title, result.sender, transport.events(result.sender)))
    write_test_stories(played, Path(args.out))
    print(f"{len(played)} test stories written to {args.out}")
    return 0


def export(args: argparse.Namespace) -> int:
    with transport_for(args) as transport:
        events = transport.events(args.conversation_id)
    records = turns_from_events(events)
    if not records:
        print(f"error: no conversation {args.conversation_id!r} in the tracker store", file=sys.stderr)
        return 1
    slots = {e.get("name"): e.get("value") for e in events if e.get("event") == "slot"}
    persona = {k: str(slots.get(k)) for k in ("role", "betrayal_type") if slots.get(k)}
    # Named by the person key, never the raw id: "delete my data" and retention find it by that.
    key = person_key(load_or_create_secret(load_settings().var_dir), args.conversation_id)
    script = Script(Path(f"{export_stem(key)}.yml"), "Exported conversation", persona, ())
    played = [PlayedTurn(Turn(number=n), r.text, r) for n, r in enumerate(records, start=1)]
    page = write_session_report(SessionResult(script, key, played), Path(args.report))
    print(f"report: {page}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.sessions", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for name in ("run", "export", "stories"):
        command = commands.add_parser(name)
        command.add_argument(
            "--url", help="a running Kintsugi, e.g. http://127.0.0.1:5005 (default: in-process)"
        )
        command.add_argument(
            "--report", default=str(reports_dir(load_settings().var_dir)), help="folder for the reports"
        )
    commands.choices["run"].add_argument("scripts", nargs="+", help="session scripts (YAML)")
    commands.choices["export"].add_argument("conversation_id")
    commands.choices["stories"].add_argument("scripts", nargs="+", help="session scripts (YAML)")
    commands.choices["stories"].add_argument("--out", required=True, help="the test-story file to write")
    args = parser.parse_args(argv)
    return {"run": run, "export": export, "stories": stories}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
