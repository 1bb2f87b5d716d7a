"""Conversations live in the SQL tracker store (endpoints.yml), so a restart of the Rasa server loses nothing."""

from __future__ import annotations

import pytest

from tests.support.conversation import Chat, new_sender, text_of
from tests.support.servers import Servers

pytestmark = pytest.mark.e2e


def test_a_restart_mid_conversation_keeps_the_context_and_every_event(servers: Servers, chat: Chat) -> None:
    sender = new_sender()
    sent = ["what does a CSO earn?", "and for senior?", "help me plan my path to ciso", "I'm a network admin"]
    for message in sent:
        reply = text_of(chat(sender, message))
    assert "How many years of work experience" in reply  # the roadmap form is waiting for the years
    before = servers.stored_events(sender)

    servers.stop("rasa")
    servers.start("rasa")

    assert servers.stored_events(sender) == before
    # The form and its profile slots survived: the form takes the years it asked for.
    text_of(chat(sender, "6"))
    text_of(chat(sender, "a bachelor's"))
    roadmap = text_of(chat(sender, "Security+"))
    assert "network administrator · 6 years' experience · bachelor's degree · Security+" in roadmap
    # So does the current item, now the rung the roadmap points to (Security Analyst): "what comes after that?"
    # is the rung above it.
    servers.stop("rasa")
    servers.start("rasa")
    assert "**IT Security Manager" in text_of(chat(sender, "what comes after that?"))

    events = servers.stored_events(sender)
    assert events[: len(before)] == before
    assert servers.stored_user_messages(sender) == [*sent, "6", "a bachelor's", "Security+", "what comes after that?"]
