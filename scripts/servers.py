"""Start the advisor's processes on free ports, for the end-to-end tests and the benchmark.

    servers = Servers(workdir); servers.start("actions", "rasa"); ...; servers.stop_all()

Each process runs from the project directory with the environment `make run` gives it, except that
ports are free ones and conversations go to a SQLite file in `workdir`. Two demo portals can run too:
one on the widget's allowlist, one, "foreign", not.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import requests

PROJECT_DIR = Path(__file__).resolve().parent.parent
MODEL = PROJECT_DIR / "models" / "cso-advisor.tar.gz"
BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 240


class ServerError(RuntimeError):
    """A server exited or did not come up; the message holds the end of its log."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Servers:
    """The processes behind the tests, each started from its command and stopped on request or at the end."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.actions_port, self.rasa_port, self.portal_port, self.foreign_portal_port = (free_port() for _ in range(4))
        self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        self.portal_url = f"http://127.0.0.1:{self.portal_port}"
        self.foreign_portal_url = f"http://127.0.0.1:{self.foreign_portal_port}"
        # The conversations of this test session, kept as `make run` keeps them: in SQLite through endpoints.yml.
        self.tracker_store = workdir / "conversations.db"
        self.environment = {
            **os.environ,
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "CSO_ALLOWED_ORIGINS": self.portal_url,
            "CSO_ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
            "CSO_TRACKER_STORE_URL": f"sqlite:///{self.tracker_store}",
        }
        portal = [sys.executable, "scripts/serve_portal.py", "--advisor-url", self.rasa_url, "--port"]
        self.commands = {
            "actions": ([sys.executable, "-m", "actions", "--port", str(self.actions_port)],
                        f"http://127.0.0.1:{self.actions_port}/health"),
            "rasa": ([str(BIN / "rasa"), "run", "--model", str(MODEL), "--endpoints", "endpoints.yml",
                      "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(self.rasa_port)],
                     f"{self.rasa_url}/"),
            "portal": ([*portal, str(self.portal_port)], self.portal_url),
            "foreign_portal": ([*portal, str(self.foreign_portal_port)], self.foreign_portal_url),
        }  # fmt: skip
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: list[IO[bytes]] = []

    def stored_events(self, sender: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """The events in the tracker store, oldest first, as (sender, type, data); with `sender`, only theirs."""
        where, parameters = (" WHERE sender_id = ?", (sender,)) if sender else ("", ())
        with sqlite3.connect(self.tracker_store) as connection:
            query = f"SELECT sender_id, type_name, data FROM events{where} ORDER BY id"
            rows = connection.execute(query, parameters).fetchall()
        return [(sender_id, kind, json.loads(data)) for sender_id, kind, data in rows]

    def stored_user_messages(self, sender: str) -> list[str]:
        """What this sender wrote, as stored, in order."""
        return [data["text"] for _, kind, data in self.stored_events(sender) if kind == "user"]

    def start(self, *names: str) -> None:
        """Start these servers and wait until each answers its health URL."""
        for name in names:
            log = (self.workdir / f"{name}.log").open("ab")
            self.logs.append(log)
            command, _ = self.commands[name]
            self.processes[name] = subprocess.Popen(
                command, cwd=PROJECT_DIR, env=self.environment, stdout=log, stderr=subprocess.STDOUT
            )
        for name in names:
            self._wait_until_up(name)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)
        for log in self.logs:
            log.close()

    def _wait_until_up(self, name: str) -> None:
        process, (_, url) = self.processes[name], self.commands[name]
        log = self.workdir / f"{name}.log"
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServerError(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if requests.get(url, timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        raise ServerError(f"{name} did not answer {url} in {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-3000:]}")
