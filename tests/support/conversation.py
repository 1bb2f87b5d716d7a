"""Chatting with the advisor over REST in the end-to-end tests: a sender per test, the bot's messages as text."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

BotMessages = list[dict[str, Any]]
Chat = Callable[[str, str], BotMessages]


def new_sender() -> str:
    """A conversation of its own for one test."""
    return f"e2e-{uuid.uuid4().hex}"


def text_of(messages: BotMessages) -> str:
    """The text of the bot's messages, one per line."""
    return "\n".join(message.get("text", "") for message in messages)
