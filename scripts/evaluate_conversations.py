"""Score the advisor on an evaluation set (tests/eval/<set>/), through the running servers, as a person would chat.

python -m scripts.evaluate_conversations [--set tests/eval/blind] [--min-questions 0.9] [--min-turns 0.9]
                                         [--out results/eval-blind.txt] [--show-failures]

Each question is sent to a new conversation, each conversation's turns to one conversation, over the REST channel
of a Rasa and an action server started for the run. A reply is right when it holds every expected fact and meets
the item's roadmap, decline and ladder expectations (docs/evaluation.md). It prints the accuracy per kind, topic
and failure class, and exits with 1 when a share falls below its minimum.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import unicodedata
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
import yaml

from tests.support.servers import Servers

Send = Callable[[str, str], list[dict[str, Any]]]

ROADMAP_GIVEN = "your roadmap to cso"
ROADMAP_STARTED = ("let's work out your roadmap", "what's your current job", "how many years of work experience",
                   "what's your highest degree", "which certifications do you hold")  # fmt: skip
HEDGE = "did you mean"
LADDER = ["security analyst", "it security manager", "director of security", "vice president of security",
          "chief security officer"]  # fmt: skip
EXPECTATIONS = ("facts", "roadmap", "decline", "next_rung", "next_certifications", "not_next")


FOLDED_CHARACTERS = str.maketrans("\u2019\u2018“”–—\u2212", "''\"\"---")


def fold(text: str) -> str:
    """Text as facts are compared: case, quotes, dashes, markdown, currency, thousands separators and the serial
    comma folded."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.translate(FOLDED_CHARACTERS)
    text = re.sub(r"[*_`$]", "", text)
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", text)  # "10 – 15" is "10-15"
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", " ", text)  # "on-call" is "on call"
    text = re.sub(r",(?= (?:and|or) )", "", text)  # "a, b, and c" is "a, b and c": the serial comma is style
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Reply:
    text: str
    payloads: tuple[str, ...]

    @classmethod
    def of(cls, messages: Sequence[dict[str, Any]]) -> Reply:
        texts: list[str] = []
        payloads: list[str] = []
        for message in messages:
            texts.append(message.get("text") or "")
            for button in message.get("buttons") or []:
                texts.append(button.get("title", ""))
                payloads.append(button.get("payload", ""))
        return cls("\n".join(texts), tuple(payloads))

    @property
    def folded(self) -> str:
        return fold(self.text)

    @property
    def roadmap_given(self) -> bool:
        return ROADMAP_GIVEN in self.folded

    @property
    def roadmap_started(self) -> bool:
        return self.roadmap_given or any(fold(marker) in self.folded for marker in ROADMAP_STARTED)

    @property
    def roadmap_offered(self) -> bool:
        return self.roadmap_started or any(payload.startswith("/ask_roadmap") for payload in self.payloads)

    @property
    def answered_from_guide(self) -> bool:
        return "source: the career guide" in self.folded or self.roadmap_given


def _section(text: str, heading: str) -> str:
    """The line of the roadmap that starts with this bold heading, folded."""
    for line in text.splitlines():
        if fold(line).startswith(heading):
            return fold(line)
    return ""


def next_rung(reply: Reply) -> str | None:
    """The rung the roadmap sends the person to next: the bold name in 'Where you stand', 'none' at the top."""
    standing = reply.text.split("**Where you stand:**", 1)
    if len(standing) < 2:
        return None
    line = standing[1].splitlines()[0]
    if "top of the guide's ladder" in line:
        return "none"
    bold = re.findall(r"\*\*(.+?)\*\*", line)
    return fold(bold[-1]) if bold else None


def next_certifications(reply: Reply) -> str:
    """The part of the roadmap's certification advice that names what to take next (before any 'later')."""
    return _section(reply.text, "certifications:").split("later", 1)[0]


def failures(item: dict[str, Any], reply: Reply) -> list[str]:
    """Why the reply is not right for this item, as failure classes; empty when it is right."""
    found: list[str] = []
    if item.get("decline"):
        if reply.answered_from_guide:
            found.append("answered an unanswerable question")
        return found
    facts = [fact if isinstance(fact, list) else [fact] for fact in item.get("facts") or []]
    missing = [options for options in facts if not any(fold(str(option)) in reply.folded for option in options)]
    if missing:
        if HEDGE in reply.folded:
            found.append("hedged (did you mean)")
        elif "earlier in our chat" in reply.folded:
            found.append("pointed back instead of answering")
        elif not reply.answered_from_guide:
            found.append("no answer")
        else:
            found.append("wrong or incomplete answer")
    expected = item.get("roadmap")
    if expected == "start" and not reply.roadmap_started:
        found.append("roadmap not started")
    if expected == "offer" and not reply.roadmap_offered:
        found.append("roadmap not offered")
    if "next_rung" in item:
        rung = next_rung(reply)
        if rung is None:
            found.append("no roadmap placement")
        elif rung != fold(str(item["next_rung"])):
            found.append("wrong rung")
    advice = next_certifications(reply)
    if any(fold(name) not in advice for name in item.get("next_certifications") or []):
        found.append("wrong next certifications")
    if any(re.search(rf"\b{re.escape(fold(name))}\b", advice) for name in item.get("not_next") or []):
        found.append("wrong next certifications")
    return found


def scored(item: dict[str, Any]) -> bool:
    return any(key in item for key in EXPECTATIONS)


@dataclass
class Outcome:
    where: str  # question id, or conversation id and turn number
    text: str
    kind: str
    topic: str
    problems: list[str]
    reply: str


@dataclass
class Results:
    questions: list[Outcome] = field(default_factory=list)
    turns: list[Outcome] = field(default_factory=list)


def evaluate(eval_set: Path, send: Send) -> Results:
    results = Results()
    questions = yaml.safe_load((eval_set / "questions.yml").read_text(encoding="utf-8"))["questions"]
    for item in questions:
        reply = Reply.of(send(_new_sender(), item["text"]))
        results.questions.append(
            Outcome(
                item["id"],
                item["text"],
                item.get("kind", "?"),
                item.get("topic", "?"),
                failures(item, reply),
                reply.text,
            )
        )
    conversations = yaml.safe_load((eval_set / "conversations.yml").read_text(encoding="utf-8"))["conversations"]
    for conversation in conversations:
        sender = _new_sender()
        for number, turn in enumerate(conversation["turns"], start=1):
            reply = Reply.of(send(sender, turn["user"]))
            if scored(turn):
                results.turns.append(
                    Outcome(
                        f"{conversation['id']} turn {number}",
                        turn["user"],
                        "turn",
                        turn.get("topic", "?"),
                        failures(turn, reply),
                        reply.text,
                    )
                )
    return results


def _new_sender() -> str:
    return f"eval-{uuid.uuid4().hex[:12]}"


def share(outcomes: Sequence[Outcome]) -> float:
    return sum(not o.problems for o in outcomes) / len(outcomes) if outcomes else 1.0


def report(results: Results, show_failures: bool) -> str:
    lines = []
    for label, outcomes in (("questions", results.questions), ("conversation turns", results.turns)):
        right = sum(not o.problems for o in outcomes)
        lines.append(f"{label}: {right}/{len(outcomes)} right ({share(outcomes):.1%})")
        by_kind: dict[str, list[Outcome]] = defaultdict(list)
        by_topic: dict[str, list[Outcome]] = defaultdict(list)
        for outcome in outcomes:
            by_kind[outcome.kind].append(outcome)
            by_topic[outcome.topic].append(outcome)
        if len(by_kind) > 1:
            lines.extend(
                f"  kind {kind:<10} {share(group):6.1%} of {len(group)}" for kind, group in sorted(by_kind.items())
            )
        lines.extend(
            f"  topic {topic:<18} {share(group):6.1%} of {len(group)}"
            for topic, group in sorted(by_topic.items())
            if topic != "?"
        )
        classes = Counter(problem for outcome in outcomes for problem in set(outcome.problems))
        lines.extend(f"  failed: {problem:<36} {count}" for problem, count in classes.most_common())
        if show_failures:
            for outcome in outcomes:
                if outcome.problems:
                    first_line = outcome.reply.strip().splitlines()[0] if outcome.reply.strip() else "(no reply)"
                    lines.append(f"    {outcome.where}: {outcome.text!r} -> {'; '.join(outcome.problems)}")
                    lines.append(f"        replied: {first_line[:150]}")
    return "\n".join(lines)


def rest_sender(rasa_url: str) -> Send:
    def send(sender: str, message: str) -> list[dict[str, Any]]:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        messages: list[dict[str, Any]] = response.json()
        return messages

    return send


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=Path("tests/eval/blind"), help="directory of the evaluation set")
    parser.add_argument("--min-questions", type=float, default=0.0, help="fail below this share of right questions")
    parser.add_argument("--min-turns", type=float, default=0.0, help="fail below this share of right turns")
    parser.add_argument("--out", type=Path, help="also write the report here")
    parser.add_argument("--show-failures", action="store_true", help="list each failed item and the reply")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cso-eval-") as workdir:
        servers = Servers(Path(workdir))
        try:
            servers.start("actions", "rasa")
            results = evaluate(arguments.set, rest_sender(servers.rasa_url))
        finally:
            servers.stop_all()
    text = report(results, arguments.show_failures)
    print(text)
    if arguments.out:
        arguments.out.parent.mkdir(parents=True, exist_ok=True)
        arguments.out.write_text(text + "\n", encoding="utf-8")
    low = []
    if share(results.questions) < arguments.min_questions:
        low.append(f"questions {share(results.questions):.1%} < {arguments.min_questions:.0%}")
    if share(results.turns) < arguments.min_turns:
        low.append(f"turns {share(results.turns):.1%} < {arguments.min_turns:.0%}")
    if low:
        print("below the minimum: " + ", ".join(low), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
