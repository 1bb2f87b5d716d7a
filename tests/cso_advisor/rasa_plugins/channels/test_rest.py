"""The REST channel's request check, on its own: what passes, and what each bad request gets instead."""

from __future__ import annotations

import json
from typing import Any

import pytest
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from cso_advisor.rasa_plugins.channels.rest import (
    MAX_MESSAGE_CHARS,
    MAX_SENDER_CHARS,
    SILENCE_APOLOGY,
    TOO_LONG_REPLY,
    apologise_for_silence,
    check_request,
)


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "s1", "message": "what is the CISSP?"},
        {"sender": "s1", "message": ""},  # answered in chat like any message
        {"sender": "s1", "message": "x" * MAX_MESSAGE_CHARS},
        {"sender": "s" * MAX_SENDER_CHARS, "message": "hi", "metadata": {"page": "jobs"}},
    ],
)
def test_a_good_request_passes(body: dict[str, Any]) -> None:
    assert check_request(body) is None


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (None, "the body must be a JSON object"),
        ([1, 2], "the body must be a JSON object"),
        ("hello", "the body must be a JSON object"),
        ({"message": "hi"}, "'sender' must be a non-empty string"),
        ({"sender": "", "message": "hi"}, "'sender' must be a non-empty string"),
        ({"sender": "  ", "message": "hi"}, "'sender' must be a non-empty string"),
        ({"sender": 7, "message": "hi"}, "'sender' must be a non-empty string"),
        ({"sender": "s" * (MAX_SENDER_CHARS + 1), "message": "hi"}, "at most 128 characters"),
        ({"sender": "s1"}, "'message' must be a string"),
        ({"sender": "s1", "message": 42}, "'message' must be a string"),
        ({"sender": "s1", "message": {"text": "hi"}}, "'message' must be a string"),
    ],
)
def test_a_bad_request_gets_a_400_naming_the_problem(body: Any, problem: str) -> None:
    refused = check_request(body)

    assert refused is not None
    assert refused.status == 400
    assert problem in json.loads(refused.body or b"")["error"]


def test_a_message_over_the_limit_is_answered_in_chat() -> None:
    answered = check_request({"sender": "s1", "message": "x" * (MAX_MESSAGE_CHARS + 1)})

    assert answered is not None
    assert answered.status == 200
    assert json.loads(answered.body or b"") == [{"recipient_id": "s1", "text": TOO_LONG_REPLY}]


async def _answers(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "an answer")


async def _stays_silent(message: UserMessage) -> None:
    return None


async def _fails(message: UserMessage) -> None:
    raise ConnectionError("the tracker store is restarting")


@pytest.mark.parametrize(
    ("handler", "replies"),
    [(_answers, ["an answer"]), (_stays_silent, [SILENCE_APOLOGY]), (_fails, [SILENCE_APOLOGY])],
)
async def test_every_message_gets_an_answer_or_an_apology(handler: Any, replies: list[str]) -> None:
    output = CollectingOutputChannel()

    await apologise_for_silence(handler)(UserMessage("hi", output, sender_id="s1"))

    assert [message["text"] for message in output.messages] == replies
