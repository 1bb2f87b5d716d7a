"""The speed-ups change no behaviour: the same verdicts on action server replies, the same event classes, the
same dialogue states."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.constants import SLOTS, USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    BotUttered,
    Event,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import TEXT

from cso_advisor.rasa_plugins.server import speedups
from tests.support.paths import PROJECT_DIR


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


@pytest.fixture(scope="module")
def rasa_domain() -> Domain:
    return Domain.load(PROJECT_DIR / "domain.yml")


def _story_events(domain: Domain) -> dict[str, list[Event]]:
    steps = YAMLStoryReader(domain).read_from_file(PROJECT_DIR / "tests" / "test_stories.yml")
    return {step.block_name: step.explicit_events(domain) for step in steps}


def _asked(intent: str, text: str) -> list[Event]:
    return [
        UserUttered(text, {"name": intent, "confidence": 0.9}),
        ActionExecuted("action_answer_question"),
        BotUttered(text="an answer"),
        SlotSet("current_topic", intent),
        ActionExecuted("action_listen"),
    ]


# Conversations that leave the simple path: a reverted turn, a rewound action, a new session, a restart.
UNUSUAL = {
    "a turn taken back": [
        ActionExecuted("action_listen"),
        *_asked("ask_salary", "what do they earn?"),
        UserUttered("hmm", {"name": "nlu_fallback", "confidence": 0.3}),
        UserUtteranceReverted(),
        *_asked("ask_certifications", "which certificates?"),
    ],
    "an action rewound": [
        ActionExecuted("action_listen"),
        *_asked("ask_salary", "pay?")[:3],
        ActionReverted(),
        ActionExecuted("action_listen"),
        *_asked("ask_duration", "how long?"),
    ],
    "a new session": [
        ActionExecuted("action_listen"),
        *_asked("ask_salary", "pay?"),
        ActionExecuted("action_session_start"),
        SessionStarted(),
        ActionExecuted("action_listen"),
        *_asked("ask_duration", "how long?"),
    ],
    "a restart": [
        ActionExecuted("action_listen"),
        *_asked("ask_salary", "pay?"),
        Restarted(),
        ActionExecuted("action_listen"),
        *_asked("ask_duration", "how long?"),
    ],
}


@pytest.mark.parametrize("omit_unset_slots", [False, True])
def test_states_are_rasas_after_every_event(
    installed: None, rasa_domain: Domain, omit_unset_slots: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each conversation grows one event at a time; after each, the remembered states equal Rasa's replay."""
    conversations = {**_story_events(rasa_domain), **UNUSUAL}
    from_the_start = functools.partial(speedups._states_from_the_start, rasa_domain, omit_unset_slots=omit_unset_slots)
    compared = 0
    for name, events in conversations.items():
        tracker = DialogueStateTracker(name, rasa_domain.slots)
        for event in events:
            tracker.update(event)
            remembered = rasa_domain.states_for_tracker_history(tracker, omit_unset_slots=omit_unset_slots)
            assert remembered == from_the_start(tracker), f"{name}, after {event}"
            compared += 1
    assert compared > 200


def test_a_caller_changing_its_states_changes_no_one_elses(installed: None, rasa_domain: Domain) -> None:
    tracker = DialogueStateTracker("changed", rasa_domain.slots)
    for event in UNUSUAL["a turn taken back"]:
        tracker.update(event)
    first = rasa_domain.states_for_tracker_history(tracker)
    for state in first:  # as Rasa's featurizers do to the states they are given
        state.get(USER, {}).pop(TEXT, None)
        state.pop(SLOTS, None)

    assert rasa_domain.states_for_tracker_history(tracker) == speedups._states_from_the_start(rasa_domain, tracker)


def test_a_tracker_gone_takes_its_states_with_it(installed: None, rasa_domain: Domain) -> None:
    tracker = DialogueStateTracker("gone", rasa_domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    rasa_domain.states_for_tracker_history(tracker)
    key = (id(tracker), False)
    assert key in speedups._replays

    del tracker
    gc.collect()

    assert key not in speedups._replays


@pytest.mark.parametrize(
    ("events", "sent"),
    [
        ([], []),
        ([ActionExecuted("action_listen")], [ActionExecuted("action_listen")]),
        (UNUSUAL["an action rewound"], _asked("ask_duration", "how long?")),
        (
            [*_asked("ask_salary", "pay?"), UserUttered("hi", {"name": "greet"}), SlotSet("degree", "yes")],
            [UserUttered("hi", {"name": "greet"}), SlotSet("degree", "yes")],
        ),
    ],
)
def test_the_action_server_gets_the_events_from_the_latest_user_message(events: list[Event], sent: list[Event]) -> None:
    assert speedups.this_turn(events) == sent


def test_the_action_request_is_rasas_but_for_older_events(rasa_domain: Domain) -> None:
    tracker = DialogueStateTracker("request", rasa_domain.slots)
    for event in [*UNUSUAL["a turn taken back"], UserUttered("and abroad?", {"name": "ask_salary"})]:
        tracker.update(event)
    action = RemoteAction("action_answer_question", None)

    rasas = RemoteAction._action_call_format(action, tracker, rasa_domain)
    ours = speedups._action_call_format(action, tracker, rasa_domain)

    assert ours["tracker"].pop("events") == [tracker.events[-1].as_dict()]
    assert len(rasas["tracker"].pop("events")) == len(tracker.events)
    assert ours == rasas
