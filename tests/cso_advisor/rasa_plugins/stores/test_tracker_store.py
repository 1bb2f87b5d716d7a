"""The retrying SQL tracker store: it waits out an unreachable database, and only that, for a bounded time."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
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


# The conversations kept in memory: each read must give what reading the database afresh gives.

SENDER = "s1"


def _store(path: Path, cached: int = 500) -> RetryingSQLTrackerStore:
    return RetryingSQLTrackerStore(Domain.empty(), host=f"sqlite:///{path}", cached_conversations=cached)


async def _handle(store: RetryingSQLTrackerStore, *events: Event) -> DialogueStateTracker:
    """What Rasa does with a message: read the conversation (or start it), add the message's events, save."""
    tracker = await store.get_or_create_tracker(SENDER)
    for event in events:
        tracker.update(event)
    await store.save(tracker)
    return tracker


def _message(text: str) -> list[Event]:
    return [UserUttered(text), ActionExecuted("utter_answer"), ActionExecuted(ACTION_LISTEN_NAME)]


async def _afresh(path: Path) -> list[dict[str, Any]]:
    tracker = await _store(path, cached=0).retrieve(SENDER)
    assert tracker is not None
    return [event.as_dict() for event in tracker.events]


def _texts(events: list[dict[str, Any]]) -> list[str]:
    return [event["text"] for event in events if event["event"] == "user"]


async def test_a_conversation_comes_from_memory_as_it_was_saved(tmp_path: Path) -> None:
    store = _store(tmp_path / "conversations.db")
    for text in ["hello", "what is the CISSP?"]:
        saved = await _handle(store, *_message(text))

    read = await store.retrieve(SENDER)

    assert read is saved  # not read from the database again
    assert [event.as_dict() for event in read.events] == await _afresh(tmp_path / "conversations.db")


async def test_what_another_replica_added_is_read_and_applied(tmp_path: Path) -> None:
    path = tmp_path / "conversations.db"
    replica, other = _store(path), _store(path)
    await _handle(replica, *_message("hello"))
    await _handle(replica, *_message("what is the CISSP?"))
    await _handle(other, *_message("what about CISM?"))

    tracker = await _handle(replica, *_message("how do I get it?"))

    stored = await _afresh(path)
    assert [event.as_dict() for event in tracker.events] == stored
    assert _texts(stored) == ["hello", "what is the CISSP?", "what about CISM?", "how do I get it?"]


async def test_a_message_that_fails_half_way_leaves_nothing_behind(tmp_path: Path) -> None:
    path = tmp_path / "conversations.db"
    store = _store(path)
    await _handle(store, *_message("hello"))
    await _handle(store, *_message("what is the CISSP?"))
    failed = await store.retrieve(SENDER)
    assert failed is not None
    failed.update(UserUttered("never saved"))  # the message's handling fails before the save

    tracker = await _handle(store, *_message("what about CISM?"))

    assert _texts([event.as_dict() for event in tracker.events]) == ["hello", "what is the CISSP?", "what about CISM?"]
    assert [event.as_dict() for event in tracker.events] == await _afresh(path)


@pytest.mark.parametrize("elsewhere", ["deleted", "new session"])
async def test_a_conversation_changed_otherwise_is_read_afresh(tmp_path: Path, elsewhere: str) -> None:
    path = tmp_path / "conversations.db"
    replica, other = _store(path), _store(path)
    await _handle(replica, *_message("hello"))
    await _handle(replica, *_message("what is the CISSP?"))
    if elsewhere == "deleted":  # retention deleted it; the person came back
        with other.session_scope() as session:
            session.query(other.SQLEvent).filter(other.SQLEvent.sender_id == SENDER).delete()
            session.commit()
        await _handle(other, *_message("hi again"))
    else:  # another replica started a new session
        await _handle(other, SessionStarted(), ActionExecuted(ACTION_LISTEN_NAME), *_message("hi again"))

    tracker = await _handle(replica, *_message("what does a CSO earn?"))

    assert [event.as_dict() for event in tracker.events] == await _afresh(path)
    assert _texts(await _afresh(path)) == ["hi again", "what does a CSO earn?"]


async def test_each_event_is_stored_once_in_order_across_replicas(tmp_path: Path) -> None:
    path = tmp_path / "conversations.db"
    replicas = [_store(path), _store(path)]
    texts = [f"question {number}" for number in range(12)]
    for number, text in enumerate(texts):
        await _handle(replicas[number % 3 % 2], *_message(text))  # 0, 1, 0, 0, 1, 0, ...

    with replicas[0].session_scope() as session:
        rows = session.query(replicas[0].SQLEvent).filter(replicas[0].SQLEvent.sender_id == SENDER).count()
    stored = await _afresh(path)
    assert _texts(stored) == texts
    assert rows == len(stored)  # no event stored twice


async def test_a_save_whose_answer_was_lost_is_not_stored_twice(tmp_path: Path) -> None:
    """The database stored the events, then the connection dropped before it said so: the save is tried again,
    and must add nothing."""
    path = tmp_path / "conversations.db"
    store = _store(path)
    await _handle(store, *_message("hello"))
    dropped: list[bool] = []

    def drop_once(_session: Any) -> None:
        if not dropped:
            dropped.append(True)
            raise OperationalError("COMMIT", {}, ConnectionResetError("connection reset"))

    sqlalchemy.event.listen(store.sessionmaker, "after_commit", drop_once)
    await _handle(store, *_message("what is the CISSP?"))

    assert dropped
    assert _texts(await _afresh(path)) == ["hello", "what is the CISSP?"]
    with store.session_scope() as session:
        rows = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == SENDER).count()
    assert rows == len(await _afresh(path))
