"""The lock stores, on a real Redis: one message at a time per conversation across replicas, through Redis
restarts, configured from endpoints.yml as Rasa reads it."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from rasa.core.lock_store import LockStore
from rasa.utils.endpoints import EndpointConfig

from cso_advisor.operations.supervisor import free_ports
from cso_advisor.rasa_plugins.stores.lock_store import AtomicRedisLockStore, FastPollingInMemoryLockStore, unreachable

REPLICAS = 2
MESSAGES_PER_REPLICA = 12


class RedisServer:
    """A real Redis on a free port, without persistence (as the scale-out profile runs it), restartable."""

    def __init__(self) -> None:
        program = shutil.which("redis-server")
        if not program:
            pytest.fail("no redis-server: `make test` installs Debian's redis-server package")
        [self.port] = free_ports(1)
        self.command = [program, "--bind", "127.0.0.1", "--port", str(self.port), "--save", "", "--appendonly", "no"]
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL)
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait()
            self.process = None


@pytest.fixture(scope="module")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_port(redis_server: RedisServer) -> int:
    if redis_server.process is None:  # a test that stopped it failed before starting it again
        redis_server.start()
    return redis_server.port


def replica(port: int, **settings: Any) -> AtomicRedisLockStore:
    """One Rasa replica's lock store: its own connection to the shared Redis."""
    return AtomicRedisLockStore(EndpointConfig(url="127.0.0.1", port=port, key_prefix="test", **settings))


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


async def test_a_message_waits_out_a_redis_restart(redis_server: RedisServer) -> None:
    store = replica(redis_server.port, retry_seconds=10)
    redis_server.stop()
    restarted = threading.Timer(0.5, redis_server.start)
    restarted.start()
    try:
        async with store.lock("restart") as lock:  # issued while Redis was down
            assert not lock.is_locked(0)
    finally:
        restarted.join()
    assert store.get_lock("restart") is None  # and given back


async def test_the_error_is_raised_once_the_patience_runs_out(redis_server: RedisServer) -> None:
    store = replica(redis_server.port, retry_seconds=0.3)
    redis_server.stop()
    try:
        with pytest.raises(redis.ConnectionError):
            async with store.lock("never"):
                pytest.fail("got a lock from a stopped Redis")
    finally:
        redis_server.start()


async def test_a_waiting_message_carries_on_when_a_restart_lost_the_lock(redis_port: int) -> None:
    first, second = replica(redis_port), replica(redis_port)
    order: list[str] = []

    async def handle(store: AtomicRedisLockStore, name: str, seconds: float) -> None:
        async with store.lock("lost"):
            order.append(name)
            await asyncio.sleep(seconds)

    holding = asyncio.create_task(handle(first, "first", 1.0))
    await asyncio.sleep(0.1)
    waiting = asyncio.create_task(handle(second, "second", 0))
    await asyncio.sleep(0.1)
    redis.Redis(port=redis_port).flushall()  # what a restart without persistence does to the locks
    await asyncio.wait_for(waiting, timeout=5)  # a new ticket, not Rasa's LockError or a 60 s wait
    await holding

    assert order == ["first", "second"]


def test_issuing_a_ticket_again_after_a_lost_reply_gives_the_same_ticket(redis_port: int) -> None:
    store = replica(redis_port)
    issue = store._issuing("redo", 60)

    assert issue().number == issue().number == 0  # Redis stored the first; the redo finds it
    assert [ticket.number for ticket in store.get_lock("redo").tickets] == [0]
    assert store.issue_ticket("redo") == 1  # another message's ticket is a new one
    store.delete_lock("redo")


@pytest.mark.parametrize(
    ("error", "retried"),
    [
        (redis.ConnectionError("Connection refused"), True),
        (redis.TimeoutError("Timeout reading from socket"), True),
        (redis.BusyLoadingError("Redis is loading the dataset in memory"), True),
        (redis.AuthenticationError("invalid username-password pair"), False),
        (redis.ResponseError("WRONGTYPE"), False),
        (ValueError("a bug, not an outage"), False),
    ],
)
def test_only_an_unreachable_redis_is_waited_for(error: Exception, retried: bool) -> None:
    assert unreachable(error) is retried


@pytest.mark.parametrize(
    ("settings", "store_type", "poll_seconds"),
    [
        (
            {"type": "cso_advisor.rasa_plugins.stores.lock_store.FastPollingInMemoryLockStore"},
            FastPollingInMemoryLockStore,
            0.05,
        ),
        (
            {"type": "cso_advisor.rasa_plugins.stores.lock_store.FastPollingInMemoryLockStore", "poll_seconds": 0.2},
            FastPollingInMemoryLockStore,
            0.2,
        ),
        (
            {
                "type": "cso_advisor.rasa_plugins.stores.lock_store.AtomicRedisLockStore",
                "poll_seconds": 0.01,
                "retry_seconds": 3,
            },
            AtomicRedisLockStore,
            0.01,
        ),
    ],
)
def test_the_settings_in_endpoints_yml_reach_the_store(
    settings: dict[str, Any], store_type: type, poll_seconds: float, redis_port: int
) -> None:
    config = EndpointConfig(url="127.0.0.1", port=redis_port, **settings)

    store = LockStore.create(config)

    assert type(store) is store_type
    assert isinstance(store, (FastPollingInMemoryLockStore, AtomicRedisLockStore))
    assert store.poll_seconds == poll_seconds


async def test_the_in_memory_store_hands_the_lock_over_in_turn() -> None:
    store = FastPollingInMemoryLockStore()
    order: list[int] = []

    async def handle(number: int) -> None:
        async with store.lock("turns"):
            order.append(number)
            await asyncio.sleep(0.01)

    await asyncio.gather(*(handle(number) for number in range(10)))

    assert order == list(range(10))
    assert store.get_lock("turns") is None
