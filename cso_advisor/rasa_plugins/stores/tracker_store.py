"""Rasa's SQL tracker store, waiting out a database restart instead of failing the messages during it.

Rasa wraps every tracker store in a `FailSafeTrackerStore`: when the database cannot be reached, it
answers from a fresh, empty conversation and keeps the new events in memory only, so the person loses
their context and the messages never reach the database. Retrying (retry.py) avoids both.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import InterfaceError, OperationalError

from cso_advisor.rasa_plugins.stores.retry import retrying as retrying_while

# Longer than a database restart. A message reads and saves once each, so it waits at most twice this
# for the database: within Rasa's 60 s conversation lock and nginx's 60 s proxy timeout.
DEFAULT_RETRY_SECONDS = 15.0

Result = TypeVar("Result")


def unreachable(error: Exception) -> bool:
    """What SQLAlchemy raises when the database is unreachable, restarting, or dropped the connection."""
    return isinstance(error, (OperationalError, InterfaceError))


async def retrying(operation: Callable[[], Awaitable[Result]], retry_seconds: float, what: str) -> Result:
    """Run `operation`, again after a growing pause while the database is unreachable, for up to `retry_seconds`."""
    return await retrying_while(operation, retry_seconds, f"The tracker store (trying to {what})", unreachable)


class RetryingSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """`type: ...tracker_store.RetryingSQLTrackerStore` in endpoints.yml; `retry_seconds` sets the patience."""

    def __init__(self, *args: Any, retry_seconds: float = DEFAULT_RETRY_SECONDS, **kwargs: Any) -> None:
        self.retry_seconds = float(retry_seconds)
        super().__init__(*args, **kwargs)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await retrying(partial(super().retrieve, sender_id), self.retry_seconds, f"read {sender_id}")

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        read = partial(super().retrieve_full_tracker, sender_id)
        return await retrying(read, self.retry_seconds, f"read {sender_id}")

    async def save(self, tracker: DialogueStateTracker) -> None:
        # Safe to repeat: each attempt counts the stored events afresh and adds only the missing ones.
        await retrying(partial(super().save, tracker), self.retry_seconds, f"save {tracker.sender_id}")

    async def keys(self) -> Iterable[str]:
        keys: Iterable[str] = await retrying(super().keys, self.retry_seconds, "list conversations")
        return keys
