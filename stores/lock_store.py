"""Rasa's Redis lock store, made safe for several Rasa replicas.

Rasa 3.6's `RedisLockStore` changes a conversation's lock by reading it, changing it in Python and
writing it back. Two replicas doing that at once overwrite each other: both get the same ticket, both
handle a message of the same conversation at the same time, and the later save drops the earlier
one's events (measured: 24 messages sent at once to one conversation through two replicas, 18 kept).
Here each change is a Redis transaction on the lock's key (WATCH/MULTI/EXEC), redone if another
replica changed the lock in between. Rasa Pro's "concurrent" Redis lock store solves the same problem.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")
# A change to one conversation's lock: the lock as stored (None if there is none), to the lock to
# store (None to delete it) and what the caller gets back.
Change = Callable[[TicketLock | None], tuple[TicketLock | None, Result]]


class AtomicRedisLockStore(RedisLockStore):  # type: ignore[misc]
    """`type: stores.lock_store.AtomicRedisLockStore` in endpoints.yml, with RedisLockStore's settings."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        ticket: int = self._change(conversation_id, issue)
        return ticket

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
                        raise  # the connection dropped: the change may have been applied, so never redo it
                    continue  # another replica changed the lock first: start again from its version
