"""The speed-ups change no behaviour: the same verdicts on action server replies, the same event classes, the
same dialogue states."""

from __future__ import annotations

import asyncio
import contextvars
import gc
import itertools
import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from types import SimpleNamespace
from typing import Any

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.policies.policy import Policy
from rasa.core.policies.rule_policy import RulePolicy
from rasa.core.processor import MessageProcessor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.constants import SLOTS, USER
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    BotUttered,
    ConversationPaused,
    ConversationResumed,
    Event,
    FollowupAction,
    LoopInterrupted,
    Restarted,
    SessionStarted,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message

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


RASAS_STATES = Domain.states_for_tracker_history  # (the tests apply the speed-ups one test at a time)


@pytest.fixture(scope="module")
def rasa_domain() -> Domain:
    return Domain.load(PROJECT_DIR / "domain.yml")


def _story_events(domain: Domain) -> dict[str, list[Event]]:
    steps = YAMLStoryReader(domain).read_from_file(PROJECT_DIR / "tests" / "test_stories.yml")
    return {step.block_name: step.explicit_events(domain) for step in steps}


def _every_step(domain: Domain) -> Iterator[tuple[str, Event, DialogueStateTracker]]:
    """The test stories and the unusual conversations below, each grown one event at a time: after each event."""
    for name, events in {**_story_events(domain), **UNUSUAL}.items():
        tracker = DialogueStateTracker(name, domain.slots)
        for event in events:
            tracker.update(event)
            yield name, event, tracker


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
    "rule turns hidden from the policies trained on stories": [
        ActionExecuted("action_listen"),
        UserUttered("hi", {"name": "greet", "confidence": 0.9}),
        ActionExecuted("utter_greet", hide_rule_turn=True),
        ActionExecuted("action_listen", hide_rule_turn=True),
        *_asked("ask_salary", "pay?"),
        UserUttered("thanks", {"name": "thanks", "confidence": 0.9}),
        ActionExecuted("utter_you_are_welcome", hide_rule_turn=True),
        SlotSet("current_topic", None),
        ActionExecuted("action_listen", hide_rule_turn=True),
        *_asked("ask_duration", "how long?"),
    ],
    "a form, with a slot and the form known only to rules": [
        ActionExecuted("action_listen"),
        UserUttered("my roadmap please", {"name": "ask_roadmap", "confidence": 0.9}),
        ActionExecuted("roadmap_form"),
        ActiveLoop("roadmap_form"),
        SlotSet("requested_slot", "current_role"),
        ActionExecuted("action_listen"),
        UserUttered("network admin", {"name": "describe_profile", "confidence": 0.9}),
        ActionExecuted("roadmap_form", hide_rule_turn=True),
        SlotSet("current_role", "network admin"),
        SlotSet("requested_slot", "years_experience"),
        ActionExecuted("action_listen", hide_rule_turn=True),
        *_asked("ask_salary", "pay?"),
        UserUttered("6 years", {"name": "describe_profile", "confidence": 0.9}),
        ActionExecuted("roadmap_form"),
        ActiveLoop(None),
        ActionExecuted("action_give_roadmap"),
        ActionExecuted("action_listen"),
    ],
    "paused and resumed": [
        ActionExecuted("action_listen"),
        *_asked("ask_salary", "pay?"),
        ConversationPaused(),
        UserUttered("anyone there?", {"name": "greet", "confidence": 0.9}),
        ConversationResumed(),
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


# How the policies read a conversation: MemoizationPolicy ignores the turns only rules have, with the slots and
# forms only rules use; RulePolicy reads every turn.
READINGS: dict[str, dict[str, Any]] = {
    "every turn": {},
    "every turn, unset slots left out": {"omit_unset_slots": True},
    "turns of stories": {"ignore_rule_only_turns": True},
    "turns of stories, without rule-only slots and forms": {
        "ignore_rule_only_turns": True,
        "rule_only_data": {"rule_only_slots": ["current_role", "requested_slot"], "rule_only_loops": ["roadmap_form"]},
    },
}


@pytest.mark.parametrize("reading", READINGS.values(), ids=READINGS.keys())
def test_states_are_rasas_after_every_event(installed: None, rasa_domain: Domain, reading: dict[str, Any]) -> None:
    """Each conversation grows one event at a time; after each, the remembered states equal Rasa's replay."""
    compared = 0
    for name, event, tracker in _every_step(rasa_domain):
        remembered = rasa_domain.states_for_tracker_history(tracker, **reading)
        assert remembered == RASAS_STATES(rasa_domain, tracker, **reading), f"{name}, after {event}"
        compared += 1
    assert compared > 200


@pytest.mark.parametrize("reading", READINGS.values(), ids=READINGS.keys())
def test_a_caller_changing_its_states_changes_no_one_elses(
    installed: None, rasa_domain: Domain, reading: dict[str, Any]
) -> None:
    tracker = DialogueStateTracker("changed", rasa_domain.slots)
    for event in UNUSUAL["rule turns hidden from the policies trained on stories"]:
        tracker.update(event)
    first = rasa_domain.states_for_tracker_history(tracker, **reading)
    for state in first:  # as Rasa's featurizers do to the states they are given
        state.get(USER, {}).pop(TEXT, None)
        state.pop(SLOTS, None)

    assert rasa_domain.states_for_tracker_history(tracker, **reading) == RASAS_STATES(rasa_domain, tracker, **reading)


def test_each_reading_of_one_conversation_is_rasas(installed: None, rasa_domain: Domain) -> None:
    """One tracker read by turns, with other rule-only data, between its events: as the two policies do."""
    tracker = DialogueStateTracker("read twice", rasa_domain.slots)
    for event in UNUSUAL["a form, with a slot and the form known only to rules"]:
        tracker.update(event)
        for reading in READINGS.values():
            assert rasa_domain.states_for_tracker_history(tracker, **reading) == RASAS_STATES(
                rasa_domain, tracker, **reading
            ), f"{reading}, after {event}"


def test_a_user_part_two_states_share_stays_shared(installed: None, rasa_domain: Domain) -> None:
    """In a rule turn, Rasa gives a state the user part of the state before it: one object, which a featurizer
    changing the last state changes in both."""
    tracker = DialogueStateTracker("shared", rasa_domain.slots)
    for event in UNUSUAL["a form, with a slot and the form known only to rules"]:
        tracker.update(event)
    reading = {"ignore_rule_only_turns": True}
    rasas = RASAS_STATES(rasa_domain, tracker, **reading)
    rasa_domain.states_for_tracker_history(tracker, **reading)  # remembered, then handed out again
    ours = rasa_domain.states_for_tracker_history(tracker, **reading)

    def shared(states: list[dict[str, Any]]) -> list[bool]:
        return [USER in a and USER in b and a[USER] is b[USER] for a, b in itertools.pairwise(states)]

    assert any(shared(rasas))
    assert shared(ours) == shared(rasas)


def test_a_tracker_gone_takes_its_states_with_it(installed: None, rasa_domain: Domain) -> None:
    tracker = DialogueStateTracker("gone", rasa_domain.slots)
    tracker.update(ActionExecuted("action_listen"))
    rasa_domain.states_for_tracker_history(tracker)
    key = (id(tracker), False, False)
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


def test_rule_policy_writes_its_states_out_while_its_debug_log_is_on(
    installed: None, rasa_domain: Domain, caplog: pytest.LogCaptureFixture
) -> None:
    tracker = DialogueStateTracker("logged", rasa_domain.slots)
    for event in UNUSUAL["a turn taken back"]:
        tracker.update(event)
    states = rasa_domain.states_for_tracker_history(tracker)
    caplog.set_level(logging.DEBUG, logger="rasa.core.policies.rule_policy")

    assert RulePolicy.format_tracker_states(states) == Policy.format_tracker_states(states)
    assert "user intent: ask_certifications" in RulePolicy.format_tracker_states(states)


def test_rule_policy_writes_nothing_out_for_a_log_that_is_off(
    installed: None, rasa_domain: Domain, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="rasa.core.policies.rule_policy")

    assert RulePolicy.format_tracker_states([{"user": {"intent": "greet"}}]) == ""


RASAS_APPLIED_EVENTS = DialogueStateTracker.applied_events


def test_applied_events_are_rasas_after_every_event(installed: None, rasa_domain: Domain) -> None:
    compared = 0
    for name, event, tracker in _every_step(rasa_domain):
        assert tracker.applied_events() == RASAS_APPLIED_EVENTS(tracker), f"{name}, after {event}"
        compared += 1
    assert compared > 200


def test_a_form_run_again_is_applied_as_rasa_applies_it(installed: None, rasa_domain: Domain) -> None:
    """A form's name, once activated, changes how its earlier and later runs count."""
    tracker = DialogueStateTracker("form", rasa_domain.slots)
    events = UNUSUAL["a form, with a slot and the form known only to rules"]
    for event in [*events, ActionExecuted("roadmap_form"), ActiveLoop("roadmap_form"), ActionExecuted("roadmap_form")]:
        tracker.update(event)
        assert tracker.applied_events() == RASAS_APPLIED_EVENTS(tracker), f"after {event}"


def test_the_oldest_events_dropping_out_is_noticed(installed: None, rasa_domain: Domain) -> None:
    tracker = DialogueStateTracker("short memory", rasa_domain.slots, max_event_history=6)
    for event in UNUSUAL["a turn taken back"]:
        tracker.update(event)
        assert tracker.applied_events() == RASAS_APPLIED_EVENTS(tracker), f"after {event}"


def test_a_caller_changing_its_applied_events_changes_no_one_elses(installed: None, rasa_domain: Domain) -> None:
    tracker = DialogueStateTracker("changed", rasa_domain.slots)
    for event in UNUSUAL["a new session"]:
        tracker.update(event)
        tracker.applied_events().clear()

    assert tracker.applied_events() == RASAS_APPLIED_EVENTS(tracker) != []


RASAS_COPY = DialogueStateTracker.copy


def _everything(tracker: DialogueStateTracker) -> dict[str, Any]:
    """All of a tracker's state, with its events by identity (a copy shares them) and its slots in full."""
    return {
        **{name: value for name, value in vars(tracker).items() if name not in ("events", "slots")},
        "events": [id(event) for event in tracker.events],
        "most events": tracker.events.maxlen,
        "slots": {name: (type(slot), vars(slot)) for name, slot in tracker.slots.items()},
    }


def test_a_copy_is_rasas_after_every_event(installed: None, rasa_domain: Domain) -> None:
    compared = 0
    for name, event, tracker in _every_step(rasa_domain):
        assert _everything(tracker.copy()) == _everything(RASAS_COPY(tracker)), f"{name}, after {event}"
        compared += 1
    assert compared > 200


def test_a_copy_has_the_state_the_events_give_not_what_the_processor_changed(
    installed: None, rasa_domain: Domain
) -> None:
    tracker = DialogueStateTracker("followed up", rasa_domain.slots)
    for event in [*UNUSUAL["a turn taken back"], FollowupAction("action_give_roadmap")]:
        tracker.update(event)
        tracker.copy()
    tracker.clear_followup_action()  # as Rasa's processor does before running it

    copied = tracker.copy()

    assert copied.followup_action == RASAS_COPY(tracker).followup_action == "action_give_roadmap"


def test_changing_a_copy_changes_neither_the_conversation_nor_later_copies(
    installed: None, rasa_domain: Domain
) -> None:
    tracker = DialogueStateTracker("changed", rasa_domain.slots)
    for event in UNUSUAL["a form, with a slot and the form known only to rules"][:9]:
        tracker.update(event)
    before = _everything(tracker)

    copied = tracker.copy()
    copied.latest_action["action_name"] = "changed in place"
    for event in [SlotSet("degree", "yes"), LoopInterrupted(True), ConversationPaused()]:
        copied.update(event)

    assert _everything(tracker) == before
    assert _everything(tracker.copy()) == _everything(RASAS_COPY(tracker))


RASAS_GRAPH_RUN = DaskGraphRunner.run


class Node:
    """A graph node that answers with what it was given, and counts its runs."""

    def __init__(self, name: str, runs: Counter[str], fails_with: Exception | None = None) -> None:
        self.name, self.runs, self.fails_with = name, runs, fails_with

    def __call__(self, *given: Any) -> tuple[str, Any]:
        self.runs[self.name] += 1
        if self.fails_with is not None:
            raise self.fails_with
        return self.name, (self.name, given)


def runner(needs: dict[str, dict[str, str]], targets: set[str], failing: dict[str, Exception]) -> DaskGraphRunner:
    """A DaskGraphRunner over `Node`s (made as Rasa's loading would, but without components to load)."""
    schema = GraphSchema(
        {
            name: SchemaNode(needed, GraphComponent, "create", "run", {}, is_target=name in targets)
            for name, needed in needs.items()
        }
    )
    made = DaskGraphRunner.__new__(DaskGraphRunner)
    made._graph_schema, made._execution_context = schema, None
    made.runs = Counter()
    made._instantiated_nodes = {name: Node(name, made.runs, failing.get(name)) for name in needs}
    return made


DIAMOND = {"a": {"x": "__input__"}, "b": {"x": "a"}, "c": {"x": "a"}, "d": {"left": "b", "right": "c"}, "e": {}}


@pytest.mark.parametrize(
    ("needs", "targets", "inputs", "run_targets"),
    [
        pytest.param(DIAMOND, {"d"}, {"__input__": "text"}, ["d"], id="shared parents run once"),
        pytest.param(DIAMOND, {"d", "e"}, {"__input__": 1, "__unused__": 2}, None, id="every target"),
        pytest.param(DIAMOND, set(), {"__input__": 1}, ["b", "c"], id="two targets"),
        pytest.param({"a": {"x": "__missing__"}}, {"a"}, {}, ["a"], id="an unmet need passes its name"),
        pytest.param(DIAMOND, {"d"}, None, ["d"], id="no inputs"),
    ],
)
def test_a_graph_runs_as_rasa_runs_it(
    needs: dict[str, dict[str, str]], targets: set[str], inputs: dict[str, Any] | None, run_targets: list[str] | None
) -> None:
    rasas, ours = runner(needs, targets, {}), runner(needs, targets, {})

    expected = RASAS_GRAPH_RUN(rasas, inputs, run_targets)

    assert speedups._run_in_order(ours, inputs, run_targets) == expected
    assert ours.runs == rasas.runs
    assert set(ours.runs.values()) == {1}
    assert speedups._run_in_order(ours, inputs, run_targets) == expected  # and again, from the remembered order


@pytest.mark.parametrize(
    ("inputs", "failing", "error"),
    [
        ({"__input__": "b"}, {}, GraphRunError),  # an input's value names a node
        ({"__input__": 1}, {"c": RuntimeError("broken")}, GraphRunError),
        ({"__input__": 1}, {"c": ValueError("broken")}, ValueError),
    ],
)
def test_a_graph_fails_as_rasas_fails(inputs: dict[str, Any], failing: dict[str, Exception], error: type) -> None:
    with pytest.raises(error) as rasas:
        RASAS_GRAPH_RUN(runner(DIAMOND, {"d"}, failing), inputs, ["d"])
    with pytest.raises(error) as ours:
        speedups._run_in_order(runner(DIAMOND, {"d"}, failing), inputs, ["d"])

    assert str(ours.value) == str(rasas.value)


def test_an_input_in_a_nodes_place_is_run_as_rasa_runs_it() -> None:
    rasas, ours = runner(DIAMOND, {"d"}, {}), runner(DIAMOND, {"d"}, {})

    expected = RASAS_GRAPH_RUN(rasas, {"__input__": 1, "b": "given"}, ["d"])

    assert speedups._run_in_order(ours, {"__input__": 1, "b": "given"}, ["d"]) == expected
    assert ours.runs == rasas.runs


CONVERSATION: contextvars.ContextVar[str] = contextvars.ContextVar("conversation", default="none")


class BlockingGraph:
    """Understands a message only once the event loop has shown it can go on without waiting for it."""

    def __init__(self) -> None:
        self.loop_went_on = threading.Event()
        self.ran_on: int | None = None
        self.conversation_seen: str | None = None

    def run(self, inputs: dict[str, Any], targets: list[str]) -> dict[str, Any]:
        self.ran_on = threading.get_ident()
        self.conversation_seen = CONVERSATION.get()
        if not self.loop_went_on.wait(timeout=10):
            raise TimeoutError("the event loop waited for the message to be understood")
        message = inputs["__message__"][0]
        understood = Message({TEXT: message.text})
        understood.set("intent", {"name": "greet", "confidence": 0.97}, add_to_output=True)
        return {targets[0]: [understood]}


async def test_a_message_is_understood_while_the_loop_serves_others(rasa_domain: Domain) -> None:
    graph = BlockingGraph()
    processor = MessageProcessor.__new__(MessageProcessor)
    processor.http_interpreter, processor.domain, processor.graph_runner = None, rasa_domain, graph
    processor.model_metadata = SimpleNamespace(nlu_target="understood")

    async def meanwhile() -> None:
        graph.loop_went_on.set()

    CONVERSATION.set("someone's")  # as a log context bound while the message is handled

    parsed, _ = await asyncio.gather(
        speedups._parse_message_off_the_loop(processor, UserMessage("hello there", sender_id="someone")), meanwhile()
    )

    assert parsed["intent"] == {"name": "greet", "confidence": 0.97}
    assert parsed["text"] == "hello there"
    assert graph.ran_on not in (None, threading.get_ident())
    assert graph.conversation_seen == "someone's"
