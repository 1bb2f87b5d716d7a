"""Start the real servers on free ports for the end-to-end tests: actions, Rasa, and two demo portals.

One portal's origin is on the widget's allowlist; the other, "foreign" one is not.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import requests
from playwright.sync_api import Browser, Dialog, Page, Playwright, sync_playwright

from tests.conftest import PROJECT_DIR

MODEL = PROJECT_DIR / "models" / "cso-advisor.tar.gz"
BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 240
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = PROJECT_DIR / "results" / "screenshots"


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
                pytest.fail(f"{name} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
            try:
                if requests.get(url, timeout=2).ok:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.5)
        pytest.fail(f"{name} did not answer {url} in {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    running = Servers(tmp_path_factory.mktemp("servers"))
    try:
        running.start("actions", "rasa", "portal", "foreign_portal")
        yield running
    finally:
        running.stop_all()


@pytest.fixture(scope="session")
def rasa_url(servers: Servers) -> str:
    """URL of the Rasa server, backed by the real action server."""
    return servers.rasa_url


BotMessages = list[dict[str, Any]]
Chat = Callable[[str, str], BotMessages]


@pytest.fixture
def chat(rasa_url: str) -> Chat:
    """Send one message over the REST channel; return the bot's messages."""

    def send(sender: str, message: str) -> BotMessages:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        messages: BotMessages = response.json()
        return messages

    return send


# Module scope, not session: Playwright's sync API keeps an event loop running while it is open,
# which would stop pytest-asyncio from running the async tests that come after the browser tests.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, headless; nothing is downloaded."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: `make test` installs Debian's chromium package")
    launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    yield launched
    launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser profile per test; its last state is saved to results/screenshots as a test artifact.

    The test fails if any script opened a dialog (an injected alert(1) would) or threw an uncaught error.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    opened = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def refuse(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    opened.on("dialog", refuse)
    opened.on("pageerror", lambda error: errors.append(str(error)))
    yield opened
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=SCREENSHOTS / f"{request.node.name}.png")
    context.close()
    assert dialogs == [], f"a script opened dialogs: {dialogs}"
    assert errors == [], f"uncaught errors in the page: {errors}"
