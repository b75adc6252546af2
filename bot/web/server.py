"""Serves the chat page, the widget bundle installed from npm, and the crisis resources page."""

from __future__ import annotations

import html
from pathlib import Path

from aiohttp import web

from bot.safety.resources import CrisisResources, load_resources
from bot.settings import Settings, load_settings

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
WIDGET_BUNDLE = WEB_DIR / "node_modules" / "rasa-webchat" / "lib" / "index.js"
NOTICE = (
    "Kintsugi is an automated companion for couples rebuilding trust after a betrayal. "
    "It is not therapy and not an emergency service."
)


def security_headers(rasa_url: str) -> dict[str, str]:
    """No third-party requests (the widget's web font included): a conversation here is private."""
    socket_url = rasa_url.replace("http", "ws", 1)
    policy = (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        f"connect-src 'self' {rasa_url} {socket_url}; frame-ancestors 'self'"
    )
    return {
        "Content-Security-Policy": policy,
        "Referrer-Policy": "no-referrer",
        "X-Content-Type-Options": "nosniff",
        # Not kept on disk or in the back/forward cache, where Back could show it after a quick exit.
        "Cache-Control": "no-store",
    }


def render_page(name: str, settings: Settings, **values: str) -> str:
    """Fills a page template; every page gets the notice, the neutral tab title and the quick exit."""
    template = (STATIC_DIR / name).read_text(encoding="utf-8")
    return template.format(
        notice=html.escape(NOTICE),
        page_title=html.escape(settings.page_title),
        quick_exit_url=html.escape(settings.quick_exit_url, quote=True),
        **values,
    )


def resources_section(locale: str, resources: CrisisResources) -> str:
    title = "Anywhere" if locale == "default" else locale
    rows = [
        ("In immediate danger", resources.emergency),
        ("Thinking about suicide or self-harm", resources.crisis_line),
        ("Abuse or violence at home", resources.abuse_line),
        ("A child at risk", resources.child_line),
    ]
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    return f'<section aria-labelledby="loc-{locale}"><h2 id="loc-{locale}">{html.escape(title)}</h2><dl>{items}</dl></section>'


def make_app(settings: Settings) -> web.Application:
    resources = load_resources()
    if not WIDGET_BUNDLE.exists():
        raise SystemExit(f"the web widget is not installed ({WIDGET_BUNDLE}): run `make setup`")

    # From configuration only: a request's Host header is the client's to forge, and must not
    # choose where the page sends a conversation or what its Content-Security-Policy allows.
    rasa_url = settings.browser_rasa_url
    chat_headers = security_headers(rasa_url)

    async def chat_page(request: web.Request) -> web.Response:
        body = render_page("index.html", settings, socket_url=html.escape(rasa_url, quote=True))
        return web.Response(text=body, content_type="text/html", headers=chat_headers)

    async def crisis_page(request: web.Request) -> web.Response:
        sections = resources_section("default", resources["default"]) + "".join(
            resources_section(locale, entry) for locale, entry in resources.items() if locale != "default"
        )
        body = render_page("crisis.html", settings, sections=sections)
        return web.Response(text=body, content_type="text/html", headers=security_headers("http://localhost"))

    async def widget(request: web.Request) -> web.FileResponse:
        return web.FileResponse(WIDGET_BUNDLE, headers={"Content-Type": "application/javascript"})

    app = web.Application()
    app.router.add_get("/", chat_page)
    app.router.add_get("/crisis", crisis_page)
    app.router.add_get("/widget.js", widget)
    app.router.add_static("/static/", STATIC_DIR)
    return app


def main() -> None:
    settings = load_settings()
    web.run_app(
        make_app(settings), host=settings.web_host, port=settings.web_port, print=None, access_log=None
    )
