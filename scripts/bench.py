"""Benchmark the advisor over REST: latency, throughput (also with every message new, which the servers cannot
have remembered), CPU per message, how a message's cost grows with the conversation, start-up time, peak memory
and training time, and the answer ranking's own cost per message (in this process).

    python -m scripts.bench [--messages 200] [--users 10] [--length 20]     (or: make bench)

It starts its own action server and Rasa server on free ports (tests/support/servers.py), with the trained
model and a fresh SQLite tracker store, so nothing else may be running for the figures to mean much.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import requests
import yaml

from cso_advisor.operations.supervisor import MODEL, PROJECT_DIR
from tests.support.servers import Servers, cpu_seconds, memory_mb

TRAINING_SECONDS = PROJECT_DIR / "models" / "training-seconds"  # written by `make train`
# Held-out messages in people's own words, each different: what the servers cannot have remembered.
NEW_MESSAGES = PROJECT_DIR / "tests" / "nlu_test.yml"
QUESTIONS = [
    "what is the CISSP?",
    "what does a senior CSO earn?",
    "how long does it take to become a CSO?",
    "what skills does a CSO need?",
    "tell me about step 4",
    "what is the career ladder?",
    "which professional organizations should I join?",
    "what does a chief security officer do?",
]


def _ask(url: str, sender: str, message: str) -> float:
    """Send one message; return the seconds until the whole answer arrived."""
    started = time.perf_counter()
    answer = requests.post(url, json={"sender": sender, "message": message}, timeout=60)
    answer.raise_for_status()
    if not answer.json():
        raise RuntimeError(f"no answer to {message!r}")
    return time.perf_counter() - started


def converse(url: str, messages: int, length: int, asked: Sequence[str] = QUESTIONS) -> list[float]:
    """`messages` messages from `asked` (again from the first when they run out), as one conversation after another
    of `length` messages each."""
    latencies: list[float] = []
    questions = itertools.cycle(asked)
    while len(latencies) < messages:
        sender = f"bench-{uuid.uuid4().hex}"
        count = min(length, messages - len(latencies))
        latencies += [_ask(url, sender, question) for question in itertools.islice(questions, count)]
    return latencies


def _one_conversation(url: str, messages: int, at_once: int) -> tuple[float, float]:
    """`messages` messages to one conversation, `at_once` at a time, as a person tapping quickly or a retrying
    client would send them; then the same messages one after another. Rasa handles one message of a conversation
    at a time, so the difference between the two is the time lost waiting for the conversation's lock."""
    questions = list(itertools.islice(itertools.cycle(QUESTIONS), messages))
    sender = f"bench-{uuid.uuid4().hex}"
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=at_once) as pool:
        list(pool.map(lambda question: _ask(url, sender, question), questions))
    together = time.perf_counter() - began
    began = time.perf_counter()
    converse(url, messages, length=messages)
    return together, time.perf_counter() - began


Run = TypeVar("Run")


def _cpu_ms_per_message(servers: Servers, messages: int, run: Callable[[], Run]) -> tuple[Run, dict[str, float]]:
    """What `run` returns, and each server's CPU time per message while it sent `messages` messages, in ms."""
    pids = {name: servers.processes[name].pid for name in ("rasa", "actions")}
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    result = run()
    return result, {name: (cpu_seconds(pid) - before[name]) / messages * 1000 for name, pid in pids.items()}


def _cpu_per_message(servers: Servers, url: str, messages: int, length: int) -> None:
    """Each server's CPU time per message, over `messages` messages in conversations of `length` messages, one user."""
    _, used = _cpu_ms_per_message(servers, messages, lambda: converse(url, messages, length))
    print(
        f"{'CPU per message':<26} Rasa {used['rasa']:5.1f} ms, actions {used['actions']:5.1f} ms   "
        f"({messages} messages in conversations of {length})"
    )


def _new_messages() -> list[str]:
    from rasa.shared.nlu.training_data.loading import load_data

    return list(dict.fromkeys(example.get("text") for example in load_data(str(NEW_MESSAGES)).training_examples))


def _many_users(url: str, per_user: int, length: int, asked: Sequence[Sequence[str]]) -> tuple[list[float], float]:
    """One person per entry of `asked`, all at once, each asking from theirs: every latency, and the seconds it all
    took."""
    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(asked)) as pool:
        runs = list(pool.map(lambda mine: converse(url, per_user, length, mine), asked))
    return [seconds for run in runs for seconds in run], time.perf_counter() - began


def _growth(url: str, conversations: Path, messages: int = 120, bucket: int = 20) -> None:
    """The median latency of each `bucket` turns of one conversation of `messages`, sent one after another: what a
    message costs as the conversation grows; and how large Rasa's request to the action server has grown by then."""
    sender = f"bench-{uuid.uuid4().hex}"
    questions = itertools.cycle(QUESTIONS)
    medians, sizes = [], []
    for _ in range(0, messages, bucket):
        medians.append(statistics.median(_ask(url, sender, next(questions)) for _ in range(bucket)))
        sizes.append(_action_request_kb(conversations, sender))
    buckets = ", ".join(
        f"{start + 1}-{start + bucket} {median * 1000:.0f}"
        for start, median in zip(range(0, messages, bucket), medians, strict=True)
    )
    print(f"{'one long conversation':<26} median ms by turns: {buckets}; last/first {medians[-1] / medians[0]:.1f}x")
    for label, column in (("action server request", 0), ("  as Rasa's own", 1)):
        by_turn = ", ".join(f"{(index + 1) * bucket} {size[column]:.1f}" for index, size in enumerate(sizes))
        print(f"{label:<26} KB after turns: {by_turn}")


def _action_request_kb(conversations: Path, sender: str) -> tuple[float, float]:
    """The size of the request to the action server for this conversation now, in KB: as the speed-ups send it (the
    current turn's events; no domain but to the actions that ask for it), and as Rasa's own would (every event of
    the session and the domain)."""
    import asyncio
    import json

    from rasa.core.actions.action import RemoteAction
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import EndpointConfig

    from cso_advisor.rasa_plugins.server import speedups

    domain = Domain.load(PROJECT_DIR / "domain.yml")
    tracker = asyncio.run(SQLTrackerStore(domain, dialect="sqlite", db=str(conversations)).retrieve(sender))
    if tracker is None:
        raise RuntimeError(f"conversation {sender} was not stored")
    # (Read as YAML: the address in it comes from the servers' environment, and the size does not depend on it.)
    endpoint = EndpointConfig.from_dict(yaml.safe_load((PROJECT_DIR / "endpoints.yml").read_text())["action_endpoint"])
    sent = speedups._action_call_format(RemoteAction("action_answer_question", endpoint), tracker, domain)
    rasas = RemoteAction._action_call_format(RemoteAction("action_answer_question", None), tracker, domain)
    return len(json.dumps(sent)) / 1024, len(json.dumps(rasas)) / 1024


def _retrieval_cost(rounds: int = 50) -> None:
    """The hybrid ranking's cost per message and its start-up, measured in this process on the bench's questions."""
    from cso_advisor.core.embeddings import default_encoder
    from cso_advisor.core.knowledge import KnowledgeBase, knowledge_dir
    from cso_advisor.core.search import KnowledgeSearch, decide

    started = time.perf_counter()
    default_encoder()
    loaded = time.perf_counter()
    search = KnowledgeSearch(KnowledgeBase.load(knowledge_dir()))
    built = time.perf_counter()
    costs = []
    for question in QUESTIONS * rounds:
        began = time.perf_counter()
        decide(search.rank(question))
        costs.append(time.perf_counter() - began)
    print(
        f"{'answer ranking':<26} p50 {_percentile(costs, 0.50) * 1000:6.1f} ms   "
        f"p95 {_percentile(costs, 0.95) * 1000:6.1f} ms per message; model load {loaded - started:.1f} s, "
        f"knowledge base embedded in {built - loaded:.1f} s"
    )


def _percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(share * 100) - 1]


def _report(label: str, latencies: list[float], seconds: float) -> None:
    print(
        f"{label:<26} p50 {_percentile(latencies, 0.50) * 1000:6.1f} ms   "
        f"p95 {_percentile(latencies, 0.95) * 1000:6.1f} ms   "
        f"{len(latencies) / seconds:6.1f} messages/s   ({len(latencies)} messages)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=200, help="messages per run (default 200)")
    parser.add_argument("--users", type=int, default=10, help="concurrent conversations (default 10)")
    # Rasa's policies read the whole conversation, so each message costs a little more than the last.
    parser.add_argument("--length", type=int, default=20, help="messages per conversation (default 20)")
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"No trained model at {MODEL}: run `make train` first.")
        return 1

    with tempfile.TemporaryDirectory() as workdir:
        servers = Servers(Path(workdir))
        url = f"{servers.rasa_url}/webhooks/rest/webhook"
        try:
            started = time.perf_counter()
            servers.start("actions", "rasa")
            _ask(url, "bench-first", QUESTIONS[0])
            first_answer = time.perf_counter() - started

            converse(url, len(QUESTIONS), args.length)  # warm-up: every question once
            began = time.perf_counter()
            one_user = converse(url, args.messages, args.length)
            _report("1 user", one_user, time.perf_counter() - began)

            per_user = max(1, args.messages // args.users)
            latencies, seconds = _many_users(url, per_user, args.length, [QUESTIONS] * args.users)
            _report(f"{args.users} concurrent users", latencies, seconds)
            print(f"{'':<26} (conversations of {args.length} messages)")
            # The bench's questions repeat, and the action server remembers the last 32 questions' embeddings.
            new = _new_messages()
            asked = [new[user * per_user : (user + 1) * per_user] for user in range(args.users)]
            (latencies, seconds), used = _cpu_ms_per_message(
                servers, per_user * args.users, lambda: _many_users(url, per_user, args.length, asked)
            )
            _report("  each message new", latencies, seconds)
            print(
                f"{'':<26} ({len(set(itertools.chain(*asked)))} different messages from {NEW_MESSAGES.name}; "
                f"CPU per message Rasa {used['rasa']:.1f} ms, actions {used['actions']:.1f} ms)"
            )
            for length in (20, 60):
                _cpu_per_message(servers, url, messages=120, length=length)
            _growth(url, servers.conversations)
            together, in_turn = _one_conversation(url, messages=100, at_once=10)
            print(
                f"{'one conversation':<26} 100 messages 10 at a time {together:.1f} s, one after another "
                f"{in_turn:.1f} s: {together - in_turn:+.1f} s waiting for the conversation's lock"
            )

            print(f"{'start to first answer':<26} {first_answer:.1f} s (both servers started together)")
            for name in ("rasa", "actions"):
                pid = servers.processes[name].pid
                print(
                    f"{'peak memory, ' + name:<26} {memory_mb(pid):.0f} MB resident "
                    f"({memory_mb(pid, 'RssAnon'):.0f} MB its own at the end, the rest shared library pages)"
                )
        finally:
            servers.stop_all()

    _retrieval_cost()
    if TRAINING_SECONDS.exists():
        print(f"{'training (last make train)':<26} {int(TRAINING_SECONDS.read_text())} s; reused components cut this")
    else:
        print(f"{'training':<26} not recorded: run `make train` (after `make clean` for a full training)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
