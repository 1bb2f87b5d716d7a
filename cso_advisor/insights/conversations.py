"""Read the conversations back from the tracker store the server writes (`CSO_TRACKER_STORE_URL`).

A conversation is one of Rasa's sessions: someone who comes back after the session expires (domain.yml,
`session_config`), or restarts, starts a new one under the same sender id.

Rasa's SQL tracker store keeps one row per event; reading the rows directly is many times faster than
rebuilding every tracker through Rasa, which matters on a store with thousands of conversations.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy

NLU_FALLBACK = "nlu_fallback"
# What the bot does when its policies are unsure of the next step (config.yml, RulePolicy).
CORE_FALLBACK_ACTIONS = frozenset({"utter_please_rephrase", "action_default_fallback"})
# Rasa's bookkeeping, not something the bot said or did for the user.
_INTERNAL_ACTIONS = frozenset({"action_listen", "action_session_start"})
_EVENTS = (
    "SELECT sender_id, type_name, timestamp, data FROM events "
    "WHERE type_name IN ('user', 'bot', 'action', 'slot', 'session_started', 'restart')"
)
_NEW_CONVERSATION = frozenset({"session_started", "restart"})


@dataclass(frozen=True)
class Entity:
    start: int
    end: int
    entity: str
    value: str


@dataclass
class UserMessage:
    """One message a person sent, with what the model understood and what the bot did about it."""

    timestamp: float
    text: str
    intent: str | None
    confidence: float
    # The model's intents and confidences, best first, without the fallback that may have replaced the top one.
    ranking: list[tuple[str, float]]
    entities: list[Entity]
    button: str | None = None  # the title of the button this message clicked
    actions: list[str] = field(default_factory=list)  # what the bot ran in reply
    answers: list[str] = field(default_factory=list)  # the knowledge answers it gave (the `current_item` slot)

    @property
    def fell_back(self) -> bool:
        """The model was not confident of any intent, or the policies of any next step."""
        return self.intent == NLU_FALLBACK or not CORE_FALLBACK_ACTIONS.isdisjoint(self.actions)


@dataclass
class Conversation:
    sender: str
    messages: list[UserMessage] = field(default_factory=list)
    session: int = 0  # which of the sender's sessions, from 0

    @property
    def key(self) -> tuple[str, int]:
        return self.sender, self.session


def normalised(text: str) -> str:
    """How two messages, or a message and a training example, are compared: case and spacing aside, and entity
    annotations ("[cissp](certification)") read as their text."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def read_conversations(store_url: str) -> list[Conversation]:
    """Every conversation that has at least one user message, with its messages in the order they were sent."""
    engine = sqlalchemy.create_engine(store_url)
    try:
        with engine.connect() as connection:
            if not sqlalchemy.inspect(connection).has_table("events"):
                return []
            rows = connection.execute(sqlalchemy.text(f"{_EVENTS} ORDER BY sender_id, id"))
            return [conversation for conversation in _conversations(rows) if conversation.messages]
    finally:
        engine.dispose()


def _conversations(rows: Any) -> Iterator[Conversation]:
    conversation: Conversation | None = None
    buttons: dict[str, str] = {}  # payload -> title of the buttons the bot offered since the last user message
    for sender, kind, timestamp, data in rows:
        if conversation is None or conversation.sender != sender:
            if conversation is not None:
                yield conversation
            conversation, buttons = Conversation(sender), {}
        last = conversation.messages[-1] if conversation.messages else None
        if kind in _NEW_CONVERSATION:
            if last is not None:  # the slots a new session carries over belong to no message of it
                yield conversation
                conversation = Conversation(sender, session=conversation.session + 1)
            buttons = {}
            continue
        event = json.loads(data)
        if kind == "user":
            message = _user_message(timestamp, event)
            message.button = buttons.get(message.text)
            conversation.messages.append(message)
            buttons = {}
        elif kind == "bot":
            buttons.update((b["payload"], b["title"]) for b in (event.get("data") or {}).get("buttons") or [])
        elif last is None:
            continue  # the session start, before anyone wrote
        elif kind == "action" and event.get("name") not in _INTERNAL_ACTIONS:
            last.actions.append(event["name"])
        elif kind == "slot" and event.get("name") == "current_item" and event.get("value"):
            last.answers.append(str(event["value"]))
    if conversation is not None:
        yield conversation


def _user_message(timestamp: float, event: dict[str, Any]) -> UserMessage:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = [
        (str(item["name"]), float(item.get("confidence") or 0.0))
        for item in parse.get("intent_ranking") or []
        if item.get("name") != NLU_FALLBACK
    ]
    entities = [
        Entity(int(found["start"]), int(found["end"]), str(found["entity"]), str(found.get("value")))
        for found in parse.get("entities") or []
        if "start" in found and "end" in found
    ]
    return UserMessage(
        timestamp=float(timestamp),
        text=str(event.get("text") or ""),
        intent=intent.get("name"),
        confidence=float(intent.get("confidence") or 0.0),
        ranking=ranking,
        entities=entities,
    )
