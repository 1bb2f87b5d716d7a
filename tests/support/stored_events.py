"""Tracker events as the servers store them, built by hand for the insights tests: a user message as the model
parsed it, a bot answer with its buttons, an action, the answer slot, each at a time in the made-up traffic."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import Any

from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered

# Writes conversations (sender -> events) to a new tracker store and returns its URL (the `write_store` fixture).
StoreWriter = Callable[[dict[str, Sequence[Event]]], str]
# Runs `python -m cso_advisor.insights` with these arguments and environment variables (the `command_line` fixture).
CommandLine = Callable[[list[str], dict[str, str]], tuple[int, str]]

# Noon UTC on the first day of the made-up traffic; `at(day, minute)` counts from it.
START = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.timezone.utc).timestamp()


def at(day: int, minute: float = 0) -> float:
    return START + day * 86400 + minute * 60


def user(
    text: str,
    intent: str,
    confidence: float,
    when: float,
    ranking: Sequence[tuple[str, float]] = (),
    entities: Sequence[dict[str, Any]] = (),
) -> UserUttered:
    """A user message as the model parsed it; `ranking` defaults to the intent alone. With intent nlu_fallback,
    pass the model's own ranking: Rasa stores the fallback first, then it."""
    ranked = [(intent, confidence), *ranking] if intent == "nlu_fallback" else list(ranking or [(intent, confidence)])
    parse_data = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "intent_ranking": [{"name": name, "confidence": score} for name, score in ranked],
        "entities": list(entities),
    }
    return UserUttered(text, parse_data["intent"], list(entities), parse_data, timestamp=when)


def bot(text: str, when: float, buttons: Sequence[tuple[str, str]] = ()) -> BotUttered:
    data = {"buttons": [{"title": title, "payload": payload} for title, payload in buttons]} if buttons else {}
    return BotUttered(text, data, timestamp=when)


def action(name: str, when: float) -> ActionExecuted:
    return ActionExecuted(name, timestamp=when)


def answered(item: str, when: float) -> SlotSet:
    return SlotSet("current_item", item, timestamp=when)
