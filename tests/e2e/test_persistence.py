"""Conversations live in the SQL tracker store (endpoints.yml), so a restart of the Rasa server loses nothing."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from scripts.servers import Servers
from tests.e2e.conftest import Chat

pytestmark = pytest.mark.e2e


def _events(database: Path, sender: str) -> list[tuple[str, dict[str, Any]]]:
    """Every stored event of one conversation, in order: (type, data)."""
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()
    return [(kind, json.loads(data)) for kind, data in rows]


def _text(messages: list[dict[str, Any]]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def test_a_restart_mid_conversation_keeps_the_context_and_every_event(servers: Servers, chat: Chat) -> None:
    sender = f"e2e-{uuid.uuid4().hex}"
    sent = ["what does a CSO earn?", "and for senior?", "I'm a network admin with 6 years and a Security+"]
    for message in sent:
        reply = _text(chat(sender, message))
    assert "What's your highest degree?" in reply  # the roadmap form is waiting for the degree
    before = _events(servers.tracker_store, sender)

    servers.stop("rasa")
    servers.start("rasa")

    assert _events(servers.tracker_store, sender) == before
    # The form, its profile slots and the current item all survived: the form takes the degree it asked for,
    # and "what comes after that?" still refers to the senior band.
    roadmap = _text(chat(sender, "a bachelor's"))
    assert "network administrator · 6 years' experience · bachelor's degree · Security+" in roadmap
    assert "**Lead CSO salary**" in _text(chat(sender, "what comes after that?"))

    events = _events(servers.tracker_store, sender)
    assert events[: len(before)] == before
    user_messages = [data["text"] for kind, data in events if kind == "user"]
    assert user_messages == [*sent, "a bachelor's", "what comes after that?"]
