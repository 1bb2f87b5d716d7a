"""Rasa's SQL tracker store, waiting out a database restart instead of failing the messages during it, and
keeping the conversations it handled in memory instead of reading and rebuilding each on every message.

Rasa wraps every tracker store in a `FailSafeTrackerStore`: when the database cannot be reached, it
answers from a fresh, empty conversation and keeps the new events in memory only, so the person loses
their context and the messages never reach the database. Retrying (retry.py) avoids both.

Rasa reads a conversation, handles one message, and saves it, all under the conversation's lock (one replica at a
time with the Redis lock store). A conversation saved here stays in memory; the next read asks the database only
for the id of the conversation's last event and its number of events. The same: the one in memory is up to date.
More: another replica added them, and only those are read and applied. Anything else (events deleted, a new
session started elsewhere, another model's domain) reads the whole conversation as Rasa does. A conversation is
handed out of memory while a message is handled, and comes back only when it is saved, so a message that fails
half-way leaves nothing behind. docs/deploy.md says why this is safe across replicas.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.exc import InterfaceError, OperationalError

from cso_advisor.rasa_plugins.stores.retry import retrying as retrying_while

# Longer than a database restart. A message reads and saves once each, so it waits at most twice this
# for the database: within Rasa's 60 s conversation lock and nginx's 60 s proxy timeout.
DEFAULT_RETRY_SECONDS = 15.0
# Conversations kept in memory, the least recently saved dropped first: a few hundred kilobytes for a long one.
DEFAULT_CACHED_CONVERSATIONS = 500

Result = TypeVar("Result")


def unreachable(error: Exception) -> bool:
    """What SQLAlchemy raises when the database is unreachable, restarting, or dropped the connection."""
    return isinstance(error, (OperationalError, InterfaceError))


async def retrying(operation: Callable[[], Awaitable[Result]], retry_seconds: float, what: str) -> Result:
    """Run `operation`, again after a growing pause while the database is unreachable, for up to `retry_seconds`."""
    return await retrying_while(operation, retry_seconds, f"The tracker store (trying to {what})", unreachable)


@dataclass(frozen=True)
class Stored:
    """What the database holds of a conversation: the id of its last event, and its number of events."""

    last_id: int | None
    events: int


@dataclass(frozen=True)
class Cached:
    tracker: DialogueStateTracker
    stored: Stored  # as the tracker was saved or read
    saved_events: int  # how many of the tracker's events are stored
    domain: Domain | None  # the domain it was built with: its slots


@dataclass
class Saving:
    """A save of a conversation this store handed out, as its attempts go."""

    new_events: list[Event]  # the events added since the read: what the first attempt to insert stores
    attempts: int = 0  # attempts that came as far as inserting
    last_id: int = 0  # the id of the last event row the latest attempt inserted


class RetryingSQLTrackerStore(SQLTrackerStore):  # type: ignore[misc]
    """`type: ...tracker_store.RetryingSQLTrackerStore` in endpoints.yml; `retry_seconds` sets the patience,
    `cached_conversations` how many conversations stay in memory (0: none, every read rebuilds the conversation)."""

    def __init__(
        self,
        *args: Any,
        retry_seconds: float = DEFAULT_RETRY_SECONDS,
        cached_conversations: int = DEFAULT_CACHED_CONVERSATIONS,
        **kwargs: Any,
    ) -> None:
        self.retry_seconds = float(retry_seconds)
        self.cached_conversations = int(cached_conversations)
        self._cache: OrderedDict[str, Cached] = OrderedDict()
        self._handed_out: OrderedDict[str, Cached] = OrderedDict()  # conversations a message is being handled in
        self._saving: dict[str, Saving] = {}  # the conversations being saved that this store handed out
        super().__init__(*args, **kwargs)
        sa.event.listen(self.sessionmaker, "after_flush", self._note_inserted)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        return await retrying(partial(self._retrieve_latest, sender_id), self.retry_seconds, f"read {sender_id}")

    async def retrieve_full_tracker(self, sender_id: str) -> DialogueStateTracker | None:
        read = partial(super().retrieve_full_tracker, sender_id)
        return await retrying(read, self.retry_seconds, f"read {sender_id}")

    async def save(self, tracker: DialogueStateTracker) -> None:
        sender_id = tracker.sender_id
        self._cache.pop(sender_id, None)
        handed_out = self._handed_out.pop(sender_id, None)
        if handed_out is None or handed_out.tracker is not tracker:
            # A tracker this store did not hand out (a new conversation's): Rasa's way, and not kept, as its
            # maker may go on changing it.
            await retrying(partial(super().save, tracker), self.retry_seconds, f"save {sender_id}")
            return
        saving = self._saving[sender_id] = Saving(list(tracker.events)[handed_out.saved_events :])
        try:
            # Safe to repeat: a second attempt counts the stored events afresh and adds only the missing ones.
            await retrying(partial(super().save, tracker), self.retry_seconds, f"save {sender_id}")
        finally:
            self._saving.pop(sender_id, None)
        if any(isinstance(event, SessionStarted) for event in saving.new_events):
            return  # the next read gives the new session only, so it reads afresh
        if saving.attempts == 1 and saving.last_id:
            # Saved at once, under the conversation's lock: the stored events are those read plus the new ones.
            stored = Stored(saving.last_id, handed_out.stored.events + len(saving.new_events))
        else:
            with self.session_scope() as session:
                stored = self._stored(session, sender_id)
        self._remember(self._cache, sender_id, Cached(tracker, stored, len(tracker.events), self.domain))

    async def keys(self) -> Iterable[str]:
        keys: Iterable[str] = await retrying(super().keys, self.retry_seconds, "list conversations")
        return keys

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        """The events to store: those after the ones the tracker was read with, without counting the stored
        events again, when it is the tracker handed out; otherwise Rasa's count."""
        saving = self._saving.get(tracker.sender_id)
        if saving is not None:
            saving.attempts += 1
            saving.last_id = 0
            if saving.attempts == 1:
                return iter(saving.new_events)
        events: Iterator[Event] = super()._additional_events(session, tracker)
        return events

    async def _retrieve_latest(self, sender_id: str) -> DialogueStateTracker | None:
        cached = self._cache.pop(sender_id, None)
        tracker = None
        with self.session_scope() as session:
            stored = self._stored(session, sender_id)
            if cached is not None and cached.domain is self.domain and self.event_broker is None:
                tracker = self._brought_up_to_date(session, sender_id, cached, stored)
        if tracker is None:
            tracker = await super().retrieve(sender_id)
        if tracker is not None and self.cached_conversations:
            self._remember(self._handed_out, sender_id, Cached(tracker, stored, len(tracker.events), self.domain))
        return tracker

    def _brought_up_to_date(
        self, session: Any, sender_id: str, cached: Cached, stored: Stored
    ) -> DialogueStateTracker | None:
        """The conversation in memory with the events stored since it was saved applied, or None where they are
        not simply more events of the same session."""
        if stored == cached.stored:
            return cached.tracker
        if cached.stored.last_id is None or stored.events <= cached.stored.events:
            return None
        newer = (
            session.query(self.SQLEvent)
            .filter(self.SQLEvent.sender_id == sender_id, self.SQLEvent.id > cached.stored.last_id)
            .order_by(self.SQLEvent.id)
            .all()
        )
        starts_a_session = any(row.type_name == SessionStarted.type_name for row in newer)
        if len(newer) != stored.events - cached.stored.events or starts_a_session:
            return None
        for event in deserialise_events([json.loads(row.data) for row in newer]):
            cached.tracker.update(event)
        return cached.tracker

    def _note_inserted(self, session: Any, _flush: Any) -> None:
        """After a flush of a save this store is making: the id of its last new event row (set by now; the session
        still lists the rows as new)."""
        for row in session.new:
            saving = self._saving.get(row.sender_id) if isinstance(row, self.SQLEvent) else None
            if saving is not None:
                saving.last_id = max(saving.last_id, row.id)

    def _stored(self, session: Any, sender_id: str) -> Stored:
        last_id, events = (
            session.query(sa.func.max(self.SQLEvent.id), sa.func.count(self.SQLEvent.id))
            .filter(self.SQLEvent.sender_id == sender_id)
            .one()
        )
        return Stored(last_id, events)

    def _remember(self, conversations: OrderedDict[str, Cached], sender_id: str, cached: Cached) -> None:
        """Keep it, dropping the least recently kept beyond `cached_conversations`."""
        conversations[sender_id] = cached
        conversations.move_to_end(sender_id)
        while len(conversations) > self.cached_conversations:
            conversations.popitem(last=False)
