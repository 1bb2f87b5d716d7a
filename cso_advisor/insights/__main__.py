"""Operators' insights from the conversations in the tracker store (docs/insights.md, docs/privacy.md).

  cso-insights report [--out results/report.html]   what people asked and what the advisor missed
  cso-insights review                               turn the review queue into training data, with your OK
  cso-insights retention [--days N] [--dry-run]     delete conversations inactive for more than N days

`python -m cso_advisor.insights ...` is the same command.
The tracker store is the one the server uses: CSO_TRACKER_STORE_URL (sqlite:///... or postgresql://...).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

import sqlalchemy
from rasa.shared.core.domain import Domain
from rasa.shared.exceptions import RasaException

from cso_advisor.core.knowledge import KnowledgeBase, KnowledgeBaseError
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights.conversations import Conversation, read_conversations
from cso_advisor.insights.report import DEFAULT_THRESHOLD, Report, build_report
from cso_advisor.insights.retention import delete_stale_conversations
from cso_advisor.insights.review import Group, review_queue
from cso_advisor.insights.triage import Project, Triage

DEFAULT_RETENTION_DAYS = 90
DEFAULT_REPORT = Path("results/report.html")


class UsageError(Exception):
    """A setting is missing or wrong; the message names it."""


def main(arguments: list[str] | None = None) -> int:
    args = _parser().parse_args(arguments)
    store_url = os.environ.get("CSO_TRACKER_STORE_URL", "")
    try:
        if not store_url:
            raise UsageError("CSO_TRACKER_STORE_URL is not set: it names the tracker store, as for the server")
        if args.command == "retention":
            return _retention(store_url, args.days, args.dry_run)
        entities = _entities(args.project) if args.command == "review" else []
        knowledge_dir = Path(args.knowledge or os.environ.get("CSO_KNOWLEDGE_DIR") or args.project / "knowledge")
        knowledge = _knowledge(knowledge_dir)
        started = time.perf_counter()
        conversations = read_conversations(store_url)
        queue = review_queue(conversations, KnowledgeSearch(knowledge), args.threshold)
        if args.command == "report":
            return _report(conversations, queue, knowledge, args.threshold, args.out, started)
        return _review(queue, knowledge, Project(args.project, knowledge_dir), entities, args.list)
    except UsageError as error:
        print(f"{error}.", file=sys.stderr)
    except sqlalchemy.exc.SQLAlchemyError as error:
        reason = getattr(error, "orig", None) or error  # the database's own words, where it gave any
        print(f"Cannot read the tracker store {_shown(store_url)}: {reason}.", file=sys.stderr)
    except OSError as error:  # for example --out naming a directory
        print(f"Cannot use {error.filename or 'a file'}: {error.strerror or error}.", file=sys.stderr)
    return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m cso_advisor.insights", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    commands = parser.add_subparsers(dest="command", required=True)
    report = commands.add_parser("report", help="write the HTML report and print its summary")
    report.add_argument("--out", type=Path, default=DEFAULT_REPORT, help=f"the HTML file (default {DEFAULT_REPORT})")
    review = commands.add_parser("review", help="go through the review queue and accept fixes")
    review.add_argument("--list", action="store_true", help="only list the queue; ask nothing, write nothing")
    review.add_argument("--project", type=Path, default=Path.cwd(), help="the project to write to (default: here)")
    for command in (report, review):
        command.add_argument(
            "--threshold",
            type=_confidence,
            default=DEFAULT_THRESHOLD,
            help=f"intent confidence under which a message is reviewed (default {DEFAULT_THRESHOLD})",
        )
        command.add_argument("--knowledge", help="the knowledge base (default: CSO_KNOWLEDGE_DIR, else knowledge/)")
    report.set_defaults(project=Path.cwd())
    retention = commands.add_parser("retention", help="delete conversations inactive for more than N days")
    retention.add_argument("--days", type=float, help="the limit (default: CSO_RETENTION_DAYS, else 90)")
    retention.add_argument("--dry-run", action="store_true", help="only count what would be deleted")
    return parser


def _shown(store_url: str) -> str:
    """The store's URL without its password."""
    try:
        return str(sqlalchemy.engine.make_url(store_url).render_as_string(hide_password=True))
    except sqlalchemy.exc.ArgumentError:
        return repr(store_url)


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"a confidence from 0 to 1, not {text!r}")
    return value


def _knowledge(directory: Path) -> KnowledgeBase:
    try:
        return KnowledgeBase.load(directory)
    except KnowledgeBaseError as error:
        raise UsageError(str(error).rstrip(".")) from error


def _report(
    conversations: list[Conversation],
    queue: list[Group],
    knowledge: KnowledgeBase,
    threshold: float,
    out: Path,
    started: float,
) -> int:
    from cso_advisor.insights.html import render  # matplotlib: loaded only for the report

    def topic_name(intent: str) -> str:
        topic = knowledge.topic_for_intent(intent)
        return topic.overview.title if topic else intent.replace("_", " ")

    def answer_name(answer_id: str) -> str:
        base, _, more = answer_id.partition(".")
        return knowledge.answer(base).title + (" (more)" if more else "") if knowledge.has(base) else answer_id

    report = build_report(conversations, topic_name, answer_name, threshold)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(report, queue, datetime.datetime.now(datetime.timezone.utc)), encoding="utf-8")
    print(_summary(report, queue))
    print(f"\nReport: {out} (in {time.perf_counter() - started:.1f} s)")
    return 0


def _summary(report: Report, queue: list[Group]) -> str:
    period = f"{report.first} to {report.last}" if report.first else "no messages yet"
    lines = [
        f"Conversations: {report.conversations:,} ({period}), messages: {report.messages:,}",
        f"Fallbacks: {report.fallback_rate:.1%} ({report.fallbacks:,}, of which {report.answered_by_search:,} "
        f"answered by the search); low confidence: {report.low_confidence_rate:.1%} "
        f"({report.low_confidence:,}, under {report.threshold})",
        f"Button clicks: {report.button_clicks:,}",
    ]
    rankings = (("Top topics", report.topics), ("Top buttons", report.buttons), ("Ended after", report.endings))
    for title, rows in rankings:
        lines.append(f"{title}: " + (", ".join(f"{label} ({count:,})" for label, count in rows[:5]) or "none"))
    lines.append(f"Review queue: {len(queue):,} group(s), {sum(group.count for group in queue):,} message(s)")
    return "\n".join(lines)


def _entities(project: Path) -> list[str]:
    """The entities of the project's domain, which accepted training examples may mark up."""
    domain = project / "domain.yml"
    if not domain.is_file():
        raise UsageError(f"{project} has no domain.yml: run this in the project, or pass --project")
    try:
        return list(Domain.load(domain).entities)
    except RasaException as error:
        raise UsageError(f"{domain} is not a Rasa domain: {error}") from error


def _review(
    queue: list[Group], knowledge: KnowledgeBase, project: Project, entities: list[str], only_list: bool
) -> int:
    print(f"Review queue: {len(queue):,} group(s), {sum(group.count for group in queue):,} message(s).")
    ask = (lambda _: "s") if only_list else input
    changed: list[Path] = []
    try:
        Triage(project, knowledge, entities, ask, print).run(queue, changed)
    except KeyboardInterrupt:  # a change being written when it came is undone (cso_advisor.insights.fixes)
        print("\nReview interrupted.")
    print("Changed: " + (", ".join(str(path) for path in changed) if changed else "nothing"))
    return 0


def _retention(store_url: str, days: float | None, dry_run: bool) -> int:
    configured = os.environ.get("CSO_RETENTION_DAYS", str(DEFAULT_RETENTION_DAYS))
    try:
        limit = days if days is not None else float(configured)
    except ValueError:
        raise UsageError(f"CSO_RETENTION_DAYS must be a number of days, not {configured!r}") from None
    try:
        count = delete_stale_conversations(store_url, limit, dry_run=dry_run)
    except ValueError as error:
        raise UsageError(f"Cannot apply the retention: {error}") from None
    verb = "would delete" if dry_run else "deleted"
    print(f"Retention of {limit:g} days: {verb} {count} conversation(s) inactive for longer.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
