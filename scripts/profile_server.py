"""Profile the Rasa server under load: where the time of handling a message goes.

    python -m scripts.profile_server [--users 10] [--messages 40] [--out results/profile-rasa.txt]

It starts the action server and the Rasa server as the benchmark does (tests/support/servers.py), warms them up,
then samples the Rasa server with py-spy while USERS conversations of MESSAGES messages each run at once, and
prints the share of each part of Rasa's message handling in the samples taken while a message was handled, and
Rasa's CPU time per message over the same run (the samples also count time spent waiting, on the database or for
the other thread). The raw samples (py-spy's "raw" format, one stack per line) stay in --out for a flame graph
or a closer look.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from scripts.bench import QUESTIONS, converse
from tests.support.servers import Servers, cpu_seconds

# A message is handled on the event loop and understood on the understanding thread (speedups.py).
HANDLING = ("handle_message (rasa/core/processor.py", "_parse_message_with_graph (rasa/core/processor.py")
# Each sample counts once, for the first part whose frame (function, then file) its stack holds.
PARTS = [
    ("tracker store: reading the conversation", "retrieve (rasa/core/tracker_store.py"),
    ("tracker store: saving", "save (rasa/core/tracker_store.py"),
    ("featurising the tracker's states", "past_states (rasa/shared/core/trackers.py"),
    ("RulePolicy", "(rasa/core/policies/rule_policy.py"),
    ("MemoizationPolicy", "(rasa/core/policies/memoization.py"),
    ("TEDPolicy", "(rasa/core/policies/ted_policy.py"),
    ("the action call", "run (rasa/core/actions/action.py"),
    ("NLU: sentence embeddings", "(cso_advisor/rasa_plugins/nlu/sentence_features.py"),
    ("NLU: DIET", "(rasa/nlu/classifiers/diet_classifier.py"),
    ("NLU: the rest of the pipeline", "_parse_message_with_graph (rasa/core/processor.py"),
]
OTHER = "other (Rasa's processor, sanic, the event loop)"
SAMPLES_PER_SECOND = 200


def _load(url: str, users: int, messages: int) -> None:
    with ThreadPoolExecutor(max_workers=users) as pool:
        list(pool.map(lambda _: converse(url, messages, length=messages), range(users)))


def shares(raw: str) -> tuple[int, Counter[str]]:
    """The samples taken while a message was handled, and how many of them each part holds."""
    handling = 0
    parts: Counter[str] = Counter()
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not any(frame in stack for frame in HANDLING):
            continue
        handling += int(count)
        part = next((name for name, frame in PARTS if frame in stack), OTHER)
        parts[part] += int(count)
    return handling, parts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=10, help="conversations at once (default 10)")
    parser.add_argument("--messages", type=int, default=40, help="messages in each conversation (default 40)")
    parser.add_argument("--out", type=Path, default=Path("results/profile-rasa.txt"), help="the raw samples")
    args = parser.parse_args()

    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as workdir:
        servers = Servers(Path(workdir))
        url = f"{servers.rasa_url}/webhooks/rest/webhook"
        try:
            servers.start("actions", "rasa")
            _load(url, users=2, messages=len(QUESTIONS))  # every question once, so nothing is loaded while sampled
            sampler = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(servers.processes["rasa"].pid),
                 "--rate", str(SAMPLES_PER_SECOND), "--format", "raw", "--output", str(args.out), "--nonblocking"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            cpu_before = cpu_seconds(servers.processes["rasa"].pid)
            _load(url, args.users, args.messages)
            cpu_used = cpu_seconds(servers.processes["rasa"].pid) - cpu_before
            sampler.send_signal(signal.SIGINT)  # py-spy writes its samples when interrupted
            _, errors = sampler.communicate(timeout=60)
        finally:
            servers.stop_all()
    if not args.out.exists():
        print(f"py-spy wrote no samples: {errors}", file=sys.stderr)
        return 1

    handling, parts = shares(args.out.read_text())
    messages = args.users * args.messages
    # A sample stands for 1/SAMPLES_PER_SECOND s of a thread's time while it was not idle: waiting on the database
    # counts, and the event loop's and the understanding thread's times add up. The CPU line below is what was spent.
    title = f"where ({args.users} users x {args.messages} messages, {handling} samples handling them)"
    print(f"| {title} | share | ms per message |")
    print("| --- | --- | --- |")
    for name, count in [*parts.most_common(), ("all of a message's handling", handling)]:
        print(f"| {name} | {count / handling:.0%} | {count / SAMPLES_PER_SECOND / messages * 1000:.1f} |")
    print(f"\nRasa's CPU per message during the sampled run: {cpu_used / messages * 1000:.1f} ms")
    print(f"Raw samples: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
