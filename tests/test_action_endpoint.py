"""The action endpoint against a real HTTP server on loopback that answers, refuses, fails or hangs."""

from __future__ import annotations

import asyncio
import time
from typing import Awaitable, Callable

import pytest
from aiohttp import web
from rasa.utils.endpoints import ClientResponseError

from bot.rasa_components.action_endpoint import FallbackActionEndpoint
from bot.services.ports import free_port

Handler = Callable[[web.Request], Awaitable[web.Response]]
CALL = {"next_action": "action_suggest_exercise", "sender_id": "someone", "tracker": {"events": []}}


def call_action_server(handler: Handler, calls: int = 1, answer_within: float = 0.5) -> list:
    """Runs `calls` action calls against a loopback server answering with `handler`."""

    async def run() -> list:
        app = web.Application()
        app.router.add_post("/webhook", handler)
        runner = web.AppRunner(app)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        endpoint = FallbackActionEndpoint(
            f"http://127.0.0.1:{port}/webhook", answer_within_seconds=answer_within
        )
        try:
            return [await endpoint.request(json=dict(CALL)) for _ in range(calls)]
        finally:
            await runner.cleanup()

    return asyncio.run(run())


def is_give_me_a_moment(answer: dict) -> bool:
    """ "Give me a moment", and the turn ends there (nothing goes on as if the action ran)."""
    ended = answer["events"] == [{"event": "followup", "name": "action_listen"}]
    return ended and "moment" in answer["responses"][0]["text"]


def test_a_healthy_action_servers_answer_passes_through_unchanged():
    async def answers(request: web.Request) -> web.Response:
        return web.json_response(
            {"events": [{"event": "slot", "name": "stage", "value": "feelings"}], "responses": []}
        )

    (answer,) = call_action_server(answers)
    assert answer == {"events": [{"event": "slot", "name": "stage", "value": "feelings"}], "responses": []}


def test_a_rejected_action_is_raised_as_rasa_expects():
    async def rejects(request: web.Request) -> web.Response:
        return web.json_response({"action_name": "action_suggest_exercise", "error": "no"}, status=400)

    with pytest.raises(ClientResponseError) as rejected:
        call_action_server(rejects)
    assert rejected.value.status == 400


def test_an_action_that_fails_is_answered_in_its_place():
    async def fails(request: web.Request) -> web.Response:
        return web.json_response({"error": "OperationalError"}, status=500)

    (answer,) = call_action_server(fails)
    assert is_give_me_a_moment(answer)


def test_a_hung_action_server_is_answered_for_within_the_configured_time():
    async def hangs(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.json_response({})

    started = time.monotonic()
    (answer,) = call_action_server(hangs, answer_within=0.5)
    assert time.monotonic() - started < 1.5
    assert is_give_me_a_moment(answer)


def test_the_rest_of_the_turn_does_not_wait_for_a_hung_action_server_again():
    async def hangs(request: web.Request) -> web.Response:
        await asyncio.sleep(30)
        return web.json_response({})

    started = time.monotonic()
    call_action_server(hangs, calls=3, answer_within=0.5)
    assert time.monotonic() - started < 1.5  # one wait, not three


def test_an_action_server_that_is_not_there_is_answered_for_at_once():
    endpoint = FallbackActionEndpoint(f"http://127.0.0.1:{free_port()}/webhook")
    started = time.monotonic()
    answer = asyncio.run(endpoint.request(json=dict(CALL)))
    assert time.monotonic() - started < 0.5
    assert is_give_me_a_moment(answer)
