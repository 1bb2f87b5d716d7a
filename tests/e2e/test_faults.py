"""Faults: with the action server down, the user hears a short apology, and answers resume once it is back."""

from __future__ import annotations

import secrets
import uuid

import pytest

from cso_advisor.rasa_plugins.channels.rest import SILENCE_APOLOGY
from tests.support.conversation import Chat
from tests.support.servers import Servers
from tests.support.socketio import new_client, request_session

pytestmark = pytest.mark.e2e


def test_the_action_server_down_gets_an_apology_and_answers_resume(servers: Servers, chat: Chat) -> None:
    sender = f"e2e-{uuid.uuid4().hex}"
    with new_client() as widget:
        widget.connect(servers.rasa_url, headers={"Origin": servers.portal_url}, transports=["websocket"])
        session_id = request_session(widget, secrets.token_hex(16))

        servers.stop("actions")
        try:
            assert chat(sender, "what is the CISSP?") == [{"recipient_id": sender, "text": SILENCE_APOLOGY}]
            widget.emit("user_uttered", {"message": "what is the CISM?", "session_id": session_id})
            assert widget.receive(timeout=60) == ["bot_uttered", {"text": SILENCE_APOLOGY}]
            # Replies that need no action server still come: the greeting is a response from the domain.
            assert "CSO Career Advisor" in chat(sender, "hello")[0]["text"]
        finally:
            servers.start("actions")

        assert "Certified Information Systems Security Professional" in chat(sender, "what is the CISSP?")[0]["text"]
        widget.emit("user_uttered", {"message": "what is the CISM?", "session_id": session_id})
        event, answer = widget.receive(timeout=60)
        assert event == "bot_uttered"
        assert "Certified Information Security Manager" in answer["text"]
