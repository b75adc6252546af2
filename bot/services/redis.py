"""Starts a private Redis server on loopback from Debian's `redis-server` package.

Used as Rasa's lock store by the scale-out topology (tests, demo, benchmark). Nothing is
persisted and nothing is left behind: the server keeps its data in memory and its log in
a temporary directory that `stop()` removes.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.run import stop_servers
from bot.services.ports import free_port
from bot.services.postgres import ServiceUnavailable

START_TIMEOUT_SECONDS = 30


@dataclass
class RedisServer:
    host: str
    port: int
    directory: Path
    process: subprocess.Popen

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}"

    def stop(self) -> None:
        stop_servers([self.process])
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def start_redis() -> RedisServer:
    """Starts redis-server on 127.0.0.1:<free port> without persistence; use it with `with`."""
    program = shutil.which("redis-server")
    if program is None:
        raise ServiceUnavailable("Redis is not installed: apt-get install redis-server")
    directory = Path(tempfile.mkdtemp(prefix="kintsugi-redis-"))
    port = free_port()
    command = [
        program,
        "--bind", "127.0.0.1",
        "--port", str(port),
        "--dir", str(directory),
        "--logfile", str(directory / "redis.log"),
        "--save", "",  # no snapshots: locks are worth nothing after a restart
        "--appendonly", "no",
        "--daemonize", "no",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = RedisServer("127.0.0.1", port, directory, process)
    try:
        _wait_until_answering(server)
    except BaseException:
        server.stop()
        raise
    return server


def _wait_until_answering(server: RedisServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            log = server.directory / "redis.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"redis-server stopped while starting:\n{tail}")
        try:
            with socket.create_connection((server.host, server.port), timeout=1) as connection:
                connection.sendall(b"PING\r\n")
                if connection.recv(16).startswith(b"+PONG"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"Redis did not answer on port {server.port} within {START_TIMEOUT_SECONDS} s")
