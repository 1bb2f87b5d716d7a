"""The web widget's channel: Rasa's socket.io channel, open only to allowlisted origins, serving the widget's script."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput, SocketIOOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint

from cso_advisor.rasa_plugins.channels.rest import MAX_MESSAGE_CHARS, TOO_LONG_REPLY, apologise_for_silence

logger = logging.getLogger(__name__)

WIDGET_SCRIPT = Path(__file__).resolve().parents[3] / "widget" / "dist" / "cso-chat.js"
_ORIGIN = re.compile(r"https?://[a-z0-9.-]+(:[0-9]{1,5})?")
# At least 128 random bits in hex: a session id is the only key to a conversation.
_SESSION_ID = re.compile(r"[0-9a-f]{32,64}")


def _session_id(data: Any) -> Any:
    """The session id a client sent with an event, whatever shape its data has."""
    return data.get("session_id") if isinstance(data, dict) else None


class WidgetConfigurationError(RasaException):
    """The widget channel's settings in credentials.yml are unusable."""


def parse_allowed_origins(setting: Any) -> list[str]:
    """The origins (scheme://host[:port]) whose pages may open the widget, from a list or a space/comma list."""
    if isinstance(setting, str):
        origins = [origin for origin in re.split(r"[\s,]+", setting) if origin]
    elif isinstance(setting, list) and all(isinstance(origin, str) for origin in setting):
        origins = setting
    else:
        origins = []
    if not origins:
        raise WidgetConfigurationError(
            "widget channel: `allowed_origins` is empty. List the origins of the pages that embed the widget, "
            "for example CSO_ALLOWED_ORIGINS='https://careers.example.com'."
        )
    if "*" in origins:
        raise WidgetConfigurationError(
            "widget channel: `allowed_origins` may not be '*', which would let any website talk to the advisor. "
            "List the portal origins instead."
        )
    malformed = [origin for origin in origins if not _ORIGIN.fullmatch(origin)]
    if malformed:
        raise WidgetConfigurationError(
            f"widget channel: {', '.join(map(repr, malformed))} in `allowed_origins` is not an origin. "
            "Write scheme://host[:port] in lower case, without a path or trailing slash, e.g. https://careers.example.com"
        )
    return origins


class WidgetOutput(SocketIOOutput):
    """Sends each bot message whole. Rasa's socket.io output splits text at blank lines into separate
    messages, for clients that cannot show paragraphs; the widget renders markdown, paragraphs included."""

    sent = 0  # messages sent for the user message being handled

    async def _send_message(self, socket_id: str, response: Any) -> None:
        self.sent += 1
        await super()._send_message(socket_id, response)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, {"text": text.strip()})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        quick_replies = [
            {"content_type": "text", "title": button["title"], "payload": button["payload"]} for button in buttons
        ]
        await self._send_message(recipient_id, {"text": text.strip(), "quick_replies": quick_replies})


class WidgetInput(SocketIOInput):
    """Socket.io for the <cso-chat> widget, refusing pages from origins outside the allowlist."""

    allowed_origins: list[str]
    widget_script: Path

    @classmethod
    def name(cls) -> str:
        return "widget"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        channel = super().from_credentials(credentials)
        assert isinstance(channel, WidgetInput)
        channel.allowed_origins = parse_allowed_origins(credentials.get("allowed_origins"))
        channel.widget_script = Path(credentials.get("widget_script") or WIDGET_SCRIPT)
        if not channel.widget_script.is_file():
            raise WidgetConfigurationError(
                f"widget channel: the widget's script {channel.widget_script} is missing. Build it with `make widget`."
            )
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint: Blueprint = super().blueprint(on_new_message)
        # Rasa turns python-engineio's origin check off (cors_allowed_origins=[]); this turns it back on.
        assert self.sio is not None
        self.sio.eio.cors_allowed_origins = self.allowed_origins
        blueprint.static("/cso-chat.js", str(self.widget_script), content_type="text/javascript; charset=utf-8")
        self._guard_sessions(apologise_for_silence(on_new_message))
        return blueprint

    def _guard_sessions(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """Replace Rasa's session and message handling: join rooms for real, only post to a session the
        socket joined, and answer through `WidgetOutput`.

        Rasa 3.6 calls python-socketio's `enter_room` without `await` (RasaHQ/rasa#13027), so with
        session persistence no answer ever reaches the browser.
        """
        sio = self.sio
        assert sio is not None
        namespace = self.namespace or "/"

        async def session_request(sid: str, data: Any) -> None:
            session_id = _session_id(data)
            if not isinstance(session_id, str) or not _SESSION_ID.fullmatch(session_id):
                session_id = secrets.token_hex(16)
            for room in list(sio.rooms(sid, namespace=namespace)):  # a new conversation leaves the previous one
                if room != sid:
                    await sio.leave_room(sid, room, namespace=namespace)
            await sio.enter_room(sid, session_id, namespace=namespace)
            await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

        async def user_message(sid: str, data: Any) -> None:
            session_id = _session_id(data)
            if session_id not in sio.rooms(sid, namespace=namespace):
                logger.warning("Ignored a widget message for a session its socket has not joined.")
                return
            text, metadata = data.get("message"), data.get(self.metadata_key)
            output = WidgetOutput(sio, self.bot_message_evt)
            if not isinstance(text, str):
                logger.warning("Ignored a widget message whose text is not a string.")
                return
            if len(text) > MAX_MESSAGE_CHARS:
                await output.send_text_message(session_id, TOO_LONG_REPLY)
                return
            await on_new_message(
                UserMessage(
                    text,
                    output,
                    session_id,
                    input_channel=self.name(),
                    metadata=metadata if isinstance(metadata, dict) else {},
                )
            )

        sio.on("session_request", session_request, namespace=namespace)
        sio.on(self.user_message_evt, user_message, namespace=namespace)
