"""The chat page server (`python -m bot.web`) without a browser: what the pages it serves carry."""

import asyncio
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.settings import Settings, load_settings
from bot.web.server import make_app

PRIVATE_WORDS = re.compile(r"kintsugi|affair|crisis|betray|cheat|trust", re.IGNORECASE)


def served(settings: Settings, path: str) -> str:
    """The HTML `bot.web` serves at `path` with `settings`."""

    async def get() -> str:
        async with TestClient(TestServer(make_app(settings))) as client:
            response = await client.get(path)
            assert response.status == 200
            return await response.text()

    return asyncio.run(get())


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
