"""The operators' insights on traffic sent through the running servers (tests/support/traffic.py): the report's counts,
the masking, the review queue's groups, accepted fixes that validate, and the retention.

The servers here keep their own tracker store, so every count can be checked against what was sent.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import requests
from playwright.sync_api import Browser
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights import fixes
from cso_advisor.insights.conversations import CORE_FALLBACK_ACTIONS, NLU_FALLBACK, Conversation, read_conversations
from cso_advisor.insights.report import DEFAULT_THRESHOLD, TOP, build_report
from cso_advisor.insights.retention import SECONDS_PER_DAY, delete_stale_conversations
from cso_advisor.insights.review import Group, review_queue
from cso_advisor.insights.triage import Project, Triage
from tests.support.layouts import running
from tests.support.paths import PROJECT_DIR, SCREENSHOTS
from tests.support.servers import Servers
from tests.support.traffic import CONVERSATIONS, Click, Step, play

pytestmark = pytest.mark.e2e

RESULTS = PROJECT_DIR / "results" / "insights.txt"
# The traffic's themes that the advisor has no intent for, told apart by words only their messages use.
THEMES = {
    "bootcamps": ("bootcamp", "course"),
    "pay abroad": ("pounds", "euros", " eur", "cad", "aud"),
    "fractional": ("fractional", "vciso", "retainer"),
    "age": ("too old", "too late", "age limit", "how old", "i'm 58"),
}
PERSONAL_DATA = re.compile(r"[\w.]+@[\w.]+|\+?\(?\d[\d ()-]{7,}\d|https?://\S+")


@dataclass
class Traffic:
    servers: Servers
    store_url: str
    sent_messages: int
    clicks: Counter[str]
    started: float


def clicked(script: list[Step], replies: list[list[dict[str, Any]]]) -> Iterator[str]:
    """The titles of the buttons clicked, as the REST replies offered them. Typing a button's payload (such as
    "none" while the roadmap offers it) is the same message to Rasa, so it counts as the click."""
    for step, previous in zip(script[1:], replies, strict=False):
        offered = {button["payload"]: button["title"] for reply in previous for button in reply.get("buttons", [])}
        if isinstance(step, Click):
            yield step.title
        elif step in offered:
            yield offered[step]


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Traffic]:
    """Every scripted conversation, played once through fresh servers with a store of their own."""
    layout = Servers(tmp_path_factory.mktemp("insights"))
    for servers in running(layout, lambda: layout.start("actions", "rasa")):
        started, clicks = time.time(), Counter[str]()
        with requests.Session() as session:
            for number, script in enumerate(CONVERSATIONS):
                replies = play(servers.rasa_url, f"traffic-{number:02d}", script, session)
                clicks.update(clicked(script, replies))
        url = servers.environment["CSO_TRACKER_STORE_URL"]
        yield Traffic(servers, url, sum(len(script) for script in CONVERSATIONS), clicks, started)


@pytest.fixture(scope="module")
def conversations(traffic: Traffic) -> list[Conversation]:
    return read_conversations(traffic.store_url)


@pytest.fixture(scope="module")
def queue(conversations: list[Conversation], knowledge: KnowledgeBase) -> list[Group]:
    return review_queue(conversations, KnowledgeSearch(knowledge), DEFAULT_THRESHOLD)


@pytest.fixture(scope="module")
def page(traffic: Traffic, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The report written by the command, and what it printed."""
    out = tmp_path_factory.mktemp("report") / "report.html"
    environment = {**os.environ, "CSO_TRACKER_STORE_URL": traffic.store_url}
    command = [sys.executable, "-m", "cso_advisor.insights", "report", "--out", str(out)]
    result = subprocess.run(command, capture_output=True, text=True, env=environment, cwd=PROJECT_DIR, check=False)
    assert result.returncode == 0, result.stderr
    return out, result.stdout


def stored_fallbacks(traffic: Traffic) -> int:
    """Counted from the raw events, apart from cso_advisor.insights.conversations: messages the model fell back on, or
    after which the policies did."""
    count, fell_back = 0, False
    for _, kind, data in traffic.servers.stored_events():
        if kind == "user":
            count += fell_back
            fell_back = data["parse_data"]["intent"]["name"] == NLU_FALLBACK
        elif kind == "action" and data["name"] in CORE_FALLBACK_ACTIONS:
            fell_back = True
    return count + fell_back


def test_the_report_counts_what_was_sent(
    traffic: Traffic, conversations: list[Conversation], page: tuple[Path, str]
) -> None:
    _, printed = page
    report = build_report(conversations, str, str)
    today = datetime.datetime.fromtimestamp(traffic.started, tz=datetime.timezone.utc).date()

    assert f"Conversations: {len(CONVERSATIONS)} ({today} to {today}), messages: {traffic.sent_messages}" in printed
    assert f"Button clicks: {sum(traffic.clicks.values())}" in printed
    assert (report.conversations, report.messages) == (len(CONVERSATIONS), traffic.sent_messages)
    assert dict(report.buttons).items() <= traffic.clicks.items()
    assert len(report.buttons) == min(10, len(traffic.clicks))
    assert report.fallbacks == stored_fallbacks(traffic) > 0
    # The ranking shows the TOP most common last questions; with more kinds than that, the rest are left out.
    last = Counter(
        "(not understood)" if c.messages[-1].intent in (None, NLU_FALLBACK) else c.messages[-1].intent
        for c in conversations
    )
    assert report.endings == last.most_common(TOP)
    assert sum(last.values()) == len(CONVERSATIONS)
    assert [(day.conversations, day.messages) for day in report.days] == [(len(CONVERSATIONS), traffic.sent_messages)]


def test_the_page_opens_offline_and_masks_personal_data(
    page: tuple[Path, str], queue: list[Group], browser: Browser
) -> None:
    out, _ = page
    html = out.read_text()
    sent = [step for script in CONVERSATIONS for step in script if isinstance(step, str)]
    personal = [found for text in sent for found in PERSONAL_DATA.findall(text)]
    queued = {text for group in queue for text, _ in group.examples}

    assert len(personal) >= 4  # the traffic carries email addresses, phone numbers and a profile URL
    assert [found for found in personal if found in html] == []
    assert any(PERSONAL_DATA.search(text) for text in queued)  # so the masking had something to mask
    assert "{{EMAIL}}" in html
    assert "{{PHONE}}" in html

    context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
    opened = context.new_page()
    opened.goto(out.as_uri())
    sizes = opened.eval_on_selector_all("img", "images => images.map(image => image.naturalWidth)")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    opened.screenshot(path=SCREENSHOTS / "report.png", full_page=True)
    context.close()
    assert len(sizes) == 4
    assert all(width > 0 for width in sizes)  # every chart drawn from the page alone


def themes_of(group: Group) -> set[str]:
    return {theme for text, _ in group.examples for theme, words in THEMES.items() if any(w in text for w in words)}


def test_the_review_queue_keeps_themes_apart_and_rewordings_together(queue: list[Group]) -> None:
    grouped = {theme: [len(group.examples) for group in queue if theme in themes_of(group)] for theme in THEMES}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        f"review queue: {len(queue)} groups, {sum(group.count for group in queue)} messages\n"
        + "".join(f"{theme}: distinct messages per group {sizes}\n" for theme, sizes in grouped.items())
    )

    assert [group for group in queue if len(themes_of(group)) > 1] == []
    assert all(grouped.values())  # every theme reached the queue
    assert max(grouped["age"]) >= 3  # "am i too old ...", in three wordings
    assert max(grouped["fractional"]) >= 3
    assert max(grouped["bootcamps"]) >= 2


class Operator:
    """Accepts the bootcamp group as certification questions and the fractional group as alternate questions of
    the work environment answer; skips the rest."""

    def __init__(self) -> None:
        self.said: list[str] = []

    def say(self, text: str) -> None:
        self.said.append(text)

    def ask(self, question: str) -> str:
        if question.strip().startswith("Write which?"):
            return "a"
        shown = "\n".join(self.said[max(i for i, text in enumerate(self.said) if text.startswith("\nGroup")) :])
        if "bootcamp" in shown:
            return "t ask_certifications"
        return "q work_environment" if "fractional" in shown else "s"


def test_accepted_fixes_are_written_and_validate(queue: list[Group], project_copy: Path) -> None:
    knowledge = KnowledgeBase.load(project_copy / "knowledge")
    operator = Operator()

    changed = Triage(Project(project_copy, project_copy / "knowledge"), knowledge, ["certification"],
                     operator.ask, operator.say).run(queue)  # fmt: skip

    certifications = project_copy / "data" / "nlu" / "certifications.yml"
    assert sorted(changed) == sorted([certifications, project_copy / "knowledge" / "role.yml"])
    examples = {e.get("text") for e in RasaYAMLReader().read(certifications).intent_examples}
    bootcamp_questions = {text.strip() for group in queue for text, _ in group.examples if "bootcamp" in text}
    assert bootcamp_questions
    assert bootcamp_questions <= examples
    alternates = KnowledgeBase.load(project_copy / "knowledge").answer("work_environment").alternate_questions
    assert any("fractional" in question for question in alternates)
    fixes.validate_training_data(project_copy)  # rasa data validate, once more, on the files as they are now


def test_retention_deletes_the_conversations_once_they_are_old(traffic: Traffic) -> None:
    """Last in the module: it empties the store."""
    assert delete_stale_conversations(traffic.store_url, days=1) == 0
    in_two_days = time.time() + 2 * SECONDS_PER_DAY

    assert delete_stale_conversations(traffic.store_url, days=1, now=in_two_days) == len(CONVERSATIONS)
    assert read_conversations(traffic.store_url) == []
