"""The retrying SQL tracker store: it waits out an unreachable database, and only that, for a bounded time."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import OperationalError

from cso_advisor.rasa_plugins.stores.tracker_store import RetryingSQLTrackerStore, retrying


class Flaky:
    """An operation that fails `failures` times the way an unreachable database does, then answers."""

    def __init__(self, failures: int) -> None:
        self.failures, self.attempts = failures, 0

    async def __call__(self) -> str:
        self.attempts += 1
        if self.attempts <= self.failures:
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))
        return "answer"


@pytest.mark.parametrize("failures", [0, 1, 3])
async def test_an_operation_is_retried_until_the_database_answers(failures: int) -> None:
    operation = Flaky(failures)

    assert await retrying(operation, retry_seconds=5, what="read") == "answer"
    assert operation.attempts == failures + 1


async def test_the_error_is_raised_once_the_patience_runs_out() -> None:
    operation = Flaky(failures=1000)

    with pytest.raises(OperationalError):
        await retrying(operation, retry_seconds=0.5, what="read")
    assert 2 <= operation.attempts < 10


async def test_other_errors_are_not_retried() -> None:
    attempts = 0

    async def broken() -> None:
        nonlocal attempts
        attempts += 1
        raise ValueError("a bug, not an outage")

    with pytest.raises(ValueError, match="a bug"):
        await retrying(broken, retry_seconds=5, what="read")
    assert attempts == 1


def conversation(sender: str, *messages: str) -> DialogueStateTracker:
    return DialogueStateTracker.from_events(sender, [UserUttered(text) for text in messages])


async def test_a_conversation_is_read_once_its_database_is_back(tmp_path: Path) -> None:
    database_dir = tmp_path / "database"
    database_dir.mkdir()
    store = RetryingSQLTrackerStore(Domain.empty(), host=f"sqlite:///{database_dir / 'conversations.db'}")
    await store.save(conversation("s1", "what is the CISSP?", "what about CISM?"))

    database_dir.rename(tmp_path / "away")  # SQLite can no longer open the file: an outage

    async def bring_back() -> None:
        await asyncio.sleep(0.5)
        (tmp_path / "away").rename(database_dir)

    restore = asyncio.create_task(bring_back())
    tracker = await store.retrieve("s1")
    await restore

    assert tracker is not None
    assert [event.text for event in tracker.events if isinstance(event, UserUttered)] == [
        "what is the CISSP?",
        "what about CISM?",
    ]


async def test_a_save_during_an_outage_lands_once_the_database_is_back(tmp_path: Path) -> None:
    database_dir = tmp_path / "database"
    database_dir.mkdir()
    store = RetryingSQLTrackerStore(Domain.empty(), host=f"sqlite:///{database_dir / 'conversations.db'}")
    await store.save(conversation("s1", "hello"))
    database_dir.rename(tmp_path / "away")

    async def bring_back() -> None:
        await asyncio.sleep(0.5)
        (tmp_path / "away").rename(database_dir)

    restore = asyncio.create_task(bring_back())
    await store.save(conversation("s1", "hello", "what does a CSO earn?"))
    await restore

    stored = await store.retrieve("s1")
    assert stored is not None
    assert [event.text for event in stored.events if isinstance(event, UserUttered)] == [
        "hello",
        "what does a CSO earn?",
    ]
