"""Costs of Rasa 3.6 removed without changing what Rasa does (profiled in docs/deploy.md).

- Loading the DIET classifier builds its weights by fitting one example, which traces the whole
  training step as a TensorFlow graph that is never used again: most of the start-up and 120 MB.
  The fit now runs eagerly; the weights, then loaded from the model, are the same.
- Each action server reply is checked with `jsonschema.validate`, which first re-checks the constant
  response schema itself: a third of the server's CPU time. The schema is now checked once.
- Reading a conversation looks up the class of every stored event by scanning all `Event` subclasses.
  The classes found are now remembered.
- Each call to the action server carried every event of the conversation, about 4 KB a message, serialised by
  Rasa and parsed by the action server: half a megabyte after 120 messages. The actions read only the events of
  the message being handled (from the latest user message on), so only those are sent; the rest of the
  request (slots, latest message, active form) is Rasa's own.
- The policies turn the conversation into its states before each action, replaying every event from the first,
  several times per message: a cost that grows with the conversation. The states of a conversation's past are
  now remembered, and only its new events replayed.
- Which events apply (those not reverted, restarted or redone by a form) is worked out from the first event each
  time Rasa asks, many times per message. The answer is now remembered per conversation and extended while the
  conversation only grows by events that simply apply.
- Before each action Rasa copies the conversation by replaying all its events into a new tracker. A replayed twin
  of each conversation is now kept and brought up to date with its new events, and the copy is a copy of the
  twin's state.
- RulePolicy writes every state of the conversation out as text for a debug log line, on each prediction and
  whatever the log level: 0.8 ms at 120 messages. The text is now written only when that log is on.
- Understanding a message ran on the event loop, so while the embedding and DIET computed, no other conversation
  moved. It now runs on a worker thread: both models compute without holding Python's lock, so the loop serves the
  other conversations meanwhile, on the other core.
- Each run of the model's graph (understanding the message, then each prediction of the next action) went through
  dask, which works out the graph's order anew every time: 1.4 ms a message. The order is now worked out once per
  graph and its nodes called in it.
"""

from __future__ import annotations

import asyncio
import contextvars
import copy
import dataclasses
import functools
import graphlib
import logging
import operator
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import jsonschema
import tensorflow as tf
from rasa.core import processor as rasa_processor
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import UserMessage
from rasa.core.policies import rule_policy
from rasa.core.policies.policy import Policy
from rasa.core.processor import MessageProcessor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.classifiers.diet_classifier import DIET
from rasa.shared.constants import DOCS_BASE_URL
from rasa.shared.core.constants import PREVIOUS_ACTION, USER
from rasa.shared.core.domain import Domain, State, SubState
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker, EventVerbosity
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.models import RasaModel


@functools.cache
def _response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """As Rasa's own, with a validator built once: the same errors, with the same hint appended."""
    error = jsonschema.exceptions.best_match(_response_validator().iter_errors(result))
    if error is not None:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


_call_format_with_every_event = RemoteAction._action_call_format


class _ThisTurnOnly:
    """The tracker as Rasa's request to the action server reads it, with the events of the current turn only."""

    def __init__(self, tracker: DialogueStateTracker) -> None:
        self._tracker = tracker
        self.sender_id = tracker.sender_id

    def current_state(self, event_verbosity: EventVerbosity = EventVerbosity.NONE) -> dict[str, Any]:
        state: dict[str, Any] = self._tracker.current_state(EventVerbosity.NONE)
        state["events"] = [event.as_dict() for event in this_turn(list(self._tracker.events))]
        return state


def this_turn(events: list[Event]) -> list[Event]:
    """The events from the latest user message on; all of them before the first."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index:]
    return events


def _action_call_format(self: RemoteAction, tracker: DialogueStateTracker, domain: Domain) -> dict[str, Any]:
    """As Rasa's own, with the events of the current turn only."""
    request: dict[str, Any] = _call_format_with_every_event(self, _ThisTurnOnly(tracker), domain)
    return request


_scan_event_types = Event.resolve_by_type
_event_types: dict[str, type[Event]] = {}


def _resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """As Rasa's own; each class found is remembered (classes never go away, so a hit stays right)."""
    if type_name in _event_types:
        return _event_types[type_name]
    found: type[Event] | None = _scan_event_types(type_name, default)
    if found is not None and found is not default:
        _event_types[type_name] = found
    return found


Memo = TypeVar("Memo")


def _kept_while_it_lives(memo: dict[Any, Memo], key: Any, tracker: DialogueStateTracker, value: Memo) -> Memo:
    """`memo[key] = value`, dropped when the tracker the key names is gone (the key holds its id, which Python may
    give to a new object)."""
    if key not in memo:
        weakref.finalize(tracker, memo.pop, key, None)
    memo[key] = value
    return value


@dataclass
class _ReadSoFar:
    """How far a memo has followed a tracker's deque of events."""

    events: Any = None
    seen: int = 0
    last: Event | None = None

    def added(self, events: Any) -> list[Event] | None:
        """The events added since the last `caught_up`; None where it is another deque or no longer begins the same
        (a tracker reset, its oldest events dropped)."""
        if (
            self.events is not events
            or len(events) < self.seen
            or (self.seen and events[self.seen - 1] is not self.last)
        ):
            return None
        return [events[index] for index in range(self.seen - len(events), 0)]  # from the end: a deque's fast side

    def caught_up(self, events: Any) -> None:
        self.events, self.seen, self.last = events, len(events), (events[-1] if events else None)


_rasas_applied_events = DialogueStateTracker.applied_events
# Events that Rasa's loop does not simply append to the applied ones: they undo or restart, or name a form, which
# changes how that form's earlier runs count.
_NOT_SIMPLY_APPLIED = (Restarted, SessionStarted, ActionReverted, UserUtteranceReverted, ActiveLoop)


@dataclass
class _Applied:
    """A tracker's applied events as last worked out."""

    applied: list[Event]
    forms: frozenset[str]  # the names of the forms the events activate
    read: _ReadSoFar = field(default_factory=_ReadSoFar)


_applied: dict[int, _Applied] = {}  # by the tracker's id, while the tracker lives


def _applied_events(self: DialogueStateTracker) -> list[Event]:
    """As Rasa's own, going on from the last answer while the events only grew by events that simply apply."""
    events = self.events
    known = _applied.get(id(self))
    new = known.read.added(events) if known is not None else None
    if known is not None and new is not None and not any(_not_simply_applied(event, known.forms) for event in new):
        known.applied.extend(new)
        known.read.caught_up(events)
        return list(known.applied)
    applied: list[Event] = _rasas_applied_events(self)
    forms = frozenset(event.name for event in events if isinstance(event, ActiveLoop) and event.name)
    _kept_while_it_lives(_applied, id(self), self, _Applied(list(applied), forms)).read.caught_up(events)
    return applied


def _not_simply_applied(event: Event, forms: frozenset[str]) -> bool:
    return isinstance(event, _NOT_SIMPLY_APPLIED) or (isinstance(event, ActionExecuted) and event.action_name in forms)


@dataclass
class _Twin:
    """A tracker replayed from a conversation's events, as Rasa's `copy` replays them, and how far it has got."""

    tracker: DialogueStateTracker
    read: _ReadSoFar = field(default_factory=_ReadSoFar)


_twins: dict[int, _Twin] = {}  # by the conversation's tracker id, while that tracker lives


def _copy(self: DialogueStateTracker) -> DialogueStateTracker:
    """As Rasa's own: a tracker in the state its events give (not the state the processor may have changed since,
    such as a follow-up action it cleared), replaying only the events added since the last copy."""
    events = self.events
    twin = _twins.get(id(self))
    new = twin.read.added(events) if twin is not None else None
    if twin is None or new is None:
        twin = _kept_while_it_lives(_twins, id(self), self, _Twin(self.init_copy()))
        new = list(events)
    for event in new:
        twin.tracker.update(event)
    twin.read.caught_up(events)
    return _state_copy(twin.tracker)


def _state_copy(tracker: DialogueStateTracker) -> DialogueStateTracker:
    """A new tracker with this one's events and state, sharing with it only what Rasa's replay would share: the event
    objects and what they hold."""
    copied = tracker.init_copy()
    copied.events.extend(tracker.events)
    copied.slots = {name: copy.copy(slot) for name, slot in tracker.slots.items()}
    copied._paused = tracker._paused
    copied.followup_action = tracker.followup_action
    copied.latest_action = dict(tracker.latest_action) if tracker.latest_action is not None else None
    copied.latest_message = tracker.latest_message
    copied.latest_bot_utterance = tracker.latest_bot_utterance
    copied.active_loop = dataclasses.replace(tracker.active_loop) if tracker.active_loop else None
    return copied


@dataclass
class _Replay:
    """A conversation's applied events replayed so far, and the states they gave: Rasa's loop over the tracker's
    history (`Domain.states_for_tracker_history`), stopped after `applied` and ready to go on."""

    domain: Domain
    omit_unset_slots: bool
    ignore_rule_only_turns: bool
    rule_only_data: dict[str, Any] | None
    tracker: DialogueStateTracker  # a fresh copy of the conversation, with `applied` applied
    applied: list[Event] = field(default_factory=list)
    states: list[State] = field(default_factory=list)
    # Rasa's loop variables, for policies that ignore the turns only rules have.
    last_ml_action: SubState | None = None
    turn_was_hidden: bool = False

    def next_state(self, hide_rule_turn: bool, previous: State | None, keep: bool) -> State | None:
        """The state before the next action, as Rasa's loop computes it; None for a hidden rule turn. `keep`: go on
        from it next time (the state before an action already taken), rather than only look (the current state)."""
        domain, tracker = self.domain, self.tracker
        last_ml_action, turn_was_hidden = self.last_ml_action, self.turn_was_hidden
        if self.ignore_rule_only_turns:
            if not turn_was_hidden:
                last_ml_action = domain._get_prev_action_sub_state(tracker)
            if not tracker.followup_action and tracker.latest_action_name != tracker.active_loop_name:
                turn_was_hidden = hide_rule_turn
        if keep:
            self.last_ml_action, self.turn_was_hidden = last_ml_action, turn_was_hidden
        if self.ignore_rule_only_turns and turn_was_hidden:
            return None
        state = domain.get_active_state(tracker, omit_unset_slots=self.omit_unset_slots)
        if self.ignore_rule_only_turns:
            domain._remove_rule_only_features(state, self.rule_only_data)
            if previous is not None:
                domain._substitute_rule_only_user_input(state, previous)
            if last_ml_action:
                state[PREVIOUS_ACTION] = last_ml_action
        return domain._clean_state(state)


# By the conversation's tracker (its id, while the tracker lives) and the policy's way of reading it.
_replays: dict[tuple[int, bool, bool], _Replay] = {}


def _states_for_tracker_history(
    self: Domain,
    tracker: DialogueStateTracker,
    omit_unset_slots: bool = False,
    ignore_rule_only_turns: bool = False,
    rule_only_data: dict[str, Any] | None = None,
) -> list[State]:
    """As Rasa's own, replaying only the events added since the tracker's last call: its earlier events give the
    same states as long as they are still its first applied events (the same objects, in order). Anything else
    (a reverted turn, a new session, another domain or rule-only data) replays from the start."""
    key = (id(tracker), omit_unset_slots, ignore_rule_only_turns)
    applied = tracker.applied_events()
    replay = _replays.get(key)
    if (
        replay is None
        or replay.domain is not self
        or replay.rule_only_data != rule_only_data
        or not _continues(applied, replay.applied)
    ):
        fresh = _Replay(
            self, omit_unset_slots, ignore_rule_only_turns, copy.deepcopy(rule_only_data), tracker.init_copy()
        )
        replay = _kept_while_it_lives(_replays, key, tracker, fresh)
    for event in applied[len(replay.applied) :]:
        if isinstance(event, ActionExecuted):
            state = replay.next_state(event.hide_rule_turn, replay.states[-1] if replay.states else None, keep=True)
            if state is not None:
                replay.states.append(state)
        replay.tracker.update(event)
        replay.applied.append(event)
    past = _handed_out(replay.states)
    current = replay.next_state(False, past[-1] if past else None, keep=False)
    return past if current is None else [*past, current]


def _handed_out(states: list[State]) -> list[State]:
    """Copies a caller may change: Rasa's featurizers delete parts of the user's part in place. A user part that
    two states share (a rule turn's, taken from the turn before) stays shared, as in Rasa's own."""
    users: dict[int, SubState] = {}
    return [
        {**state, USER: users.setdefault(id(state[USER]), dict(state[USER]))} if USER in state else dict(state)
        for state in states
    ]


def _continues(applied: list[Event], replayed: list[Event]) -> bool:
    # map and operator.is_ loop in C: this runs several times a message over every event of the conversation.
    return len(applied) >= len(replayed) and all(map(operator.is_, applied, replayed))


def _format_tracker_states_when_logged(states: list[State]) -> str:
    """As Rasa's own while RulePolicy's debug log is on (`--debug`); otherwise nobody reads the text."""
    if not logging.getLogger(rule_policy.__name__).isEnabledFor(logging.DEBUG):
        return ""
    text: str = Policy.format_tracker_states(states)
    return text


_rasas_parse_message = MessageProcessor.parse_message


@functools.cache
def _understanding_thread() -> ThreadPoolExecutor:
    """One thread, so the pipeline's components still see one message at a time, as on the loop."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="understanding")


async def _parse_message_off_the_loop(
    self: MessageProcessor,
    message: UserMessage,
    tracker: DialogueStateTracker | None = None,
    only_output_properties: bool = True,
) -> dict[str, Any]:
    """As Rasa's own, with the model's graph run on the understanding thread, in the caller's context variables
    (as `asyncio.to_thread` runs a function: Rasa's structured log reads them)."""
    if self.http_interpreter:
        parsed: dict[str, Any] = await _rasas_parse_message(self, message, tracker, only_output_properties)
        return parsed
    if tracker is None:
        tracker = DialogueStateTracker.from_events(message.sender_id, [])
    in_context = functools.partial(
        contextvars.copy_context().run, self._parse_message_with_graph, message, tracker, only_output_properties
    )
    parse_data: dict[str, Any] = await asyncio.get_running_loop().run_in_executor(_understanding_thread(), in_context)
    self._update_full_retrieval_intent(parse_data)
    rasa_processor.structlogger.debug(
        "processor.message.parse",
        parse_data_text=copy.deepcopy(parse_data["text"]),
        parse_data_intent=parse_data["intent"],
        parse_data_entities=copy.deepcopy(parse_data["entities"]),
    )
    self._check_for_unseen_features(parse_data)
    return parse_data


_run_with_dask = DaskGraphRunner.run


@dataclass
class _Plan:
    """The nodes a run needs, each after the nodes it needs, with the names of those."""

    order: list[tuple[str, list[str]]]
    nodes: frozenset[str]


_plans: weakref.WeakKeyDictionary[DaskGraphRunner, dict[tuple[str, ...], _Plan]] = weakref.WeakKeyDictionary()


def _plan(runner: DaskGraphRunner, targets: list[str]) -> _Plan:
    by_targets = _plans.setdefault(runner, {})
    plan = by_targets.get(tuple(targets))
    if plan is None:
        schema = runner._graph_schema.minimal_graph_schema(targets)
        needs = {name: list(node.needs.values()) for name, node in schema.nodes.items()}
        sorter = graphlib.TopologicalSorter({name: [n for n in needed if n in needs] for name, needed in needs.items()})
        plan = by_targets[tuple(targets)] = _Plan([(name, needs[name]) for name in sorter.static_order()],
                                                  frozenset(needs))  # fmt: skip
    return plan


def _run_in_order(
    self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
) -> dict[str, Any]:
    """As Rasa's own: each node the targets need runs once, after the nodes it needs, and gets their outputs as
    `(name, output)`, or the bare name of a need that is neither a node nor an input, as dask passes it."""
    run_targets = targets if targets else self._graph_schema.target_names
    plan = _plan(self, run_targets)
    inputs = inputs or {}
    if any(name in plan.nodes or (isinstance(value, str) and value in plan.nodes) for name, value in inputs.items()):
        rasas: dict[str, Any] = _run_with_dask(self, inputs, targets)  # an input in a node's place: as Rasa does it
        return rasas
    outputs: dict[str, Any] = {name: (name, value) for name, value in inputs.items()}
    try:
        for name, needed in plan.order:
            outputs[name] = self._instantiated_nodes[name](*(outputs.get(need, need) for need in needed))
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    results: dict[str, Any] = dict(outputs[target] for target in run_targets)
    return results


_load_tracing = RasaModel.load.__func__


def _load_building_weights_eagerly(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: Any,
    predict_data_example: Any = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """As Rasa's `RasaModel.load`, with the weight-building fit run eagerly, for DIET only (measured there:
    the same intents and confidences on every message of tests/nlu_test.yml)."""
    if cls is not DIET:
        return _load_tracing(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                             *args, **kwargs)  # fmt: skip
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.run_eagerly = bool(config.get(RUN_EAGERLY))
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)
    return model


# (class, attribute, replacement), so that tests can apply and undo them one by one.
REPLACEMENTS: list[tuple[type, str, Any]] = [
    (RasaModel, "load", classmethod(_load_building_weights_eagerly)),
    (RemoteAction, "_validate_action_result", _validate_action_result),
    (RemoteAction, "_action_call_format", _action_call_format),
    (Event, "resolve_by_type", staticmethod(_resolve_by_type)),
    (Domain, "states_for_tracker_history", _states_for_tracker_history),
    (DialogueStateTracker, "applied_events", _applied_events),
    (DialogueStateTracker, "copy", _copy),
    (rule_policy.RulePolicy, "format_tracker_states", staticmethod(_format_tracker_states_when_logged)),
    (MessageProcessor, "parse_message", _parse_message_off_the_loop),
    (DaskGraphRunner, "run", _run_in_order),
]


def install() -> None:
    for owner, name, replacement in REPLACEMENTS:
        setattr(owner, name, replacement)
