"""`python -m bot.loadtest.stock_server [options of rasa run]`: the benchmark's stock `rasa run`,
unchanged but for where its HTTP API token comes from.

As for Kintsugi's own server (bot/rasa_server.py), the token is read from KINTSUGI_API_TOKEN and
`--auth-token` is refused: a command line is readable by every local user (/proc/<pid>/cmdline),
a process's environment only by its owner. The token is added to Rasa's arguments inside this
process, which leaves the command line the kernel shows untouched; everything else is Rasa's own
CLI, so the baseline stays stock.
"""

from __future__ import annotations

import sys

from rasa.__main__ import create_argument_parser
from rasa.__main__ import main as rasa_main

from bot.rasa_server import API_TOKEN_VARIABLE, api_token_from_environment


def rasa_arguments(argv: list[str]) -> list[str]:
    """The arguments of `rasa run` for `argv`, with the token from the environment added."""
    args = create_argument_parser().parse_args(["run", *argv])
    if args.auth_token:  # parsed, so abbreviations such as --auth-tok are caught too
        raise SystemExit(
            f"pass the token in {API_TOKEN_VARIABLE}, not --auth-token: command lines are public"
        )
    token = api_token_from_environment(args.enable_api)
    return ["run", *argv, *(["--auth-token", token] if token else [])]


def main(argv: list[str]) -> None:
    sys.argv = [sys.argv[0], *rasa_arguments(argv)]  # what Rasa's CLI parses; /proc keeps the original
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
