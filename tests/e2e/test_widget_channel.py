"""The widget channel as a socket.io client sees it: origins, session ids and who may post to a session."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import socketio

from cso_advisor.rasa_plugins.channels.rest import MAX_MESSAGE_CHARS, TOO_LONG_REPLY
from tests.support.servers import Servers
from tests.support.socketio import new_client, request_session

pytestmark = pytest.mark.e2e

SILENCE_SECONDS = 5  # how long a dropped message is given to produce an answer anyway


@pytest.fixture
def client(servers: Servers) -> Iterator[socketio.SimpleClient]:
    with new_client() as connected:
        connected.connect(servers.rasa_url, headers={"Origin": servers.portal_url}, transports=["websocket"])
        yield connected


def assert_no_answer(client: socketio.SimpleClient) -> None:
    with pytest.raises(socketio.exceptions.TimeoutError):
        client.receive(timeout=SILENCE_SECONDS)


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_page_from_a_foreign_origin_cannot_connect(servers: Servers, transport: str) -> None:
    with new_client() as refused, pytest.raises(socketio.exceptions.ConnectionError):
        refused.connect(servers.rasa_url, headers={"Origin": servers.foreign_portal_url}, transports=[transport])


@pytest.mark.parametrize("offered", [None, "", "abc", "1" * 31, "G" * 32, 42, ["a" * 32]])
def test_a_missing_or_guessable_session_id_is_replaced_by_a_random_one(
    client: socketio.SimpleClient, offered: Any
) -> None:
    confirmed = request_session(client, offered)

    assert re.fullmatch(r"[0-9a-f]{32}", confirmed)
    assert confirmed != offered


def test_a_good_session_id_is_kept_and_its_questions_answered(client: socketio.SimpleClient) -> None:
    session_id = secrets.token_hex(16)
    assert request_session(client, session_id) == session_id

    client.emit("user_uttered", {"message": "what is the CISSP", "session_id": session_id})

    event, answer = client.receive(timeout=60)
    assert event == "bot_uttered"
    assert "Certified Information Systems Security Professional" in answer["text"]


def test_an_answer_arrives_whole_with_its_paragraphs_and_buttons(client: socketio.SimpleClient) -> None:
    session_id = request_session(client, secrets.token_hex(16))

    client.emit("user_uttered", {"message": "I'm a student", "session_id": session_id})
    client.receive(timeout=60)  # the form's question about years
    client.emit("user_uttered", {"message": "skip", "session_id": session_id})
    client.receive(timeout=60)
    client.emit("user_uttered", {"message": "skip", "session_id": session_id})
    client.receive(timeout=60)
    client.emit("user_uttered", {"message": "none", "session_id": session_id})

    event, roadmap = client.receive(timeout=60)
    assert event == "bot_uttered"
    # Rasa's socket.io output would send each paragraph as a message of its own, buttons on the last.
    assert roadmap["text"].startswith("**Your roadmap to CSO**")
    assert "\n\n**Where you stand:**" in roadmap["text"]
    assert roadmap["text"].rstrip().endswith("_")  # the source line: the whole roadmap in one message
    assert roadmap["quick_replies"][-1] == {"content_type": "text", "title": "Start over", "payload": "/start_over"}
    assert_no_answer(client)


@pytest.mark.parametrize(
    ("message", "reply"),
    [("x" * (MAX_MESSAGE_CHARS + 1), TOO_LONG_REPLY), ({"text": "hi"}, None), (None, None)],
)
def test_an_overlong_or_malformed_message_is_answered_or_dropped(
    client: socketio.SimpleClient, message: Any, reply: str | None
) -> None:
    session_id = request_session(client, secrets.token_hex(16))

    client.emit("user_uttered", {"message": message, "session_id": session_id})

    if reply is None:
        assert_no_answer(client)
    else:
        assert client.receive(timeout=30) == ["bot_uttered", {"text": reply}]
    client.emit("user_uttered", {"message": "what is the CISSP", "session_id": session_id})
    assert "CISSP" in client.receive(timeout=60)[1]["text"]  # the socket and the session still work


def test_a_message_for_a_session_the_socket_has_not_joined_is_dropped(client: socketio.SimpleClient) -> None:
    request_session(client, secrets.token_hex(16))

    client.emit("user_uttered", {"message": "what is the CISSP", "session_id": secrets.token_hex(16)})

    assert_no_answer(client)


def test_a_new_session_leaves_the_previous_one(client: socketio.SimpleClient) -> None:
    previous, current = secrets.token_hex(16), secrets.token_hex(16)
    request_session(client, previous)
    request_session(client, current)

    client.emit("user_uttered", {"message": "what is the CISSP", "session_id": previous})
    assert_no_answer(client)
    client.emit("user_uttered", {"message": "what is the CISSP", "session_id": current})
    event, _ = client.receive(timeout=60)
    assert event == "bot_uttered"
