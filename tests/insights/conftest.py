"""Builders of conversations as Rasa stores them, written by the tracker store the server uses."""

from __future__ import annotations

import asyncio
import datetime
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from insights.__main__ import main
from stores.tracker_store import RetryingSQLTrackerStore

# Noon UTC on the first day of the made-up traffic; `at(day, minute)` counts from it.
START = datetime.datetime(2026, 11, 2, 12, tzinfo=datetime.timezone.utc).timestamp()

StoreWriter = Callable[[dict[str, Sequence[Event]]], str]


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


@pytest.fixture
def write_store(tmp_path: Path) -> StoreWriter:
    """Write conversations (sender -> events) to a new SQLite tracker store; return its URL."""

    def write(conversations: dict[str, Sequence[Event]]) -> str:
        url = f"sqlite:///{tmp_path / 'conversations.db'}"
        store = RetryingSQLTrackerStore(Domain.empty(), host=url)

        async def save_all() -> None:
            for sender, events in conversations.items():
                await store.save(DialogueStateTracker.from_events(sender, list(events)))

        asyncio.run(save_all())
        store.engine.dispose()
        return url

    return write


CommandLine = Callable[[list[str], dict[str, str]], tuple[int, str]]


@pytest.fixture
def command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CommandLine:
    """Run `python -m insights` here with these environment variables; return its exit code and what it said."""

    def run(arguments: list[str], environment: dict[str, str]) -> tuple[int, str]:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        code = main(arguments)
        said = capsys.readouterr()
        return code, said.out + said.err

    return run
