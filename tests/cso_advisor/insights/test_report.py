"""The report's figures on a traffic worked out by hand, the HTML page, and the command line."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights.__main__ import main
from cso_advisor.insights.conversations import read_conversations
from cso_advisor.insights.html import render
from cso_advisor.insights.report import Day, Report, build_report
from cso_advisor.insights.review import review_queue
from tests.support.stored_events import CommandLine, StoreWriter, at, user
from tests.support.stored_traffic import CISSP_BUTTON, CONVERSATIONS

GENERATED = datetime.datetime(2026, 11, 27, 9, tzinfo=datetime.timezone.utc)


@pytest.fixture
def store_url(write_store: StoreWriter) -> str:
    return write_store(CONVERSATIONS)


@pytest.fixture
def report(store_url: str) -> Report:
    return build_report(read_conversations(store_url), lambda intent: intent.upper(), lambda answer: answer.upper())


def test_counts_and_rates(report: Report) -> None:
    assert (report.conversations, report.messages, report.button_clicks) == (3, 9, 1)
    assert (report.fallbacks, report.answered_by_search, report.low_confidence) == (4, 1, 1)
    assert report.fallback_rate == pytest.approx(4 / 9)
    assert report.low_confidence_rate == pytest.approx(1 / 9)


def test_each_day_from_the_first_to_the_last_including_quiet_ones(report: Report) -> None:
    assert report.days == [
        Day(datetime.date(2026, 11, 2), conversations=2, messages=6, fallbacks=2),
        Day(datetime.date(2026, 11, 3), conversations=0, messages=0, fallbacks=0),
        Day(datetime.date(2026, 11, 4), conversations=1, messages=3, fallbacks=2),
    ]
    assert (report.first, report.last) == (datetime.date(2026, 11, 2), datetime.date(2026, 11, 4))


def test_rankings(report: Report) -> None:
    # Typed messages only: the click counts as a button, not as a question.
    assert report.topics[0] == ("(not understood)", 3)
    assert dict(report.topics) == {
        "(not understood)": 3, "GREET": 1, "ASK_CERTIFICATIONS": 1, "GOODBYE": 1, "ASK_SALARY": 1, "AFFIRM": 1,
    }  # fmt: skip
    assert report.answers == [("CERTIFICATIONS", 2), ("CISSP", 1), ("SENIOR", 1)]
    assert report.buttons == [(CISSP_BUTTON[0], 1)]
    assert sorted(report.endings) == [("(not understood)", 1), ("AFFIRM", 1), ("GOODBYE", 1)]


def test_an_empty_store_gives_an_empty_report(tmp_path: Path) -> None:
    report = build_report(read_conversations(f"sqlite:///{tmp_path / 'new.db'}"), str, str)

    assert (report.conversations, report.messages, report.days, report.fallback_rate) == (0, 0, [], 0.0)
    assert "No conversations yet" in render(report, [], GENERATED)


def test_the_page_is_self_contained_escaped_and_masked(
    report: Report, store_url: str, knowledge: KnowledgeBase, write_store: StoreWriter
) -> None:
    queue = review_queue(read_conversations(store_url), KnowledgeSearch(knowledge), threshold=0.7)

    page = render(report, queue, GENERATED)

    assert re.findall(r"""(?:src|href)=["'](?!data:)""", page) == []  # nothing to fetch: it opens offline
    assert page.count("data:image/svg+xml;base64,") == 4  # days, topics, endings, buttons
    assert "bob.smith@example.com" not in page
    assert "email me at {{EMAIL}} about bootcamps" in page
    assert "cso bootcamp?" in page


def test_messages_are_shown_as_text_never_as_markup(write_store: StoreWriter, knowledge: KnowledgeBase) -> None:
    url = write_store({"mallory": [user("<script>alert(1)</script> ciso?", "nlu_fallback", 0.55, at(0))]})
    conversations = read_conversations(url)
    queue = review_queue(conversations, KnowledgeSearch(knowledge), threshold=0.7)

    page = render(build_report(conversations, str, str), queue, GENERATED)

    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ciso?" in page


def test_the_command_writes_the_page_and_prints_the_summary(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CSO_TRACKER_STORE_URL", store_url)
    out = tmp_path / "reports" / "report.html"

    assert main(["report", "--out", str(out)]) == 0

    said = capsys.readouterr().out
    assert "Conversations: 3 (2026-11-02 to 2026-11-04), messages: 9" in said
    assert "Fallbacks: 44.4% (4, of which 1 answered by the search); low confidence: 11.1% (1, under 0.7)" in said
    assert f"Top buttons: {CISSP_BUTTON[0]} (1)" in said
    assert "Certifications for a CSO career (1)" in said  # intents named by their knowledge topic
    assert out.read_text().startswith("<!doctype html>")


@pytest.mark.parametrize(
    ("arguments", "environment", "said"),
    [
        (["report"], {"CSO_TRACKER_STORE_URL": ""}, "CSO_TRACKER_STORE_URL is not set"),
        (["report"], {"CSO_KNOWLEDGE_DIR": "/nonexistent"}, "no knowledge files"),
        (["review", "--list", "--project", "/nonexistent"], {}, "has no domain.yml"),
        (["report", "--out", "/"], {}, "Cannot use /: Is a directory"),
        (["report"], {"CSO_TRACKER_STORE_URL": "sqlite:////nonexistent/conversations.db"}, "unable to open database"),
        (["report"], {"CSO_TRACKER_STORE_URL": "conversations.db"}, "Cannot read the tracker store 'conversations.db'"),
        (
            ["retention"],
            {"CSO_TRACKER_STORE_URL": "postgresql://cso:secret@127.0.0.1:1/cso?connect_timeout=2"},
            "Cannot read the tracker store postgresql://cso:***@127.0.0.1:1/cso",
        ),
    ],
)
def test_settings_that_cannot_work_are_named(
    store_url: str, command_line: CommandLine, arguments: list[str], environment: dict[str, str], said: str
) -> None:
    code, output = command_line(arguments, {"CSO_TRACKER_STORE_URL": store_url, **environment})

    assert (code, said in output) == (2, True), output


def test_a_domain_that_is_not_yaml_is_named(tmp_path: Path, store_url: str, command_line: CommandLine) -> None:
    (tmp_path / "domain.yml").write_text("intents: [greet\n")

    code, said = command_line(["review", "--list", "--project", str(tmp_path)], {"CSO_TRACKER_STORE_URL": store_url})

    assert (code, f"{tmp_path / 'domain.yml'} is not a Rasa domain" in said) == (2, True), said


@pytest.mark.parametrize("threshold", ["1.5", "-0.1", "most", "nan"])
def test_a_threshold_outside_0_to_1_is_refused(threshold: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["report", "--threshold", threshold])

    assert exit_.value.code == 2
    assert "a confidence from 0 to 1" in capsys.readouterr().err
