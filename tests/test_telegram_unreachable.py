"""An unreachable Telegram never stops Kintsugi: it starts, serves REST, and sets the webhook once it can."""

import json
import urllib.request

import pytest

from bot.services.ports import free_port
from tests.conftest import kintsugi_environment, kintsugi_running
from tests.fake_telegram import FakeBotApi

TOKEN = "7000000001:kintsugi-test-token"
SECRET = "the-deployments-webhook-secret"


@pytest.fixture(scope="module")
def api_port():
    """A loopback port where no Bot API answers while Kintsugi starts."""
    return free_port()


@pytest.fixture(scope="module")
def kintsugi(trained_model, api_port, tmp_path_factory):
    env = kintsugi_environment(tmp_path_factory.mktemp("telegram-unreachable-var"))
    env.update(
        KINTSUGI_TELEGRAM_TOKEN=TOKEN,
        KINTSUGI_TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{env['KINTSUGI_RASA_PORT']}/webhooks/telegram/webhook",
        KINTSUGI_TELEGRAM_API_URL=f"http://127.0.0.1:{api_port}",
        KINTSUGI_TELEGRAM_SECRET=SECRET,
    )
    with kintsugi_running(env) as base:
        yield base, env


def test_kintsugi_starts_and_answers_rest_while_telegram_is_unreachable(kintsugi):
    base, env = kintsugi
    request = urllib.request.Request(
        f"{base}/webhooks/rest/webhook",
        data=json.dumps({"sender": "rest-while-telegram-is-down", "message": "hi"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        assert json.loads(reply.read())
    assert "Telegram webhook not set yet" in open(env["TEST_SERVER_LOG"]).read()


def test_the_webhook_is_set_once_telegram_answers(kintsugi, api_port):
    base, env = kintsugi
    fake = FakeBotApi(TOKEN, port=api_port)
    try:
        (call,) = fake.wait_for("setWebhook", timeout=70)  # retried after 5, 10, 20 s ...
    finally:
        fake.stop()
    assert call.params["secret_token"] == SECRET
