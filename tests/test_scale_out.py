"""Kintsugi scaled out on Rasa's own engine: two Rasa servers sharing a PostgreSQL tracker store
and a Redis lock store, behind nginx (bot/scale/topology.py), started once for this module."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import aiohttp
import pytest
import socketio
import websockets

from bot.scale.topology import ScaledOut, scaled_out
from tests.conversation_checks import TAG, SentMessage, problems, send, stored_events

# User turns from the assistant's real flows: a disclosure, feelings, asking for an exercise.
FLOWS = [
    [
        "hi",
        "i found messages on his phone, he has been sleeping with a coworker for months",
        "i cant stop crying and i feel so stupid for not seeing it",
        "give me an exercise to do",
        "something else",
    ],
    [
        "hello",
        "i cheated on my wife and she found out last week",
        "i want to apologise properly but i dont know how",
        "give me an exercise",
        "thank you",
    ],
    [
        "hi there",
        "my husband has been hiding debt from me for years",
        "i feel so betrayed and angry",
        "how can i ever trust him again",
        "give me an exercise to do",
    ],
]
CONVERSATIONS = 50
TWO_TAB_ROUNDS = 15


@pytest.fixture(scope="module")
def topology(trained_model: Path) -> ScaledOut:
    with scaled_out(rasa_servers=2, model=trained_model) as running:
        yield running


def client_session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120))


async def converse_alternating(topology: ScaledOut, sender: str, texts: list[str], first_server: int) -> list:
    """Each message to the other Rasa server than the one before, each after the last reply."""
    async with client_session() as session:
        sent = []
        for number, text in enumerate(texts):
            server = topology.rasa_urls[(first_server + number) % len(topology.rasa_urls)]
            sent.append(await send(session, server, sender, text, f"{sender}/{number}"))
        return sent


def test_fifty_concurrent_conversations_alternating_servers_lose_duplicate_and_reorder_nothing(topology):
    async def all_conversations() -> dict[str, list]:
        senders = [f"alternating-{number}" for number in range(CONVERSATIONS)]
        sent = await asyncio.gather(
            *(
                converse_alternating(topology, sender, FLOWS[number % len(FLOWS)], first_server=number)
                for number, sender in enumerate(senders)
            )
        )
        return dict(zip(senders, sent, strict=True))

    conversations = asyncio.run(all_conversations())

    found = {}
    for number, (sender, sent) in enumerate(conversations.items()):
        reader = topology.rasa_urls[number % 2]
        found[sender] = problems(stored_events(reader, topology.api_token, sender), sent)
    failing = {sender: p for sender, p in found.items() if p}
    assert not failing, f"{len(failing)} conversations damaged, e.g. {next(iter(failing.items()))}"

    assert {message.server for sent in conversations.values() for message in sent} == set(topology.rasa_urls)


def test_conversations_through_nginx_are_spread_over_both_servers_and_stored_whole(topology):
    async def through_nginx(sender: str, texts: list[str]) -> list:
        async with client_session() as session:
            return [
                await send(session, topology.nginx_url, sender, t, f"{sender}/{n}")
                for n, t in enumerate(texts)
            ]

    async def conversations() -> list[list]:
        return await asyncio.gather(*(through_nginx(f"nginx-{n}", flow) for n, flow in enumerate(FLOWS)))

    all_sent = asyncio.run(conversations())

    for number, sent in enumerate(all_sent):
        assert problems(stored_events(topology.api_url, topology.api_token, f"nginx-{number}"), sent) == []
    assert upstreams_used(topology.nginx.access_log.read_text(), "POST") == {
        url.removeprefix("http://") for url in topology.rasa_urls
    }


def test_through_nginx_the_http_api_needs_the_bearer_header_and_a_query_token_reaches_nothing(topology):
    def status(url: str, headers: dict[str, str]) -> int:
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as reply:
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code

    tracker = "/conversations/nginx-0/tracker"
    bearer = {"Authorization": f"Bearer {topology.api_token}"}
    assert status(f"{topology.nginx_url}{tracker}?token={topology.api_token}", {}) == 404
    assert status(f"{topology.api_url}{tracker}?token={topology.api_token}", {}) == 401
    assert status(f"{topology.api_url}{tracker}", {"Authorization": "Bearer not-the-token"}) == 401  # Rasa's
    assert status(f"{topology.api_url}{tracker}", bearer) == 200


def test_the_same_person_writing_from_two_tabs_at_once_is_served_one_message_at_a_time(topology):
    """Two tabs of one conversation post at the same moment, each to another Rasa server."""
    sender = "two-tabs"
    tab_texts = ["i feel so hurt and angry", "how can i ever trust him again"]

    async def rounds() -> list:
        sent = []
        async with client_session() as first_tab, client_session() as second_tab:
            for number in range(TWO_TAB_ROUNDS):
                sent += await asyncio.gather(
                    send(first_tab, topology.rasa_urls[0], sender, tab_texts[0], f"round-{number}/tab-1"),
                    send(second_tab, topology.rasa_urls[1], sender, tab_texts[1], f"round-{number}/tab-2"),
                )
        return sent

    sent = asyncio.run(rounds())

    events = stored_events(topology.rasa_urls[0], topology.api_token, sender)
    stored_order = [e["metadata"][TAG] for e in events if e["event"] == "user"]
    assert sorted(stored_order) == sorted(message.tag for message in sent)
    # Which tab won each round is up to the lock; the checks follow the stored order.
    by_tag = {message.tag: message for message in sent}
    assert problems(events, [by_tag[tag] for tag in stored_order]) == []


def test_socketio_clients_stay_on_one_server_through_nginx_and_are_answered(topology):
    """Polling transport: every request of a socket must reach the server that opened it.
    Each client has its own loopback address (127.0.0.2, ...), as people have their own."""
    clients = [f"127.0.0.{number}" for number in range(2, 18)]

    async def chat(address: str) -> list[SentMessage]:
        replies: asyncio.Queue = asyncio.Queue()
        confirmed = asyncio.Event()
        http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(address, 0)))
        client = socketio.AsyncClient(reconnection=False, http_session=http)
        client.on("session_confirm", lambda *_: confirmed.set())
        client.on("bot_uttered", replies.put_nowait)
        try:
            await client.connect(topology.nginx_url, transports=["polling"], wait_timeout=30)
            session_id = f"socket-{address}"
            await client.emit("session_request", {"session_id": session_id})
            await asyncio.wait_for(confirmed.wait(), 30)
            sent = []
            for number, text in enumerate(FLOWS[0][:3]):
                tag = f"{session_id}/{number}"
                message = {"message": text, "session_id": session_id, "metadata": {TAG: tag}}
                await client.emit("user_uttered", message)
                sent.append(SentMessage(text, tag, await replies_to_one_message(replies), topology.nginx_url))
            return sent
        finally:
            # Without abort the client waits for its pending long-poll (up to 25 s) to return.
            await client.eio.disconnect(abort=True)
            await http.close()

    async def all_clients() -> list[list[SentMessage]]:
        return await asyncio.gather(*(chat(address) for address in clients))

    conversations = asyncio.run(all_clients())

    for address, sent in zip(clients, conversations, strict=True):
        events = stored_events(topology.rasa_urls[0], topology.api_token, f"socket-{address}")
        assert problems(events, sent) == []
    routes = socketio_routes(topology.nginx.socketio_log.read_text())
    assert set(routes) == set(clients)
    assert all(len(upstreams) == 1 for upstreams in routes.values()), routes
    assert len(set().union(*routes.values())) == 2, "both servers should have been given clients"


def test_socketio_clients_upgrading_to_websocket_through_nginx_stay_on_their_server(topology):
    """As browsers do: open the session by polling, then upgrade the same session to a websocket."""
    clients = [f"127.0.1.{number}" for number in range(1, 9)]

    async def open_polling_then_upgrade(address: str) -> list[str]:
        connector = aiohttp.TCPConnector(local_addr=(address, 0))
        async with aiohttp.ClientSession(connector=connector) as http:
            async with http.get(f"{topology.nginx_url}/socket.io/?EIO=4&transport=polling") as handshake:
                assert handshake.status == 200
                session = json.loads((await handshake.text())[1:])  # engine.io "0" (open) + JSON
        socket_url = topology.nginx_url.replace("http", "ws", 1)
        upgrade = f"{socket_url}/socket.io/?EIO=4&transport=websocket&sid={session['sid']}"
        async with websockets.connect(upgrade, local_addr=(address, 0)) as socket:
            await socket.send("2probe")
            assert await asyncio.wait_for(socket.recv(), 10) == "3probe"
            await socket.send("5")  # upgrade done: from now on everything goes over the websocket
            await socket.send("40")  # socket.io: connect to the default namespace
            assert (await next_packet(socket)).startswith("40")
            session_id = f"upgraded-{address}"
            await socket.send("42" + json.dumps(["session_request", {"session_id": session_id}]))
            assert json.loads((await next_packet(socket))[2:]) == ["session_confirm", session_id]
            await socket.send(
                "42" + json.dumps(["user_uttered", {"message": "hi", "session_id": session_id}])
            )
            event, reply = json.loads((await next_packet(socket))[2:])
            return [event, reply.get("text")]

    async def all_clients() -> list[list[str]]:
        return await asyncio.gather(*(open_polling_then_upgrade(address) for address in clients))

    answers = asyncio.run(all_clients())

    assert all(event == "bot_uttered" and text for event, text in answers)
    routes = socketio_routes(topology.nginx.socketio_log.read_text())
    assert all(len(routes[address]) == 1 for address in clients), routes


async def next_packet(socket: websockets.WebSocketClientProtocol, timeout: float = 30) -> str:
    """The next engine.io packet that carries something: noops skipped, pings answered."""
    while True:
        packet = await asyncio.wait_for(socket.recv(), timeout)
        if packet == "2":
            await socket.send("3")
        elif packet != "6":
            return packet


async def replies_to_one_message(replies: asyncio.Queue, quiet_seconds: float = 1.5) -> list[dict]:
    """The first reply (waited for), then whatever follows until the socket has been quiet a while."""
    received = [await asyncio.wait_for(replies.get(), 60)]
    while True:
        try:
            received.append(await asyncio.wait_for(replies.get(), quiet_seconds))
        except asyncio.TimeoutError:
            return received


def upstreams_used(access_log: str, method: str) -> set[str]:
    return set(re.findall(rf" {method} 200 \S+ upstream=(\S+)$", access_log, re.MULTILINE))


def socketio_routes(log: str) -> dict[str, set[str]]:
    """Client address -> the upstreams its socket.io requests went to."""
    routes: dict[str, set[str]] = {}
    for address, upstream in re.findall(r"^\S+ (\S+) \w+ \d+ \S+ upstream=(\S+)$", log, re.MULTILINE):
        routes.setdefault(address, set()).add(upstream)
    return routes
