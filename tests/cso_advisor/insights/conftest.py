"""The insights tests' fixtures: a tracker store written with given conversations, and the insights command line."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker

from cso_advisor.insights.__main__ import main
from cso_advisor.rasa_plugins.stores.tracker_store import RetryingSQLTrackerStore
from tests.support.stored_events import CommandLine, StoreWriter


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


@pytest.fixture
def command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> CommandLine:
    """Run `python -m cso_advisor.insights` here with this environment; return its exit code and what it said."""

    def run(arguments: list[str], environment: dict[str, str]) -> tuple[int, str]:
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        code = main(arguments)
        said = capsys.readouterr()
        return code, said.out + said.err

    return run
