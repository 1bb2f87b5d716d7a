"""Time the operators' report on a large tracker store: `python -m cso_advisor.insights report`, start to finish.

    python -m scripts.bench_report [--conversations 10000] [--days 30] [--runs 3]     (or: make bench-report)

It starts the servers on free ports (tests/support/servers.py), plays every scripted conversation of
tests/support/traffic.py once, and copies those stored conversations under new ids, spread over `--days` days,
until the store holds `--conversations` of them. Then it runs the report command `--runs` times.

The copies repeat the scripted texts, so the review queue groups few distinct messages. The clustering's
cost grows with the number of distinct messages, so it is also timed on its own, at its cap
(cso_advisor.insights.review.MAX_MESSAGES distinct messages).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import requests
import sqlalchemy
from rasa.shared.core.domain import Domain

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights.conversations import Conversation, UserMessage, read_conversations
from cso_advisor.insights.review import MAX_MESSAGES, review_queue
from cso_advisor.operations.supervisor import PROJECT_DIR
from cso_advisor.rasa_plugins.stores.tracker_store import RetryingSQLTrackerStore
from tests.support.servers import Servers, memory_mb
from tests.support.traffic import CONVERSATIONS, play

SECONDS_PER_DAY = 24 * 60 * 60
_COLUMNS = "sender_id, type_name, timestamp, intent_name, action_name, data"


def _recorded_events(workdir: Path) -> dict[str, list[dict[str, Any]]]:
    """The scripted conversations as the server stored them: sender -> event rows."""
    layout = Servers(workdir)
    try:
        layout.start("actions", "rasa")
        with requests.Session() as session:
            for script in CONVERSATIONS:
                play(layout.rasa_url, f"traffic-{uuid.uuid4().hex}", script, session)
        engine = sqlalchemy.create_engine(layout.environment["CSO_TRACKER_STORE_URL"])
        with engine.connect() as connection:
            rows = connection.execute(sqlalchemy.text(f"SELECT {_COLUMNS} FROM events ORDER BY id")).mappings().all()
        engine.dispose()
    finally:
        layout.stop_all()
    recorded: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        recorded.setdefault(row["sender_id"], []).append(dict(row))
    return recorded


def _fill(store_url: str, recorded: dict[str, list[dict[str, Any]]], conversations: int, days: int) -> int:
    """Copy the recorded conversations under new ids and times into a new store; return the events written."""
    RetryingSQLTrackerStore(Domain.empty(), host=store_url).engine.dispose()  # creates the table as Rasa does
    originals = list(recorded.values())
    shuffle = random.Random(7)  # the same store every run
    now = time.time()
    engine = sqlalchemy.create_engine(store_url)
    written = 0
    with engine.begin() as connection:
        for number in range(conversations):
            events = originals[number % len(originals)]
            shift = now - shuffle.uniform(0, days) * SECONDS_PER_DAY - events[-1]["timestamp"]
            rows = []
            for event in events:
                data = json.loads(event["data"])
                data["timestamp"] = event["timestamp"] + shift
                rows.append(
                    {
                        **event,
                        "sender_id": f"bench-{number:05d}",
                        "timestamp": data["timestamp"],
                        "data": json.dumps(data),
                    }
                )
            connection.execute(
                sqlalchemy.text(
                    f"INSERT INTO events ({_COLUMNS}) VALUES "
                    "(:sender_id, :type_name, :timestamp, :intent_name, :action_name, :data)"
                ),
                rows,
            )
            written += len(rows)
    engine.dispose()
    return written


def _time_report(store_url: str, out: Path, runs: int) -> tuple[list[float], float, str]:
    """Seconds per run of the whole command, its peak memory in MB (VmHWM, read while it runs), and what it
    printed."""
    environment = {"CSO_TRACKER_STORE_URL": store_url, "PATH": str(Path(sys.executable).parent)}
    seconds, peak_mb, printed = [], 0.0, ""
    for _ in range(runs):
        started = time.perf_counter()
        command = [sys.executable, "-m", "cso_advisor.insights", "report", "--out", str(out)]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=PROJECT_DIR, env=environment) as run:
            while run.poll() is None:
                with contextlib.suppress(OSError, RuntimeError):  # it may end between the check and the read
                    peak_mb = max(peak_mb, memory_mb(run.pid))
                time.sleep(0.05)
            printed = run.stdout.read() if run.stdout else ""
        seconds.append(time.perf_counter() - started)
        if run.returncode != 0:
            raise RuntimeError(f"the report failed with exit code {run.returncode}")
    return seconds, peak_mb, printed


def _time_clustering_at_the_cap(knowledge: KnowledgeBase) -> tuple[float, int]:
    """The review queue on MAX_MESSAGES distinct fallback messages, built from the traffic's words."""
    words = sorted(
        {word for script in CONVERSATIONS for step in script if isinstance(step, str) for word in step.split()}
    )
    pick = random.Random(11)
    texts = {" ".join(pick.sample(words, pick.randint(4, 10))) for _ in range(2 * MAX_MESSAGES)}
    messages = [
        UserMessage(0.0, text, "nlu_fallback", 0.55, [("ask_salary", 0.3)], []) for text in sorted(texts)[:MAX_MESSAGES]
    ]
    started = time.perf_counter()
    queue = review_queue([Conversation("bench", messages)], KnowledgeSearch(knowledge), threshold=0.7)
    return time.perf_counter() - started, len(queue)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=10_000, help="conversations in the store (default 10000)")
    parser.add_argument("--days", type=int, default=30, help="days they are spread over (default 30)")
    parser.add_argument("--runs", type=int, default=3, help="report runs to time (default 3)")
    args = parser.parse_args()
    out = PROJECT_DIR / "results" / "bench-report.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cso-bench-report-") as workdir:
        recorded = _recorded_events(Path(workdir))
        store_url = f"sqlite:///{Path(workdir) / 'large.db'}"
        events = _fill(store_url, recorded, args.conversations, args.days)
        stored = len(read_conversations(store_url))
        seconds, peak_mb, printed = _time_report(store_url, out, args.runs)
    cluster_seconds, groups = _time_clustering_at_the_cap(KnowledgeBase.load(PROJECT_DIR / "knowledge"))
    print(printed.rsplit("\n\nReport:", 1)[0])
    print(f"\nstore                      {stored:,} conversations, {events:,} events, over {args.days} days (SQLite)")
    print(
        f"report command             median {statistics.median(seconds):.1f} s, "
        f"runs {', '.join(f'{s:.1f}' for s in seconds)} s; peak memory {peak_mb:.0f} MB"
    )
    print(
        f"review queue at its cap    {MAX_MESSAGES:,} distinct messages grouped in {cluster_seconds:.1f} s "
        f"({groups:,} groups)"
    )
    print(f"page                       {out} ({out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
