"""The action server and the Rasa server as separate processes a test can kill, stop and restart.

Started with bot/run.py's own commands and environment, so they are the servers `make run`
starts; only the ports, the stores and the log files are the test's.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from bot.channels.credentials_file import write_credentials_file
from bot.run import (
    action_server_command,
    rasa_server_command,
    server_environment,
    stop_servers,
    wait_until_up,
)
from bot.settings import PROJECT_ROOT, Settings


@dataclass
class Reply:
    status: int
    messages: list[dict]
    seconds: float

    @property
    def texts(self) -> list[str]:
        return [m.get("text") or "" for m in self.messages]

    @property
    def text(self) -> str:
        return "\n".join(self.texts)


@dataclass
class KintsugiProcesses:
    settings: Settings
    model: Path
    log_dir: Path
    actions: Optional[subprocess.Popen] = field(default=None, repr=False)
    rasa: Optional[subprocess.Popen] = field(default=None, repr=False)

    @property
    def rasa_url(self) -> str:
        return f"http://127.0.0.1:{self.settings.rasa_port}"

    def start_actions(self) -> None:
        self.actions = self._start(action_server_command(self.settings), "actions.log")
        wait_until_up(
            f"http://{self.settings.actions_host}:{self.settings.actions_port}/health", self.actions
        )

    def start_rasa(self) -> None:
        credentials = write_credentials_file(self.settings)
        self.rasa = self._start(rasa_server_command(self.settings, self.model, credentials), "rasa.log")
        wait_until_up(f"{self.rasa_url}/", self.rasa)

    def ensure_running(self) -> None:
        """Whatever an earlier test left stopped or dead is running again."""
        if self.actions is not None and self.actions.poll() is None:
            self.actions.send_signal(signal.SIGCONT)  # a no-op unless it was SIGSTOPped
        else:
            self.start_actions()
        if self.rasa is None or self.rasa.poll() is not None:
            self.start_rasa()

    def kill_actions(self) -> None:
        _kill(self.actions)

    def kill_rasa(self) -> None:
        _kill(self.rasa)

    def stop(self) -> None:
        for process in (self.actions, self.rasa):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGCONT)
        stop_servers([p for p in (self.actions, self.rasa) if p is not None])

    def say(self, sender: str, text: str, metadata: Optional[dict] = None, timeout: float = 60) -> Reply:
        """One message over the REST channel, as a person's client sends it."""
        body = {"sender": sender, "message": text, **({"metadata": metadata} if metadata else {})}
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return Reply(response.status, json.loads(response.read()), time.monotonic() - started)
        except urllib.error.HTTPError as error:
            return Reply(error.code, [], time.monotonic() - started)

    def tracker(self, sender: str) -> dict:
        """The stored conversation, through the token-protected HTTP API."""
        url = f"{self.rasa_url}/conversations/{sender}/tracker?token={self.settings.api_token}"
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.loads(response.read())

    def log(self, name: str) -> str:
        """A server's output (actions.log, rasa.log), for failure messages."""
        path = self.log_dir / name
        return path.read_text(errors="replace") if path.exists() else ""

    def _start(self, command: list[str], log_name: str) -> subprocess.Popen:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with open(self.log_dir / log_name, "a") as log:
            return subprocess.Popen(
                command, cwd=PROJECT_ROOT, env=server_environment(self.settings), stdout=log, stderr=log
            )


def _kill(process: Optional[subprocess.Popen]) -> None:
    """SIGKILL: no clean-up, no goodbye, as a crash or the OOM killer would do it."""
    if process is not None and process.poll() is None:
        process.kill()
        process.wait(timeout=30)


def command_lines() -> dict[int, str]:
    """Every process's command line on this machine, as any local user can read it."""
    lines = {}
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            lines[int(cmdline.parent.name)] = (
                cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
            )
        except OSError:
            continue  # the process ended meanwhile
    return lines
