"""Fixtures of the end-to-end tests: the real servers (scripts/servers.py), a REST chat, and a browser."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests
from playwright.sync_api import Browser, Dialog, Page, Playwright, sync_playwright

from scripts.servers import MODEL, ServerError, Servers, Supervisor
from tests.conftest import PROJECT_DIR

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = PROJECT_DIR / "results" / "screenshots"


Layout = TypeVar("Layout", bound=Supervisor)


def running(layout: Layout, start: Callable[[], None]) -> Iterator[Layout]:
    """For a fixture: `layout` started by `start`, stopped afterwards; the test fails if it does not come up."""
    if not MODEL.exists():
        layout.stop_all()
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    try:
        start()
    except ServerError as error:
        layout.stop_all()
        pytest.fail(str(error))
    try:
        yield layout
    finally:
        layout.stop_all()


@pytest.fixture(scope="session")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    layout = Servers(tmp_path_factory.mktemp("servers"))
    yield from running(layout, lambda: layout.start("actions", "rasa", "portal", "foreign_portal"))


@pytest.fixture(scope="session")
def rasa_url(servers: Servers) -> str:
    """URL of the Rasa server, backed by the real action server."""
    return servers.rasa_url


BotMessages = list[dict[str, Any]]
Chat = Callable[[str, str], BotMessages]


def new_sender() -> str:
    """A conversation of its own for one test."""
    return f"e2e-{uuid.uuid4().hex}"


def text_of(messages: BotMessages) -> str:
    """The text of the bot's messages, one per line."""
    return "\n".join(message.get("text", "") for message in messages)


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
