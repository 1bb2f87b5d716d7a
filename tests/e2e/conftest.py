"""Fixtures of the end-to-end tests: the real servers (tests/support/servers.py), a REST chat, and a browser."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, Dialog, Page, Playwright, sync_playwright

from tests.support.conversation import BotMessages, Chat
from tests.support.layouts import running
from tests.support.paths import SCREENSHOTS
from tests.support.servers import Servers

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    layout = Servers(tmp_path_factory.mktemp("servers"))
    yield from running(layout, lambda: layout.start("actions", "rasa", "portal", "foreign_portal"))


@pytest.fixture(scope="session")
def rasa_url(servers: Servers) -> str:
    """URL of the Rasa server, backed by the real action server."""
    return servers.rasa_url


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
