"""`python -m bot.run` as a person would use it: real servers on loopback, REST and the HTTP API."""

import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from bot.settings import PROJECT_ROOT
from tests.conftest import free_port

TOKEN = "test-token-for-the-http-api"


def post_json(url: str, body: dict) -> list:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def running_kintsugi(trained_model, tmp_path_factory):
    rasa_port, actions_port = free_port(), free_port()
    env = {
        **os.environ,
        "KINTSUGI_RASA_PORT": str(rasa_port),
        "KINTSUGI_ACTIONS_PORT": str(actions_port),
        "KINTSUGI_API_TOKEN": TOKEN,
        "KINTSUGI_VAR_DIR": str(tmp_path_factory.mktemp("server-var")),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.run"], cwd=PROJECT_ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    for line in process.stdout:  # bot.run prints this line once both servers answer
        if "Kintsugi is answering" in line:
            break
    else:
        pytest.fail(f"bot.run exited with {process.wait()} before answering")
    yield f"http://127.0.0.1:{rasa_port}", env
    process.send_signal(signal.SIGINT)
    process.wait(timeout=30)


def test_rest_channel_answers_and_the_tracker_is_stored(running_kintsugi):
    base, env = running_kintsugi
    replies = post_json(f"{base}/webhooks/rest/webhook", {"sender": "rest-person", "message": "hi"})
    assert replies
    assert "not a therapist" in replies[0]["text"] or "not therapy" in replies[0]["text"]
    tracker_db = os.path.join(env["KINTSUGI_VAR_DIR"], "tracker.db")
    assert os.path.getsize(tracker_db) > 0


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
