"""`python -m bot.run` as a person would use it: real servers on loopback, REST and the HTTP API."""

import contextlib
import json
import sqlite3
import urllib.error
import urllib.request

import pytest

from tests.conftest import SERVER_TOKEN as TOKEN
from tests.kintsugi_processes import command_lines


def post_json(url: str, body: dict) -> list:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_rest_channel_answers_and_the_tracker_is_stored(running_kintsugi):
    base, env = running_kintsugi
    replies = post_json(f"{base}/webhooks/rest/webhook", {"sender": "rest-person", "message": "hi"})
    assert replies
    assert "not a therapist" in replies[0]["text"] or "not therapy" in replies[0]["text"]
    tracker_db = env["KINTSUGI_TRACKER_DB_URL"].removeprefix("sqlite:///")
    assert stored_user_messages(tracker_db, "rest-person") == ["hi"]  # rows, not just a schema


def stored_user_messages(tracker_db: str, sender: str) -> list[str]:
    """What the person said, as Rasa's SQL tracker store keeps it (one JSON event per row)."""
    with contextlib.closing(sqlite3.connect(tracker_db)) as db:
        rows = db.execute(
            "select data from events where sender_id = ? and type_name = 'user' order by id", (sender,)
        ).fetchall()
    return [json.loads(data)["text"] for (data,) in rows]


def test_http_api_refuses_requests_without_the_token(running_kintsugi):
    base, _ = running_kintsugi
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{base}/conversations/rest-person/tracker", timeout=10)
    assert refused.value.code == 401


def test_http_api_gives_the_tracker_with_the_token(running_kintsugi):
    base, _ = running_kintsugi
    post_json(f"{base}/webhooks/rest/webhook", {"sender": "api-person", "message": "he cheated on me"})
    url = f"{base}/conversations/api-person/tracker?token={TOKEN}"
    with urllib.request.urlopen(url, timeout=10) as response:
        tracker = json.loads(response.read())
    assert tracker["slots"]["role"] == "hurt_partner"


def test_server_logs_never_contain_message_text(running_kintsugi):
    base, env = running_kintsugi
    secret_words = "my husband slept with my sister in our bed"
    post_json(f"{base}/webhooks/rest/webhook", {"sender": "log-person", "message": secret_words})
    assert secret_words not in open(env["TEST_SERVER_LOG"]).read()


def test_the_action_server_listens_on_localhost_only(running_kintsugi):
    _, env = running_kintsugi
    port = int(env["KINTSUGI_ACTIONS_PORT"])
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1


def test_cors_allows_only_the_configured_origins(running_kintsugi):
    base, env = running_kintsugi
    page_origin = f"http://localhost:{env['KINTSUGI_WEB_PORT']}"  # the default: Kintsugi's own page
    allowed = urllib.request.Request(f"{base}/", headers={"Origin": page_origin})
    with urllib.request.urlopen(allowed, timeout=10) as reply:
        assert reply.headers.get("Access-Control-Allow-Origin") == page_origin
    other = urllib.request.Request(f"{base}/", headers={"Origin": "https://evil.example"})
    with urllib.request.urlopen(other, timeout=10) as reply:
        assert reply.headers.get("Access-Control-Allow-Origin") in (None, "")


def test_no_process_command_line_holds_the_api_token(running_kintsugi):
    base, _ = running_kintsugi
    servers = [
        pid for pid, line in command_lines().items() if "bot.rasa_server" in line or "rasa_sdk" in line
    ]
    assert servers, "the servers were not found among the processes"
    with urllib.request.urlopen(f"{base}/conversations/nobody/tracker?token={TOKEN}", timeout=10):
        pass  # the token the command lines lack is the one the API takes
    holding = {pid: line for pid, line in command_lines().items() if TOKEN in line}
    assert holding == {}
