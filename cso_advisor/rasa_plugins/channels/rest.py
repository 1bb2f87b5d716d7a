"""Rasa's REST channel, refusing what it cannot answer: a 4xx that names the problem, or a reply in chat.

Rasa's own channel answers a 5 MB body, a number as the message or a missing sender with an empty
200, a list body with a 500, and files sender-less messages under one shared "default" conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, Request, Sanic, response
from sanic.exceptions import InvalidUsage
from sanic.response import HTTPResponse

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024  # a question and its metadata; larger bodies get 413 before they are read
MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
TOO_LONG_REPLY = (
    f"That message is too long for me: please keep it under {MAX_MESSAGE_CHARS} characters, "
    "for example one question at a time."
)


SILENCE_APOLOGY = (
    "Sorry, I can't answer that right now: part of the advisor is not responding. Please try again in a minute."
)

MessageHandler = Callable[[UserMessage], Awaitable[Any]]


def apologise_for_silence(on_new_message: MessageHandler) -> MessageHandler:
    """Every message gets an answer. When Rasa sends none, a custom action failed (say, the action server is
    down: Rasa logs it and goes on without a word); when handling fails (say, the tracker store or the lock
    store is restarting), Rasa's channels log it and send nothing. Either way the user hears why."""

    async def handle(message: UserMessage) -> None:
        output = message.output_channel
        try:
            await on_new_message(message)
        except Exception:
            logger.exception("Could not handle a message of conversation %s", message.sender_id)
            replied = False  # whatever was sent, the message was not handled: say so
        else:
            replied = output.messages if isinstance(output, CollectingOutputChannel) else getattr(output, "sent", True)
        if not replied:
            await output.send_text_message(message.sender_id, SILENCE_APOLOGY)

    return handle


def _problem(message: str, status: int = 400) -> HTTPResponse:
    return response.json({"error": message}, status=status)


def check_request(body: Any) -> HTTPResponse | None:
    """None for a request the channel can pass on; otherwise the response it gets instead."""
    if not isinstance(body, dict):
        return _problem('the body must be a JSON object: {"sender": "...", "message": "..."}')
    sender, message = body.get("sender"), body.get("message")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        return _problem(f"'sender' must be a non-empty string of at most {MAX_SENDER_CHARS} characters")
    if not isinstance(message, str):
        return _problem("'message' must be a string")
    if len(message) > MAX_MESSAGE_CHARS:
        # Answered here, in chat, without reaching the conversation: nothing stored changes.
        return response.json([{"recipient_id": sender, "text": TOO_LONG_REPLY}])
    return None


class GuardedRestInput(RestInput):
    """`POST /webhooks/rest/webhook`, with every request checked before Rasa sees it."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: MessageHandler) -> Blueprint:
        blueprint: Blueprint = super().blueprint(apologise_for_silence(on_new_message))

        @blueprint.on_request
        async def check(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            try:
                body = request.json
            except InvalidUsage:
                return _problem("the body is not valid JSON in UTF-8")
            return check_request(body)

        @blueprint.before_server_start
        async def limit_body_size(app: Sanic, _: Any) -> None:
            app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES

        return blueprint
