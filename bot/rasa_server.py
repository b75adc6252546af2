"""`python -m bot.rasa_server [options of rasa run]`: `rasa run`, made to fail gracefully.

The same command line, start-up and server as `rasa run`, with four differences. First, the
HTTP API's token comes from KINTSUGI_API_TOKEN, and `--auth-token` is refused: a command line
is readable by every local user (/proc/<pid>/cmdline), a process's environment only by its
owner. Two are passed in through serve_application's own arguments:
- the action endpoint of endpoints.yml becomes a FallbackActionEndpoint, so a dead or hung
  action server gets the person a short answer within seconds instead of silence
  (bot/rasa_components/action_endpoint.py);
- a tracker store that fails fails the turn, which the channel answers with "please send
  that again in a moment" (bot/channels/failed_turns.py). Rasa would instead go on with an
  empty conversation: a new session, the person's slots (safety flags included) gone, and
  the turn stored nowhere.
The fourth replaces one Rasa method with an equivalent: action server responses are checked
against Rasa's schema by a validator compiled once, not re-built on every call
(bot/rasa_components/action_validation.py: over half the server's CPU under load).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import rasa.core.run
import rasa.utils.tensorflow.environment as tf_environment
from rasa.__main__ import create_argument_parser
from rasa.cli.utils import get_validated_path
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.core.utils import AvailableEndpoints
from rasa.shared.constants import DEFAULT_CREDENTIALS_PATH, DEFAULT_ENDPOINTS_PATH
from rasa.shared.utils.common import minimal_kwargs
from rasa.utils.common import configure_logging_and_warnings
from rasa.utils.io import configure_colored_logging
from rasa.utils.log_utils import configure_structlog
from sanic import Sanic

from bot.rasa_components.action_endpoint import FallbackActionEndpoint
from bot.rasa_components.action_validation import use_compiled_validation


async def fail_turns_when_the_tracker_store_fails(app: Sanic, _loop: Any) -> None:
    """Takes the agent's tracker store out of Rasa's FailSafeTrackerStore (see above)."""
    agent = app.ctx.agent
    if agent is None or not isinstance(agent.tracker_store, FailSafeTrackerStore):
        return
    store = agent.tracker_store._tracker_store  # where Rasa 3.6 keeps the wrapped store
    agent.tracker_store = store  # a model loaded later through the API gets it from here
    if agent.processor is not None:
        agent.processor.tracker_store = store


API_TOKEN_VARIABLE = "KINTSUGI_API_TOKEN"


def api_token_from_environment(enable_api: bool) -> str | None:
    """The HTTP API's token, from the environment; the API never runs without one."""
    token = os.environ.get(API_TOKEN_VARIABLE, "").strip()
    if enable_api and not token:
        raise SystemExit(f"--enable-api needs {API_TOKEN_VARIABLE}: the HTTP API never runs without a token")
    return token or None


def main(argv: list[str]) -> None:
    args = create_argument_parser().parse_args(["run", *argv])
    if args.auth_token:
        raise SystemExit(
            f"pass the token in {API_TOKEN_VARIABLE}, not --auth-token: command lines are public"
        )
    args.auth_token = api_token_from_environment(args.enable_api)
    # Set up as `rasa run` is (rasa/__main__.py), minus telemetry.
    configure_logging_and_warnings(
        args.loglevel, args.logging_config_file, warn_only_once=True, filter_repeated_logs=True
    )
    tf_environment.setup_tf_environment()
    tf_environment.check_deterministic_ops()
    configure_colored_logging(args.loglevel)
    configure_structlog(args.loglevel)
    # Defaults as `rasa run` has them (rasa/cli/run.py, rasa/api.py).
    args.endpoints = get_validated_path(args.endpoints, "endpoints", DEFAULT_ENDPOINTS_PATH, True)
    args.credentials = get_validated_path(args.credentials, "credentials", DEFAULT_CREDENTIALS_PATH, True)
    channel = args.connector or (None if args.credentials else "rest")

    use_compiled_validation()
    endpoints = AvailableEndpoints.read_endpoints(args.endpoints)
    if endpoints.action:
        endpoints.action = FallbackActionEndpoint.replacing(endpoints.action)
    passed_on = minimal_kwargs(
        vars(args), rasa.core.run.serve_application, ["model_path", "channel", "credentials", "endpoints"]
    )
    rasa.core.run.serve_application(
        args.model,
        channel=channel,
        credentials=args.credentials,
        endpoints=endpoints,
        server_listeners=[(fail_turns_when_the_tracker_store_fails, "after_server_start")],
        **passed_on,
    )


if __name__ == "__main__":
    main(sys.argv[1:])
