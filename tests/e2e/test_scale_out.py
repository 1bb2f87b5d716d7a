"""The scale-out profile (deploy/scale_out.py) under load and faults: two Rasa replicas with the Redis lock
store and the PostgreSQL tracker store, two action servers, and nginx in front.

Each simulated person connects from an address of their own in 127.0.0.0/8, as people behind a portal
would, so nginx's per-client limits and socket.io stickiness see them as different clients.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
import socketio
from requests_toolbelt.adapters.source import SourceAddressAdapter

from cso_advisor.insights.retention import SECONDS_PER_DAY, delete_stale_conversations
from cso_advisor.rasa_plugins.channels.rest import SILENCE_APOLOGY
from deploy.scale_out import ScaleOut
from tests.support.conversation import new_sender, text_of
from tests.support.layouts import running
from tests.support.paths import PROJECT_DIR
from tests.support.socketio import request_session

pytestmark = pytest.mark.e2e

REST = "/webhooks/rest/webhook"
LOAD_REPORT = PROJECT_DIR / "results" / "scale-out-load.txt"
# Ten messages, most answered from the context the previous ones left, whichever replica held it.
CONVERSATION = [
    ("hello", "CSO Career Advisor"),
    ("what certifications do I need?", "CISSP"),
    ("what about CISM?", "Certified Information Security Manager"),
    ("tell me more", "How to earn the CISM"),
    ("what does a senior CSO earn?", "$150,000 – $200,000"),
    ("what comes after that?", "Lead"),
    ("go back", "Back to *Certifications for a CSO career*"),
    ("how long does it take to become a CSO?", "10-15 years"),
    ("can I do it without a degree?", "degree"),
    ("what skills does a CSO need?", "skills"),
]


def post(session: requests.Session, profile: ScaleOut, sender: str, message: str) -> requests.Response:
    return session.post(f"{profile.url}{REST}", json={"sender": sender, "message": message}, timeout=120)


def session_from(address: str) -> requests.Session:
    """HTTP from this loopback address, as if from another machine."""
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(address))
    return session


@pytest.fixture(scope="module")
def scale_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScaleOut]:
    profile = ScaleOut(tmp_path_factory.mktemp("scale-out"))
    yield from running(profile, profile.start_all)


def rasa_upstreams(profile: ScaleOut) -> set[str]:
    return {f"127.0.0.1:{port}" for port in profile.rasa_ports}


def replicas_by_client(profile: ScaleOut, route: str) -> dict[str, set[str]]:
    """From nginx's access log: the replicas that served each client address on `route`."""
    replicas: dict[str, set[str]] = defaultdict(set)
    for entry in profile.access_log_entries():
        if route in entry.request:
            replicas[entry.client].add(entry.upstream)
    return replicas


def test_50_concurrent_conversations_are_all_stored_in_order(scale_out: ScaleOut) -> None:
    def converse(number: int) -> tuple[str, str, list[str]]:
        address, sender, problems = f"127.0.1.{number}", new_sender(), []
        with session_from(address) as session:
            for message, expected in CONVERSATION:
                answer = post(session, scale_out, sender, message)
                text = text_of(answer.json()) if answer.ok else answer.text
                if not answer.ok or expected not in text or SILENCE_APOLOGY in text:
                    problems.append(f"{message!r} got {answer.status_code}: {text[:200]!r}")
        return address, sender, problems

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=50) as pool:
        conversations = list(pool.map(converse, range(1, 51)))
    seconds = time.perf_counter() - started

    sent = [message for message, _ in CONVERSATION]
    stored = {sender: scale_out.stored_user_messages(sender) for _, sender, _ in conversations}
    replicas_of = replicas_by_client(scale_out, REST)
    problems = [problem for _, _, found in conversations for problem in found]
    LOAD_REPORT.parent.mkdir(exist_ok=True)
    LOAD_REPORT.write_text(
        f"conversations {len(conversations)}, messages sent {len(conversations) * len(sent)}, "
        f"stored {sum(len(messages) for messages in stored.values())}, answered wrongly or not at all "
        f"{len(problems)}, in {seconds:.1f} s; conversations served by both replicas "
        f"{sum(len(replicas_of[address]) == 2 for address, _, _ in conversations)}\n"
    )

    assert problems == []
    assert all(messages == sent for messages in stored.values()), stored
    # Every event once: the replicas keep conversations in memory and save only what is new.
    events = [json.dumps([sender, data], sort_keys=True) for sender, _, data in scale_out.stored_events()]
    assert len(events) == len(set(events))
    assert set().union(*replicas_of.values()) == rasa_upstreams(scale_out)
    # The lock store earns its place: one conversation's messages went to both replicas.
    assert any(len(replicas_of[address]) == 2 for address, _, _ in conversations)


def test_each_widget_connection_stays_on_one_replica(scale_out: ScaleOut) -> None:
    def chat_from(address: str) -> str:
        # Polling only: every poll is a separate HTTP request, so any one routed elsewhere would break the session.
        with socketio.SimpleClient(http_session=session_from(address)) as widget:
            widget.connect(scale_out.url, headers={"Origin": scale_out.portal_url}, transports=["polling"])
            session_id = request_session(widget, None)
            widget.emit("user_uttered", {"message": "what is the CISSP?", "session_id": session_id})
            event, answer = widget.receive(timeout=60)
            assert event == "bot_uttered"
            return str(answer["text"])

    addresses = [f"127.0.2.{number}" for number in range(1, 17)]
    with ThreadPoolExecutor(max_workers=len(addresses)) as pool:
        answers = list(pool.map(chat_from, addresses))

    assert all("Certified Information Systems Security Professional" in answer for answer in answers), answers
    replicas_of = replicas_by_client(scale_out, "/socket.io/")
    assert all(len(replicas_of[address]) == 1 for address in addresses), replicas_of
    assert set().union(*replicas_of.values()) == rasa_upstreams(scale_out)


def test_nginx_limits_the_messages_of_each_client(scale_out: ScaleOut) -> None:
    sender = new_sender()

    def send(address: str) -> requests.Response:
        with session_from(address) as session:
            return post(session, scale_out, sender, "hi")

    with ThreadPoolExecutor(max_workers=100) as pool:  # all at once: far above 10 a second
        flood = list(pool.map(send, ["127.0.4.1"] * 100))
    statuses = Counter(answer.status_code for answer in flood)

    assert set(statuses) == {200, 429}
    assert statuses[200] >= 20  # the burst
    refused = next(answer for answer in flood if answer.status_code == 429)
    assert "too many requests" in refused.json()["error"]
    # Everything let through was answered and kept.
    assert len(scale_out.stored_user_messages(sender)) == statuses[200]
    # Other clients are not slowed down, and the flooding one recovers within a second or two.
    assert send("127.0.4.2").ok
    time.sleep(2.5)
    assert send("127.0.4.1").ok


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "problem"),
    [
        pytest.param("POST", REST, b"x" * 5_000_000, 413, "larger than 64 KiB", id="5 MB body"),
        pytest.param("POST", REST, b"{not json", 400, "not valid JSON", id="malformed JSON"),
        pytest.param("GET", "/status", b"", 404, "not found", id="Rasa API status"),
        pytest.param("GET", "/conversations/anyone/tracker", b"", 404, "not found", id="Rasa API tracker"),
        pytest.param("POST", "/model/parse", b"{}", 404, "not found", id="Rasa API parse"),
    ],
)
def test_nginx_answers_what_it_refuses_with_a_reason(
    scale_out: ScaleOut, method: str, path: str, body: bytes, status: int, problem: str
) -> None:
    with session_from("127.0.5.1") as session:
        answer = session.request(method, f"{scale_out.url}{path}", data=body, timeout=30)
    assert answer.status_code == status
    assert problem in answer.json()["error"]


RESTARTS = 5


@pytest.mark.parametrize("store", ["postgres", "redis"])
def test_no_message_is_lost_when_a_store_restarts_under_load(scale_out: ScaleOut, store: str) -> None:
    restarts_done = threading.Event()

    def converse(number: int) -> tuple[str, list[tuple[str, str]]]:
        """Chat until the last restart is over, then five messages more; return what each message got."""
        sender, got, after = new_sender(), [], 0
        with session_from(f"127.0.6.{number}") as session:
            for turn in range(10_000):
                if after == 5:
                    break
                after += restarts_done.is_set()
                message = CONVERSATION[turn % len(CONVERSATION)][0]
                answer = post(session, scale_out, sender, message)
                got.append((message, text_of(answer.json()) if answer.ok else f"HTTP {answer.status_code}"))
        return sender, got

    with ThreadPoolExecutor(max_workers=10) as pool:
        conversations = [pool.submit(converse, number) for number in range(1, 11)]
        for _ in range(RESTARTS):
            time.sleep(3)
            scale_out.restart(store)
        restarts_done.set()
        results = [conversation.result() for conversation in conversations]

    sent = sum(len(got) for _, got in results)
    failed = [
        (message, text)
        for _, got in results
        for message, text in got
        if SILENCE_APOLOGY in text or text.startswith("HTTP ")
    ]
    stored = {sender: scale_out.stored_user_messages(sender) for sender, _ in results}
    with LOAD_REPORT.open("a") as report:
        report.write(
            f"{store} restarted {RESTARTS} times under load: 10 conversations, {sent} messages sent, "
            f"{sent - len(failed)} answered, {sum(map(len, stored.values()))} stored, "
            f"{len(failed)} apologies or errors\n"
        )
    assert failed == []
    for sender, got in results:
        assert stored[sender] == [message for message, _ in got]  # every message, once, in order


def test_messages_sent_together_to_one_conversation_wait_little_for_each_other(scale_out: ScaleOut) -> None:
    """Ten messages at once to one conversation are handled one at a time (the lock); the time they take
    together is the time they take one after another, plus what handing the lock over costs."""
    messages = [message for message, _ in CONVERSATION]

    in_turn_sender, started = new_sender(), time.perf_counter()
    with session_from("127.0.7.1") as session:
        for message in messages:
            assert post(session, scale_out, in_turn_sender, message).ok
    in_turn = time.perf_counter() - started

    sender = new_sender()

    def send(number: int) -> requests.Response:
        with session_from(f"127.0.7.{number + 2}") as session:  # a client each: within nginx's limits
            return post(session, scale_out, sender, messages[number])

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(messages)) as pool:
        answers = list(pool.map(send, range(len(messages))))
    together = time.perf_counter() - started

    with LOAD_REPORT.open("a") as report:
        report.write(
            f"{len(messages)} messages to one conversation: together {together:.2f} s, one after another "
            f"{in_turn:.2f} s\n"
        )
    assert all(answer.ok and SILENCE_APOLOGY not in text_of(answer.json()) for answer in answers)
    assert sorted(scale_out.stored_user_messages(sender)) == sorted(messages)
    assert together < in_turn + 2.0


def test_the_report_reads_postgresql_as_the_servers_do(
    scale_out: ScaleOut, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The report with the replicas' own CSO_TRACKER_STORE_URL, on what the tests above stored."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    environment = {**os.environ, "CSO_TRACKER_STORE_URL": scale_out.environment["CSO_TRACKER_STORE_URL"]}
    user_events = [sender for sender, kind, _ in scale_out.stored_events() if kind == "user"]

    report = subprocess.run(
        [sys.executable, "-m", "cso_advisor.insights", "report", "--out", str(out)],
        capture_output=True, text=True, env=environment, cwd=PROJECT_DIR, check=False,
    )  # fmt: skip

    assert report.returncode == 0, report.stderr
    assert f"Conversations: {len(set(user_events)):,} (" in report.stdout
    assert f"messages: {len(user_events):,}\n" in report.stdout
    assert out.read_text().startswith("<!doctype html>")


def test_retention_deletes_inactive_conversations_from_postgresql(scale_out: ScaleOut) -> None:
    # Last in this module: it empties the store the tests above wrote.
    url = scale_out.environment["CSO_TRACKER_STORE_URL"]
    senders = {sender for sender, _, _ in scale_out.stored_events()}
    in_two_days = time.time() + 2 * SECONDS_PER_DAY

    assert delete_stale_conversations(url, days=3, now=in_two_days) == 0  # all were active within 3 days
    assert delete_stale_conversations(url, days=1, now=in_two_days) == len(senders) > 50
    assert scale_out.stored_events() == []
