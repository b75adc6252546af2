"""The chat page server (`python -m bot.web`) without a browser: what the pages it serves carry."""

import asyncio
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings, load_settings
from bot.web.server import make_app

PRIVATE_WORDS = re.compile(r"kintsugi|affair|crisis|betray|cheat|trust", re.IGNORECASE)


def served_with_headers(
    settings: Settings, path: str, headers: dict[str, str] | None = None
) -> tuple[str, dict]:
    """The HTML `bot.web` serves at `path` with `settings`, and the response's headers."""

    async def get() -> tuple[str, dict]:
        async with TestClient(TestServer(make_app(settings))) as client:
            response = await client.get(path, headers=headers or {})
            assert response.status == 200
            return await response.text(), dict(response.headers)

    return asyncio.run(get())


def served(settings: Settings, path: str) -> str:
    """The HTML `bot.web` serves at `path` with `settings`."""
    return served_with_headers(settings, path)[0]


def socket_url(page: str) -> str:
    return re.search(r'data-socket-url="([^"]*)"', page).group(1)


def tab_title(page: str) -> str:
    return re.search(r"<title>(.*?)</title>", page, re.DOTALL).group(1)


@pytest.mark.parametrize("path", ["/", "/crisis"], ids=["chat", "crisis"])
def test_each_page_carries_the_configured_quick_exit_url_and_title(path):
    settings = Settings(quick_exit_url="https://example.org/news?a=1&b=2", page_title="Shopping & lists")
    page = served(settings, path)
    assert 'id="quick-exit"' in page
    assert 'href="https://example.org/news?a=1&amp;b=2"' in page
    assert tab_title(page) == "Shopping &amp; lists"


@pytest.mark.parametrize("path", ["/", "/crisis"], ids=["chat", "crisis"])
def test_by_default_the_tab_title_names_nothing_private(path, monkeypatch):
    monkeypatch.delenv("KINTSUGI_PAGE_TITLE", raising=False)
    title = tab_title(served(load_settings(), path))
    assert title == "Notes"
    assert not PRIVATE_WORDS.search(title)


def test_the_quick_exit_url_and_title_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("KINTSUGI_QUICK_EXIT_URL", "https://example.org/recipes")
    monkeypatch.setenv("KINTSUGI_PAGE_TITLE", "Recipes")
    settings = load_settings()
    assert (settings.quick_exit_url, settings.page_title) == ("https://example.org/recipes", "Recipes")


def test_the_quick_exit_goes_to_a_weather_site_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("KINTSUGI_QUICK_EXIT_URL", raising=False)
    assert load_settings().quick_exit_url == "https://www.bbc.co.uk/weather"


def test_a_quick_exit_url_that_is_not_a_web_address_is_refused(monkeypatch):
    monkeypatch.setenv("KINTSUGI_QUICK_EXIT_URL", "javascript:alert(1)")
    with pytest.raises(SystemExit, match="KINTSUGI_QUICK_EXIT_URL"):
        load_settings()


FORGED_HOST = "attacker.example:5005"


def test_a_forged_host_header_changes_neither_the_socket_url_nor_the_policy_by_default():
    settings = Settings(rasa_port=5123)
    honest_page, honest_headers = served_with_headers(settings, "/", {"Host": "localhost:8080"})
    forged_page, forged_headers = served_with_headers(settings, "/", {"Host": FORGED_HOST})
    assert socket_url(forged_page) == socket_url(honest_page) == "http://localhost:5123"
    policy = forged_headers["Content-Security-Policy"]
    assert policy == honest_headers["Content-Security-Policy"]
    assert "attacker.example" not in policy
    assert "connect-src 'self' http://localhost:5123 ws://localhost:5123;" in policy


def test_behind_a_proxy_the_socket_url_and_policy_are_the_configured_public_url():
    settings = Settings(public_rasa_url="https://kintsugi-api.practice.example")
    page, headers = served_with_headers(settings, "/", {"Host": FORGED_HOST})
    assert socket_url(page) == "https://kintsugi-api.practice.example"
    policy = headers["Content-Security-Policy"]
    assert "attacker.example" not in policy
    assert "https://kintsugi-api.practice.example wss://kintsugi-api.practice.example" in policy


def test_the_public_rasa_url_is_read_from_the_environment_and_must_be_a_web_address(monkeypatch):
    monkeypatch.setenv("KINTSUGI_PUBLIC_RASA_URL", "https://kintsugi-api.practice.example/")
    assert load_settings().browser_rasa_url == "https://kintsugi-api.practice.example"
    monkeypatch.setenv("KINTSUGI_PUBLIC_RASA_URL", "kintsugi-api.practice.example")
    with pytest.raises(SystemExit, match="KINTSUGI_PUBLIC_RASA_URL must be an http"):
        load_settings()
