"""The <cso-chat> widget on a page in Playwright, for the browser tests."""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Locator, Page, expect

ANSWER_TIMEOUT_MS = 30_000
# Playwright's assertions wait this long by default: an answer from the real servers can take a while.
expect.set_options(timeout=ANSWER_TIMEOUT_MS)


class Widget:
    """The <cso-chat> element on a page; Playwright's CSS selectors reach into its open shadow root."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.panel = page.locator("cso-chat .panel")
        self.bot_messages = page.locator("cso-chat .message.bot .body")
        self.user_messages = page.locator("cso-chat .message.user .body")
        self.quick_replies = page.locator("cso-chat .quick-replies button")
        self.textarea = page.locator("cso-chat textarea")
        self.status = page.locator("cso-chat .status")

    def part(self, selector: str) -> Locator:
        return self.page.locator(f"cso-chat {selector}")

    def open(self) -> None:
        self.part(".launcher").click()
        self.expect_online()

    def expect_online(self) -> None:
        expect(self.panel).to_be_visible()
        expect(self.panel).to_have_attribute("data-connection", "online")

    def ask(self, question: str) -> str:
        """Type a question, press Enter, and return the text of the answer."""
        answered = self.bot_messages.count()
        self.textarea.fill(question)
        self.textarea.press("Enter")
        return self.wait_for_answer(answered)

    def wait_for_answer(self, answered_before: int) -> str:
        expect(self.bot_messages).to_have_count(answered_before + 1)
        return self.bot_messages.last.inner_text()

    def stored(self) -> dict[str, Any]:
        """The conversation the widget keeps in sessionStorage."""
        saved = self.page.evaluate(
            "() => Object.entries(sessionStorage).find(([key]) => key.startsWith('cso-chat:'))?.[1] ?? 'null'"
        )
        conversation: dict[str, Any] = json.loads(saved)
        return conversation


def embed_anew(page: Page, attributes: dict[str, str]) -> Widget:
    """Replace the portal's <cso-chat> with a fresh one carrying these attributes, as a single-page app would."""
    page.evaluate(
        """attributes => {
            document.querySelector("cso-chat").remove();
            sessionStorage.clear();
            const chat = document.createElement("cso-chat");
            for (const [name, value] of Object.entries(attributes)) chat.setAttribute(name, value);
            document.body.append(chat);
        }""",
        attributes,
    )
    return Widget(page)
