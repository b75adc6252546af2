"""Shared fixtures: one trained model per run, a real action server, an in-process agent."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.run import action_server_command, server_environment, stop_servers, wait_until_up
from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT, Settings, load_settings
from bot.setup.spacy_pipeline import build_pipeline
from bot.setup.training import train_if_needed

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    os.environ["KINTSUGI_VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    os.environ["KINTSUGI_ACTIONS_PORT"] = str(free_port())
    os.environ["KINTSUGI_RASA_PORT"] = str(free_port())
    return load_settings()


@pytest.fixture(scope="session")
def trained_model(settings: Settings) -> Path:
    """The model for the current data: `make test` trains it, so this is usually instant."""
    build_pipeline(settings.spacy_model_dir)
    return train_if_needed(settings.models_dir)


@pytest.fixture(scope="session")
def action_server(settings: Settings) -> str:
    from bot.storage.migrate import upgrade

    upgrade(settings.db_url)  # as bot.run does before starting the servers
    process = subprocess.Popen(
        action_server_command(settings),
        cwd=PROJECT_ROOT,
        env=server_environment(settings),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_up(f"http://{settings.actions_host}:{settings.actions_port}/health", process)
    yield settings.actions_url
    stop_servers([process])


@pytest.fixture(scope="session")
def event_loop_for_agent() -> asyncio.AbstractEventLoop:
    loop = asyncio.new_event_loop()
    yield loop
    loop.close()


@pytest.fixture(scope="session")
def agent(trained_model: Path, action_server: str, event_loop_for_agent: asyncio.AbstractEventLoop) -> Any:
    from rasa.core.agent import Agent
    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa_components import varied_responses

    async def load() -> Agent:
        return Agent.load(
            str(trained_model),
            action_endpoint=EndpointConfig(action_server),
            generator=varied_responses.endpoint(),
        )

    return event_loop_for_agent.run_until_complete(load())


@dataclass
class Conversation:
    """One person talking to the in-process agent; every call is a real turn."""

    agent: Any
    loop: asyncio.AbstractEventLoop
    sender_id: str = field(default_factory=lambda: f"test-{uuid.uuid4().hex[:12]}")
    metadata: dict | None = None

    def say(self, text: str) -> list[dict]:
        """Sends a message; returns the bot's messages for this turn."""
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

        output = CollectingOutputChannel()
        message = UserMessage(text, output, self.sender_id, metadata=self.metadata)
        self.loop.run_until_complete(self.agent.handle_message(message))
        return output.messages

    def texts(self, text: str) -> str:
        return "\n".join(m.get("text") or "" for m in self.say(text))

    @property
    def tracker(self) -> Any:
        return self.loop.run_until_complete(self.agent.tracker_store.retrieve(self.sender_id))

    def slot(self, name: str) -> Any:
        return self.tracker.get_slot(name)

    def slot_history(self, name: str) -> list[Any]:
        return [
            e.value for e in self.tracker.events if getattr(e, "key", None) == name and e.type_name == "slot"
        ]

    def actions_after_last_user_message(self) -> list[str]:
        events = list(self.tracker.events)
        last_user = max(i for i, e in enumerate(events) if e.type_name == "user")
        return [e.action_name for e in events[last_user:] if e.type_name == "action"]

    def last_intent(self) -> str:
        return self.tracker.latest_message.intent["name"]


@pytest.fixture
def conversation(agent: Any, event_loop_for_agent: asyncio.AbstractEventLoop) -> Conversation:
    return Conversation(agent, event_loop_for_agent)


@pytest.fixture
def new_conversation(agent: Any, event_loop_for_agent: asyncio.AbstractEventLoop):
    """A factory, for tests that need several people."""
    return lambda **kwargs: Conversation(agent, event_loop_for_agent, **kwargs)


@pytest.fixture(scope="session")
def postgresql_url():
    """A private PostgreSQL server from the system's packages, migrated, for the whole run."""
    from bot.services.postgres import start_postgres
    from bot.storage.migrate import upgrade

    server = start_postgres()
    upgrade(server.url)
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    from bot.storage.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'kintsugi.db'}"
    upgrade(url)
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each storage test runs on SQLite and on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


SERVER_TOKEN = "test-token-for-the-http-api"


def kintsugi_environment(var_dir: Path) -> dict:
    """Environment for `python -m bot.run` with its own ports and stores under `var_dir`."""
    return {
        **os.environ,
        "KINTSUGI_RASA_PORT": str(free_port()),
        "KINTSUGI_ACTIONS_PORT": str(free_port()),
        "KINTSUGI_WEB_PORT": str(free_port()),
        "KINTSUGI_API_TOKEN": SERVER_TOKEN,
        "KINTSUGI_VAR_DIR": str(var_dir),
        "KINTSUGI_DB_URL": f"sqlite:///{var_dir / 'kintsugi.db'}",
        "KINTSUGI_TRACKER_DB_URL": f"sqlite:///{var_dir / 'tracker.db'}",
        "TEST_SERVER_LOG": str(var_dir / "server.log"),
    }


@contextlib.contextmanager
def kintsugi_running(env: dict):
    """Starts `python -m bot.run`, waits until it answers, stops it with Ctrl-C afterwards."""
    log_path = Path(env["TEST_SERVER_LOG"])
    with open(log_path, "a") as log:
        start = log_path.stat().st_size
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.run"], cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log
        )
        deadline = time.monotonic() + 240
        while "Kintsugi is answering" not in log_path.read_text()[start:]:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail("bot.run did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.5)
        try:
            yield f"http://127.0.0.1:{env['KINTSUGI_RASA_PORT']}"
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=30)


@pytest.fixture(scope="session")
def running_kintsugi(trained_model, tmp_path_factory):
    """One `python -m bot.run` shared by the server tests; its output goes to a log file."""
    env = kintsugi_environment(tmp_path_factory.mktemp("server-var"))
    with kintsugi_running(env) as base:
        yield base, env


ARTIFACTS_DIR = PROJECT_ROOT / "tests" / "artifacts"
BROWSER_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """Keeps each phase's report on the test item, so fixtures can tell whether the test failed."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from Debian's package (never a downloaded one), driven by Playwright.
    Module-scoped: Playwright's sync API keeps an event loop running, which asyncio.run() in
    later test modules would trip over."""
    import shutil

    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "chromium is not installed: run `bash bot/setup/test_services.sh` (apt-get install chromium)"
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def page_in_context(browser, request: pytest.FixtureRequest, **context_options):
    """A fresh browser context (no stored conversation); a screenshot is kept when the test fails."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            ARTIFACTS_DIR.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS_DIR / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    """A desktop-sized page with an en-US browser."""
    with page_in_context(browser, request, locale="en-US", viewport={"width": 1100, "height": 800}) as page:
        yield page


@pytest.fixture
def phone_page(browser, request: pytest.FixtureRequest):
    """A phone-sized touch screen."""
    options = dict(locale="en-US", viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    with page_in_context(browser, request, **options) as page:
        yield page
