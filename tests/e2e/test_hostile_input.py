"""Hostile and broken input over REST, against the real server: each gets a clear answer, the server stays
up, and no conversation already stored changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from cso_advisor.rasa_plugins.channels.rest import TOO_LONG_REPLY
from tests.support.conversation import Chat, new_sender
from tests.support.servers import Servers

pytestmark = pytest.mark.e2e

JSON = {"Content-Type": "application/json"}


def _body(message: Any, sender: Any = "hostile") -> bytes:
    return json.dumps({"sender": sender, "message": message}).encode()


# (what is sent, the status it gets, what the response must hold)
HOSTILE: list[tuple[str, bytes, int, Callable[[Any], bool]]] = [
    ("malformed JSON", b'{"sender": "x", "message":', 400, lambda r: "not valid JSON" in r["error"]),
    ("invalid UTF-8", b'{"sender": "x", "message": "\xff\xfe"}', 400, lambda r: "not valid JSON" in r["error"]),
    ("a JSON list", b"[1, 2]", 400, lambda r: "must be a JSON object" in r["error"]),
    ("an empty body", b"", 400, lambda r: "must be a JSON object" in r["error"]),
    ("no sender", json.dumps({"message": "hi"}).encode(), 400, lambda r: "'sender'" in r["error"]),
    ("a number as the message", _body(42), 400, lambda r: "'message' must be a string" in r["error"]),
    ("10,000 characters", _body("a" * 10_000), 200, lambda r: r[0]["text"] == TOO_LONG_REPLY),
    ("a 5 MB body", _body("a" * 5_000_000), 413, lambda r: True),
    ("an empty message", _body(""), 200, lambda r: bool(r and r[0]["text"])),
    ("whitespace", _body("   \n\t "), 200, lambda r: bool(r and r[0]["text"])),
]


@pytest.mark.parametrize(("name", "body", "status", "holds"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_broken_input_gets_a_clear_answer_and_changes_nothing_stored(
    servers: Servers, chat: Chat, name: str, body: bytes, status: int, holds: Callable[[Any], bool]
) -> None:
    chat(new_sender(), "what is the CISSP?")  # something stored that must stay as it is
    before = servers.stored_events()

    answer = requests.post(f"{servers.rasa_url}/webhooks/rest/webhook", data=body, headers=JSON, timeout=60)

    assert answer.status_code == status, answer.text[:300]
    if status != 413:
        assert holds(answer.json()), answer.text[:300]
    assert servers.stored_events()[: len(before)] == before
    assert requests.get(f"{servers.rasa_url}/", timeout=10).ok


@pytest.mark.parametrize(
    "message",
    [
        "🔐🎓 what does a CISO earn? 💰",
        "ما هو راتب مدير أمن المعلومات؟",  # right-to-left text
        "<script>alert('x')</script><img src=x onerror=alert(1)>",
        "'; DROP TABLE events; --",
        "\u202e\u200b\u0000 zero-width and control characters",
    ],
)
def test_odd_text_gets_a_polite_reply_and_is_stored_as_sent(servers: Servers, chat: Chat, message: str) -> None:
    sender = new_sender()

    replies = chat(sender, message)

    assert replies
    assert all(reply.get("text") for reply in replies)
    assert servers.stored_user_messages(sender) == [message]


def test_a_burst_and_concurrent_messages_to_one_conversation_are_all_answered_and_kept(
    servers: Servers, chat: Chat
) -> None:
    sender = new_sender()
    messages = [f"what is the CISSP? ({number})" for number in range(100)]

    with ThreadPoolExecutor(max_workers=10) as pool:
        replies = list(pool.map(lambda message: chat(sender, message), messages))

    assert all(reply and reply[0].get("text") for reply in replies)
    assert sorted(servers.stored_user_messages(sender)) == sorted(messages)
