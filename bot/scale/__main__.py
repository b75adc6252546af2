"""`python -m bot.scale` (`make scale-demo`): the scale-out topology in the foreground, until Ctrl-C.

nginx listens where `make run`'s Rasa server would (KINTSUGI_RASA_PORT, 5005), so the chat page
(KINTSUGI_WEB_PORT, 8080) and every curl example in the README talk to the load balancer.
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import subprocess
import time

from bot.run import announce_api_token, server_environment, stop_servers, web_server_command
from bot.scale.topology import ScaledOut, scaled_out
from bot.services.postgres import ServiceUnavailable
from bot.settings import PROJECT_ROOT, load_settings


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot.scale", description=__doc__.splitlines()[0])
    parser.add_argument("--servers", type=int, default=2, help="Rasa servers behind nginx (default 2)")
    parser.add_argument(
        "--workers", type=int, default=1, help="SANIC_WORKERS of each Rasa server (default 1)"
    )
    return parser.parse_args()


def start_chat_page(topology: ScaledOut) -> subprocess.Popen:
    """The chat page, its widget pointed at nginx."""
    settings = dataclasses.replace(topology.settings, public_rasa_url=topology.nginx_url)
    env = {**server_environment(settings), "KINTSUGI_PUBLIC_RASA_URL": topology.nginx_url}
    with open(topology.log_dir / "web.log", "ab") as log:
        return subprocess.Popen(web_server_command(), cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # same clean stop as Ctrl-C


def main() -> None:
    args = arguments()
    settings = load_settings()
    print(f"==> starting PostgreSQL, Redis, the action server, {args.servers} Rasa servers and nginx")
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        with scaled_out(
            args.servers, args.workers, api_token=settings.api_token, nginx_port=settings.rasa_port
        ) as topology:
            page = start_chat_page(topology)
            print(f"\n==> Kintsugi behind nginx: {topology.webhook_url}")
            print(f"==> chat page (socket.io through nginx): http://localhost:{settings.web_port}/")
            print(f"==> Rasa servers: {', '.join(topology.rasa_urls)}; lock store: {topology.redis_url}")
            print(f"==> tracker store: {topology.tracker_db_url}; logs: {topology.log_dir}")
            print(f"==> HTTP API through nginx: {topology.api_url}/... with 'Authorization: Bearer <token>'")
            print(announce_api_token(settings))
            print("==> press Ctrl-C to stop\n", flush=True)
            try:
                while page.poll() is None and all(p.poll() is None for p in topology.rasa_processes):
                    time.sleep(0.5)
                print("==> a server stopped on its own; stopping the rest")
            finally:
                stop_servers([page])
    except KeyboardInterrupt:
        print("\n==> stopping")
    except ServiceUnavailable as missing:
        raise SystemExit(str(missing)) from None


if __name__ == "__main__":
    main()
