"""Rasa's lock stores, made safe for several Rasa replicas, for Redis restarts, and quick to hand over.

A conversation's lock makes its messages wait for each other, so that each one reads the conversation the
one before it saved. Three things about Rasa 3.6's lock stores are changed here:

- Rasa's `RedisLockStore` changes a lock by reading it, changing it in Python and writing it back. Two
  replicas doing that at once overwrite each other: both get the same ticket, both handle a message of the
  same conversation at the same time, and the later save drops the earlier one's events (measured: 24
  messages sent at once to one conversation through two replicas, 18 kept). Here each change is a Redis
  transaction on the lock's key (WATCH/MULTI/EXEC), redone if another replica changed the lock in between.
  Rasa Pro's "concurrent" Redis lock store solves the same problem.
- A message that finds Redis restarting failed with an apology and was never stored. Here every lock change
  waits out the restart (retry.py), like the tracker store; every change is safe to redo, even one
  whose reply was lost with the connection.
- A waiting message looked at the lock once a second, so ten messages sent together to one conversation
  took ten seconds more than handling them (100 messages, 10 at a time: 104 s, against 8 s one after another).
  Here it looks every `poll_seconds`.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import partial
from typing import Any, TypeVar

import redis
from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

from cso_advisor.rasa_plugins.stores.retry import retrying

# A message handed over the lock waits at most this long to notice: a few Redis reads per waiting message
# per poll, and 10 messages in a row lose at most half a second between them.
DEFAULT_POLL_SECONDS = 0.05
# Longer than a Redis restart, and well within Rasa's 60 s lock lifetime.
DEFAULT_RETRY_SECONDS = 15.0

Result = TypeVar("Result")
# A change to one conversation's lock: the lock as stored (None if there is none), to the lock to
# store (None to delete it) and what the caller gets back.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


def unreachable(error: Exception) -> bool:
    """Redis is restarting, down or slow; a refused password is a configuration error and is not retried."""
    return isinstance(error, (redis.ConnectionError, redis.TimeoutError)) and not isinstance(
        error, redis.AuthenticationError
    )


def find(lock: TicketLock, mine: Ticket) -> Ticket | None:
    """This request's ticket in the lock, if it is there and not expired. Tickets are told apart by their
    expiry too: after a restart of Redis lost the lock, numbers start again at 0 and a number names two."""
    lock.remove_expired_tickets()
    return next(
        (issued for issued in lock.tickets if (issued.number, issued.expires) == (mine.number, mine.expires)), None
    )


class FastPollingInMemoryLockStore(InMemoryLockStore):  # type: ignore[misc]
    """`type: ...lock_store.FastPollingInMemoryLockStore` in endpoints.yml: Rasa's lock store for a
    single Rasa server, with waiting messages looking at the lock every `poll_seconds`."""

    def __init__(self, endpoint_config: EndpointConfig | None = None) -> None:
        settings = endpoint_config.kwargs if endpoint_config else {}
        self.poll_seconds = float(settings.get("poll_seconds", DEFAULT_POLL_SECONDS))
        super().__init__()

    def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float | None = None
    ) -> Any:
        wait = self.poll_seconds if wait_time_in_seconds is None else wait_time_in_seconds
        return super().lock(conversation_id, lock_lifetime, wait)


class AtomicRedisLockStore(RedisLockStore):  # type: ignore[misc]
    """`type: ...lock_store.AtomicRedisLockStore` in endpoints.yml, with RedisLockStore's settings and
    `poll_seconds` and `retry_seconds`."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        settings = dict(endpoint_config.kwargs)
        self.poll_seconds = float(settings.pop("poll_seconds", DEFAULT_POLL_SECONDS))
        self.retry_seconds = float(settings.pop("retry_seconds", DEFAULT_RETRY_SECONDS))
        super().__init__(host=endpoint_config.url, **settings)

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float | None = None
    ) -> AsyncIterator[TicketLock]:
        """Rasa's `LockStore.lock`, with every Redis step waiting out a restart of Redis. A ticket that is no
        longer in the lock (a restart of Redis lost it, or it expired) is replaced by a new one."""
        poll = self.poll_seconds if wait_time_in_seconds is None else wait_time_in_seconds
        mine = await self._retrying(self._issuing(conversation_id, lock_lifetime), conversation_id, "issue a ticket")
        try:
            while True:
                lock = await self._retrying(partial(self.get_lock, conversation_id), conversation_id, "read the lock")
                if lock is None or find(lock, mine) is None:
                    issue = self._issuing(conversation_id, lock_lifetime)
                    mine = await self._retrying(issue, conversation_id, "issue a ticket again")
                elif not lock.is_locked(mine.number):
                    yield lock
                    return
                else:
                    await asyncio.sleep(poll)
                    await self._retrying(partial(self.update_lock, conversation_id), conversation_id, "update the lock")
        finally:
            give_back = partial(self._change, conversation_id, self._giving_back(mine))
            await self._retrying(give_back, conversation_id, "give the ticket back")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        number: int = self._issuing(conversation_id, lock_lifetime)().number
        return number

    def _issuing(self, conversation_id: str, lock_lifetime: float) -> Callable[[], Ticket]:
        """Issuing one ticket, safe to redo: the ticket's expiry, a time no other request shares, names it, so
        a redo after a lost reply finds the ticket Redis already stored instead of issuing a second one."""
        expires = time.time() + lock_lifetime + random.uniform(0, 0.001)

        def issue(lock: TicketLock | None) -> tuple[TicketLock, Ticket]:
            lock = lock or self.create_lock(conversation_id)
            lock.remove_expired_tickets()
            mine = next((issued for issued in lock.tickets if issued.expires == expires), None)
            if mine is None:
                mine = Ticket(lock.last_issued + 1, expires)
                lock.tickets.append(mine)
            return lock, mine

        return partial(self._change, conversation_id, issue)

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def remove_ticket(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, remove_ticket)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Give the ticket back, and delete the lock if nobody is waiting: in one step, so a ticket issued
        in between by another replica is never deleted with it."""

        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return (lock if lock and lock.is_someone_waiting() else None), None

        self._change(conversation_id, finish)

    @staticmethod
    def _giving_back(mine: Ticket) -> Change[None]:
        """`cleanup` for exactly this ticket (see `find`), whose number another ticket may share after a restart."""

        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            found = find(lock, mine) if lock else None
            if lock and found:
                lock.tickets.remove(found)
            return (lock if lock and lock.is_someone_waiting() else None), None

        return finish

    async def _retrying(self, step: Callable[[], Result], conversation_id: str, what: str) -> Result:
        async def attempt() -> Result:
            return step()

        return await retrying(
            attempt, self.retry_seconds, f"The lock store ({what} for {conversation_id})", unreachable
        )

    def _change(self, conversation_id: str, change: Change[Result]) -> Result:
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as transaction:
            while True:
                try:
                    transaction.watch(key)
                    stored = transaction.get(key)
                    lock = TicketLock.from_dict(json.loads(stored)) if stored else None
                    changed, result = change(lock)
                    transaction.multi()
                    if changed is None:
                        transaction.delete(key)
                    else:
                        transaction.set(key, changed.dumps())
                    transaction.execute()
                    return result
                except redis.WatchError as conflict:
                    if isinstance(conflict.__cause__, redis.ConnectionError):
                        # The connection dropped: the caller waits for Redis and redoes the change.
                        raise conflict.__cause__ from conflict
                    continue  # another replica changed the lock first: start again from its version
