"""Starts a private PostgreSQL cluster on loopback from Debian's `postgresql` package.

Used by the tests (and demos): nothing to configure, nothing left behind. As root the
server runs as the `postgres` system user, because PostgreSQL refuses to run as root.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bot.services.ports import free_port


class ServiceUnavailable(RuntimeError):
    """The service's programs are missing; the message says what to install."""


def _bin_dir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        raise ServiceUnavailable("PostgreSQL is not installed: apt-get install postgresql")
    return Path(found[-1]).parent


def _as_service_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@dataclass
class PostgresServer:
    url: str
    data_dir: Path
    bin_dir: Path
    port: int

    def stop(self) -> None:
        self.pause()
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)

    def pause(self) -> None:
        """Shuts the server down (clients are disconnected), keeping its data for `resume`."""
        subprocess.run(
            _as_service_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "stop"]),
            capture_output=True,
        )

    def resume(self) -> None:
        """Starts a paused server again, on the same port; returns once it accepts connections."""
        if not self.running:
            _pg_ctl_start(self.bin_dir, self.data_dir, self.port)
        _wait_until_accepting(self.port)

    @property
    def running(self) -> bool:
        status = [str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "status"]
        return subprocess.run(_as_service_user(status), capture_output=True).returncode == 0


def start_postgres(database: str = "kintsugi") -> PostgresServer:
    """initdb + start on a free loopback port; returns a SQLAlchemy URL for `database`."""
    bin_dir = _bin_dir()
    root = Path(tempfile.mkdtemp(prefix="kintsugi-pg-"))
    data_dir = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    port = free_port()
    subprocess.run(
        _as_service_user(
            [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", "kintsugi", "--auth=trust", "-E", "UTF8"]
        ),
        check=True,
        capture_output=True,
    )
    _pg_ctl_start(bin_dir, data_dir, port)
    subprocess.run(
        _as_service_user(
            [str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "kintsugi", database]
        ),
        check=True,
        capture_output=True,
    )
    server = PostgresServer(f"postgresql://kintsugi@127.0.0.1:{port}/{database}", data_dir, bin_dir, port)
    _wait_until_accepting(port)
    return server


def _pg_ctl_start(bin_dir: Path, data_dir: Path, port: int) -> None:
    root = data_dir.parent
    options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={root} -c fsync=off"
    subprocess.run(
        _as_service_user(
            [
                str(bin_dir / "pg_ctl"),
                "-D",
                str(data_dir),
                "-o",
                options,
                "-l",
                str(root / "log"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )


def _wait_until_accepting(port: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"PostgreSQL did not accept connections on port {port}")
