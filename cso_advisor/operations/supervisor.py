"""Start the advisor's processes on free ports and wait until each is ready: the scale-out profile
(deploy/scale_out.py) is built on this, and so is the layout the end-to-end tests and benchmarks start
(tests/support/servers.py).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import requests
import sqlalchemy

PROJECT_DIR = Path(__file__).resolve().parents[2]
MODEL = PROJECT_DIR / "models" / "cso-advisor.tar.gz"
START_TIMEOUT_SECONDS = 240

ReadyCheck = Callable[[], bool]


class ServerError(RuntimeError):
    """A server exited or did not come up; the message holds the end of its log."""


def free_ports(count: int) -> list[int]:
    """`count` different free loopback ports (all probed at once, so none is handed out twice)."""
    probes = [socket.socket() for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()


def answers(url: str) -> ReadyCheck:
    """Ready once `url` answers a GET with a 2xx."""

    def check() -> bool:
        try:
            return requests.get(url, timeout=2).ok
        except requests.ConnectionError:
            return False

    return check


def accepts_connections(port: int) -> ReadyCheck:
    """Ready once something accepts TCP connections on the loopback port."""

    def check() -> bool:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return True
        except OSError:
            return False

    return check


def rasa_command(port: int, endpoints: str = "endpoints.yml", speedups: bool = True) -> list[str]:
    """The Rasa server; `speedups=False`: Rasa's own `rasa run`, for the tests that compare the two."""
    module = "cso_advisor.rasa_plugins.server" if speedups else "rasa"
    return [sys.executable, "-m", module, "run", "--model", str(MODEL),
            "--endpoints", endpoints, "--credentials", "credentials.yml", "--interface", "127.0.0.1",
            "--port", str(port)]  # fmt: skip


def actions_command(port: int) -> list[str]:
    return [sys.executable, "-m", "actions", "--port", str(port)]


def portal_command(port: int, advisor_url: str) -> list[str]:
    return [sys.executable, "portal/serve.py", "--advisor-url", advisor_url, "--port", str(port)]


@dataclass(frozen=True)
class Service:
    command: list[str]
    ready: ReadyCheck
    user: str | None  # run as this user (the supervisor must be root); None: as the supervisor
    stop_signal: signal.Signals


class Supervisor:
    """Named processes, each started from its command in the project directory, waited on until it is ready,
    and stopped on request or at the end. Each logs to `<workdir>/<name>.log`."""

    def __init__(self, workdir: Path, environment: dict[str, str]) -> None:
        self.workdir = workdir
        self.environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
                            **environment}  # fmt: skip
        self.services: dict[str, Service] = {}
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self.logs: list[IO[bytes]] = []

    def add(
        self,
        name: str,
        command: list[str],
        ready: ReadyCheck,
        user: str | None = None,
        stop_signal: signal.Signals = signal.SIGTERM,
    ) -> None:
        self.services[name] = Service(command, ready, user, stop_signal)

    def start(self, *names: str) -> None:
        """Start these services together and wait until each is ready."""
        for name in names:
            log = (self.workdir / f"{name}.log").open("ab")
            self.logs.append(log)
            service = self.services[name]
            self.processes[name] = subprocess.Popen(
                service.command,
                cwd=PROJECT_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                # As that user and their own group only, not with root's groups.
                user=service.user,
                group=service.user,
                extra_groups=[] if service.user else None,
            )
        for name in names:
            self._wait_until_ready(name)

    def stop(self, name: str) -> None:
        process = self.processes.pop(name)
        process.send_signal(self.services[name].stop_signal)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self, name: str) -> None:
        self.stop(name)
        self.start(name)

    def stop_all(self) -> None:
        for name in reversed(list(self.processes)):
            self.stop(name)
        for log in self.logs:
            log.close()

    def stored_events(self, sender: str | None = None) -> list[tuple[str, str, dict[str, Any]]]:
        """The events in the tracker store, oldest first, as (sender, type, data); with `sender`, only theirs."""
        where = " WHERE sender_id = :sender" if sender else ""
        query = sqlalchemy.text(f"SELECT sender_id, type_name, data FROM events{where} ORDER BY id")
        engine = sqlalchemy.create_engine(self.environment["CSO_TRACKER_STORE_URL"])
        try:
            with engine.connect() as connection:
                rows = connection.execute(query, {"sender": sender}).fetchall()
        finally:
            engine.dispose()
        return [(sender_id, kind, json.loads(data)) for sender_id, kind, data in rows]

    def stored_user_messages(self, sender: str) -> list[str]:
        """What this sender wrote, as stored, in order."""
        return [data["text"] for _, kind, data in self.stored_events(sender) if kind == "user"]

    def _wait_until_ready(self, name: str) -> None:
        process, ready = self.processes[name], self.services[name].ready
        log = self.workdir / f"{name}.log"
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServerError(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            if ready():
                return
            time.sleep(0.5)
        raise ServerError(f"{name} was not ready in {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-3000:]}")
