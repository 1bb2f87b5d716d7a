"""The atomic Redis lock store, on a real Redis: one message at a time per conversation, across replicas."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from rasa.utils.endpoints import EndpointConfig

from scripts.servers import free_ports
from stores.lock_store import AtomicRedisLockStore

REPLICAS = 2
MESSAGES_PER_REPLICA = 12


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    program = shutil.which("redis-server")
    if not program:
        pytest.fail("no redis-server: `make test` installs Debian's redis-server package")
    [port] = free_ports(1)
    server = subprocess.Popen(
        [program, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    client = redis.Redis(port=port)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
    yield port
    server.terminate()
    server.wait()


def replica(port: int) -> AtomicRedisLockStore:
    """One Rasa replica's lock store: its own connection to the shared Redis."""
    return AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, key_prefix="test"))


def test_tickets_issued_at_once_by_several_replicas_are_all_different(redis_port: int) -> None:
    stores = [replica(redis_port) for _ in range(REPLICAS)]
    tickets: list[int] = []
    start = threading.Barrier(REPLICAS * MESSAGES_PER_REPLICA)

    def issue(store: AtomicRedisLockStore) -> None:
        start.wait()
        tickets.append(store.issue_ticket("tickets"))

    threads = [threading.Thread(target=issue, args=(store,)) for store in stores for _ in range(MESSAGES_PER_REPLICA)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(tickets) == list(range(REPLICAS * MESSAGES_PER_REPLICA))


def test_one_message_at_a_time_per_conversation_across_replicas(redis_port: int) -> None:
    stores = [replica(redis_port) for _ in range(REPLICAS)]
    inside, most_inside, handled = 0, 0, 0
    guard = threading.Lock()
    start = threading.Barrier(REPLICAS * MESSAGES_PER_REPLICA)

    async def handle(store: AtomicRedisLockStore) -> None:
        nonlocal inside, most_inside, handled
        async with store.lock("conversation", wait_time_in_seconds=0.01):
            with guard:
                inside += 1
                most_inside = max(most_inside, inside)
            await asyncio.sleep(0.005)  # the message being handled
            with guard:
                inside -= 1
                handled += 1

    def run(store: AtomicRedisLockStore) -> None:
        start.wait()
        asyncio.run(handle(store))

    threads = [threading.Thread(target=run, args=(store,)) for store in stores for _ in range(MESSAGES_PER_REPLICA)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert handled == REPLICAS * MESSAGES_PER_REPLICA
    assert most_inside == 1
    assert stores[0].get_lock("conversation") is None  # the last one out deleted the lock
