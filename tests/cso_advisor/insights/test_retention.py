"""Retention: conversations inactive for longer than the limit go, whole; active ones stay, whole."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import sqlalchemy
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from cso_advisor.insights.retention import SECONDS_PER_DAY, delete_stale_conversations
from cso_advisor.rasa_plugins.stores.tracker_store import RetryingSQLTrackerStore
from tests.support.stored_events import CommandLine

NOW = time.time()


def days_ago(days: float) -> float:
    return NOW - days * SECONDS_PER_DAY


@pytest.fixture
async def store_url(tmp_path: Path) -> str:
    """A tracker store, written by the store the server uses, with three conversations."""
    url = f"sqlite:///{tmp_path / 'conversations.db'}"
    store = RetryingSQLTrackerStore(Domain.empty(), host=url)
    conversations = {
        "left-long-ago": [days_ago(100), days_ago(99)],
        "recent": [days_ago(1)],
        "old-but-active": [days_ago(100), days_ago(2)],
    }
    for sender, times in conversations.items():
        events = [UserUttered(f"message {number}", timestamp=at) for number, at in enumerate(times)]
        await store.save(DialogueStateTracker.from_events(sender, events))
    return url


def stored(url: str) -> dict[str, int]:
    """Events per conversation."""
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT sender_id, COUNT(*) FROM events GROUP BY sender_id"))
        counts = {sender: count for sender, count in rows}
    engine.dispose()
    return counts


def test_only_conversations_inactive_for_longer_go(store_url: str) -> None:
    assert delete_stale_conversations(store_url, days=30, now=NOW) == 1

    assert stored(store_url) == {"recent": 1, "old-but-active": 2}  # an active one keeps its old events too


def test_a_dry_run_counts_and_deletes_nothing(store_url: str) -> None:
    before = stored(store_url)

    assert delete_stale_conversations(store_url, days=1.5, now=NOW, dry_run=True) == 2
    assert stored(store_url) == before


@pytest.mark.parametrize("days", [0, -7, float("nan"), float("inf")])
def test_a_limit_that_is_not_positive_is_refused(store_url: str, days: float) -> None:
    with pytest.raises(ValueError, match="positive number of days"):
        delete_stale_conversations(store_url, days=days)


def test_an_empty_store_has_nothing_to_delete(tmp_path: Path) -> None:
    assert delete_stale_conversations(f"sqlite:///{tmp_path / 'new.db'}", days=30) == 0


@pytest.mark.parametrize(
    ("arguments", "environment", "code", "said"),
    [
        (["retention", "--days", "30"], {}, 0, "deleted 1 conversation(s)"),
        (["retention", "--dry-run"], {"CSO_RETENTION_DAYS": "1.5"}, 0, "would delete 2 conversation(s)"),
        (["retention"], {"CSO_RETENTION_DAYS": "a month"}, 2, "CSO_RETENTION_DAYS must be a number of days"),
        (["retention", "--days", "0"], {}, 2, "must be a positive number of days"),
    ],
)
def test_the_command_line(
    store_url: str,
    command_line: CommandLine,
    arguments: list[str],
    environment: dict[str, str],
    code: int,
    said: str,
) -> None:
    exit_code, output = command_line(arguments, {"CSO_TRACKER_STORE_URL": store_url, **environment})

    assert (exit_code, said in output) == (code, True), output


def test_the_command_line_needs_the_store(command_line: CommandLine) -> None:
    assert command_line(["retention"], {"CSO_TRACKER_STORE_URL": ""}) == (
        2,
        "CSO_TRACKER_STORE_URL is not set: it names the tracker store, as for the server.\n",
    )
