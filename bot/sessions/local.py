"""Kintsugi in this process: the trained model in Rasa's Agent, the real action server beside it."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
from collections.abc import Iterator
from dataclasses import replace

from bot.rasa_logging import quiet_rasa_logs
from bot.run import action_server_command, server_environment, stop_servers, wait_until_up
from bot.services.ports import free_port
from bot.sessions.transports import AgentTransport
from bot.settings import PROJECT_ROOT, load_settings
from bot.setup.training import model_path
from bot.storage.migrate import upgrade


@contextlib.contextmanager
def local_kintsugi() -> Iterator[AgentTransport]:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    quiet_rasa_logs()
    settings = replace(load_settings(), actions_port=free_port())
    upgrade(settings.db_url)
    actions = subprocess.Popen(
        action_server_command(settings), cwd=PROJECT_ROOT, env=server_environment(settings),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    loop = asyncio.new_event_loop()
    try:
        wait_until_up(f"http://{settings.actions_host}:{settings.actions_port}/health", actions)
        model = model_path(settings.models_dir)
        agent = loop.run_until_complete(_load(Agent, str(model), EndpointConfig(settings.actions_url)))
        yield AgentTransport(agent, loop)
    finally:
        stop_servers([actions])
        loop.close()


async def _load(agent_class, model: str, endpoint):  # noqa: ANN001, ANN202
    from bot.rasa_components import varied_responses

    return agent_class.load(model, action_endpoint=endpoint, generator=varied_responses.endpoint())
