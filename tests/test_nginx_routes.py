"""nginx in front of the Rasa servers makes only the channels public: real nginx, a recording upstream.

Both configurations are sent the same requests: the one bot/services/nginx.py generates (the
scale-out tests and `make scale-demo` run it) and docker-compose.yml's bot/deploy/nginx.conf.
The upstream records what reaches it, so a refused request is seen never to reach Rasa.
"""

from __future__ import annotations

import contextlib
import http.server
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bot.run import stop_servers
from bot.services.nginx import nginx_program, start_nginx
from bot.services.ports import free_port
from bot.settings import PROJECT_ROOT

TOKEN = "the-api-token_0123"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, list[str]]
    authorization: str | None


class RecordingUpstream(http.server.ThreadingHTTPServer):
    """Stands in for the Rasa servers: answers 200 to everything and remembers each request."""

    def __init__(self) -> None:
        self.seen: list[Seen] = []
        upstream = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _record(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                url = urllib.parse.urlsplit(self.path)
                query = urllib.parse.parse_qs(url.query)
                upstream.seen.append(Seen(self.command, url.path, query, self.headers.get("Authorization")))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_POST = do_PUT = do_DELETE = _record

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server_address[1]}"


@pytest.fixture(scope="module")
def upstream() -> Iterator[RecordingUpstream]:
    server = RecordingUpstream()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@contextlib.contextmanager
def generated_nginx(upstream: RecordingUpstream, tmp_path) -> Iterator[str]:
    with start_nginx([upstream.address]) as nginx:
        yield nginx.url


@contextlib.contextmanager
def compose_nginx(upstream: RecordingUpstream, tmp_path) -> Iterator[str]:
    """bot/deploy/nginx.conf with the compose service names and port pointed at loopback."""
    port = free_port()
    config = (PROJECT_ROOT / "bot" / "deploy" / "nginx.conf").read_text()
    config = config.replace("rasa1:5005", upstream.address).replace("rasa2:5005", upstream.address)
    config = config.replace("/dev/stdout", str(tmp_path / "access.log"))
    config = config.replace("listen 80;", f"listen 127.0.0.1:{port};")
    (tmp_path / "nginx.conf").write_text(config)
    global_settings = f"pid {tmp_path / 'nginx.pid'}; error_log {tmp_path / 'error.log'}; daemon off;"
    command = [
        nginx_program(),
        "-p",
        str(tmp_path),
        "-c",
        str(tmp_path / "nginx.conf"),
        "-g",
        global_settings,
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url, process, tmp_path)
        yield url
    finally:
        stop_servers([process])


def _wait_for(url: str, process: subprocess.Popen, tmp_path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            pytest.fail(f"nginx stopped: {(tmp_path / 'error.log').read_text()}")
        try:
            urllib.request.urlopen(url + "/", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            threading.Event().wait(0.1)
    pytest.fail(f"nginx did not answer on {url}")


@pytest.fixture(params=["generated", "compose"])
def nginx_url(request, upstream, tmp_path) -> Iterator[str]:
    start = generated_nginx if request.param == "generated" else compose_nginx
    with start(upstream, tmp_path) as url:
        yield url


def call(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> int:
    """The status nginx answers with."""
    data = b"{}" if method == "POST" else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def reached(upstream: RecordingUpstream, path: str) -> list[Seen]:
    return [seen for seen in upstream.seen if seen.path == path]


@pytest.mark.parametrize(
    "method,path",
    [
        ("POST", "/webhooks/rest/webhook"),
        ("POST", "/webhooks/telegram/webhook"),
        ("GET", "/socket.io/?EIO=4&transport=polling"),
    ],
)
def test_the_channels_are_public(nginx_url, upstream, method, path):
    assert call(nginx_url + path, method) == 200
    assert reached(upstream, urllib.parse.urlsplit(path).path)


@pytest.mark.parametrize(
    "method,path",
    [
        ("GET", "/conversations/person-1/tracker"),
        ("POST", "/conversations/person-1/tracker/events"),
        ("PUT", "/conversations/person-1/tracker/events"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
        ("GET", "/status"),
        ("GET", "/version"),
        ("GET", "/"),
    ],
)
def test_the_http_api_is_not_public_even_with_a_query_string_token(nginx_url, upstream, method, path):
    upstream.seen.clear()
    assert call(f"{nginx_url}{path}?token={TOKEN}", method) == 404
    assert upstream.seen == []


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer "},
        {"Authorization": "Bearer a&b=c"},
    ],
    ids=["none", "basic", "empty", "not-url-safe"],
)
def test_the_api_location_refuses_requests_without_a_bearer_token(nginx_url, upstream, headers):
    upstream.seen.clear()
    assert call(f"{nginx_url}/api/conversations/person-1/tracker?token={TOKEN}", headers=headers) == 401
    assert upstream.seen == []


def test_the_api_location_hands_rasa_the_bearer_token_first_and_drops_the_header(nginx_url, upstream):
    upstream.seen.clear()
    url = f"{nginx_url}/api/conversations/person-1/tracker?include_events=ALL&token=from-the-query"
    assert call(url, headers={"Authorization": f"Bearer {TOKEN}"}) == 200
    (seen,) = reached(upstream, "/conversations/person-1/tracker")
    assert seen.query["token"][0] == TOKEN  # Rasa reads the first `token` argument
    assert seen.query["include_events"] == ["ALL"]
    assert seen.authorization is None
