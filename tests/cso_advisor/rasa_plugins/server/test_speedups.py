"""The speed-ups change no behaviour: the same verdicts on action server replies, the same event classes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

from cso_advisor.rasa_plugins.server import speedups


@pytest.fixture
def installed(apply_speedups: Callable[[], None]) -> None:
    apply_speedups()


def verdict(validate: Any, result: dict[str, Any]) -> str:
    action = RemoteAction("action_answer_question", None)
    try:
        validate(action, result)
    except jsonschema.ValidationError as error:
        return str(error.message)
    return "valid"


@pytest.mark.parametrize(
    "result",
    [
        {"events": [], "responses": []},
        {"events": [{"event": "slot", "name": "current_topic", "value": "salary"}], "responses": [{"text": "hi"}]},
        {"events": "not a list", "responses": []},
        {"events": [{"no": "event key"}], "responses": []},
        {"events": [], "responses": "not a list"},
        {},
    ],
)
def test_replies_get_the_verdict_rasa_gives(result: dict[str, Any]) -> None:
    rasa_verdict = verdict(RemoteAction._validate_action_result, result)

    assert verdict(speedups._validate_action_result, result) == rasa_verdict


def test_an_invalid_reply_still_names_the_docs(installed: None) -> None:
    assert "custom-actions" in verdict(RemoteAction._validate_action_result, {"events": "not a list"})


@pytest.mark.parametrize(
    ("type_name", "default", "expected"),
    [
        ("user", None, UserUttered),
        ("slot", None, SlotSet),
        ("action", None, ActionExecuted),
        ("topic", None, None),
        ("no such event", SlotSet, SlotSet),
    ],
)
def test_event_types_resolve_as_in_rasa(installed: None, type_name: str, default: Any, expected: Any) -> None:
    assert Event.resolve_by_type(type_name, default) is expected


def test_an_unknown_event_type_is_still_an_error(installed: None) -> None:
    with pytest.raises(ValueError, match="Unknown event name 'no such event'"):
        Event.resolve_by_type("no such event")


def test_a_remembered_type_is_the_same_class(installed: None) -> None:
    assert Event.resolve_by_type("bot") is Event.resolve_by_type("bot") is BotUttered
