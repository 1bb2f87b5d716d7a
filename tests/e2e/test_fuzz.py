"""Fuzzing the public REST endpoint of the running server with hypothesis: whatever arrives, the answer is a
bot reply or a 4xx that names the problem, never a 5xx, and the server stays up."""

from __future__ import annotations

import json
from typing import Any

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.servers import Servers

pytestmark = pytest.mark.e2e

# Reproducible and offline: a fixed sequence of examples, and no example database written to disk.
FUZZ = settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
REQUESTS = st.one_of(
    # Well-formed requests with any text, including control characters, emoji and surrogate-free Unicode.
    st.fixed_dictionaries({"sender": st.text(min_size=1, max_size=40), "message": st.text(max_size=300)}),
    # The right keys holding the wrong things, and other keys besides.
    st.fixed_dictionaries(
        {"sender": JSON_VALUES, "message": JSON_VALUES},
        optional={"metadata": JSON_VALUES, "input_channel": JSON_VALUES},
    ),
    # Any JSON at all.
    JSON_VALUES,
).map(lambda body: json.dumps(body).encode())
RAW = st.binary(max_size=500)  # not even JSON


def _check(servers: Servers, body: bytes) -> None:
    answer = requests.post(
        f"{servers.rasa_url}/webhooks/rest/webhook",
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert answer.status_code in (200, 400), f"{answer.status_code} for {body[:200]!r}: {answer.text[:300]}"
    reply: Any = answer.json()
    if answer.status_code == 400:
        assert isinstance(reply["error"], str)
        assert reply["error"]
    else:
        assert isinstance(reply, list)
        assert all(isinstance(message, dict) and "recipient_id" in message for message in reply)


@FUZZ
@given(body=REQUESTS)
def test_any_json_gets_a_reply_or_a_clear_400(servers: Servers, body: bytes) -> None:
    _check(servers, body)


@FUZZ
@given(body=RAW)
def test_any_bytes_get_a_reply_or_a_clear_400(servers: Servers, body: bytes) -> None:
    _check(servers, body)
    assert requests.get(f"{servers.rasa_url}/", timeout=10).ok
