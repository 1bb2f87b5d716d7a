"""The review in the terminal: nothing is written without an explicit yes, and what is written validates."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights.conversations import Entity, UserMessage
from cso_advisor.insights.review import Group
from cso_advisor.insights.triage import Project, Triage
from tests.support.paths import PROJECT_DIR
from tests.support.stored_events import StoreWriter
from tests.support.stored_traffic import CONVERSATIONS

INTENT = "ask_qualifications"


def fallback(text: str, entities: list[Entity] | None = None) -> UserMessage:
    return UserMessage(0.0, text, "nlu_fallback", 0.55, [("ask_certifications", 0.4)], entities or [])


@pytest.fixture
def queue() -> list[Group]:
    """One group: two bootcamp questions (one naming the CISSP), one asked twice, one with an email address."""
    messages = [
        fallback("is there a cso bootcamp"),
        fallback("is there a CSO bootcamp "),
        fallback("any good bootcamps for a cissp?", [Entity(25, 30, "certification", "cissp")]),
        fallback("bootcamp tips? mail me at jo@example.com"),
    ]
    examples = Counter(message.text for message in messages).most_common()
    return [Group(messages, examples, ("ask_certifications", 0.4), None)]


class Operator:
    """Answers the prompts in turn, and keeps what the review said."""

    def __init__(self, *answers: str) -> None:
        self._answers: Iterator[str] = iter(answers)
        self.said: list[str] = []

    def ask(self, question: str) -> str:
        self.said.append(question)
        return next(self._answers)  # StopIteration is a test error: the review asked more than expected

    def say(self, text: str) -> None:
        self.said.append(text)

    @property
    def transcript(self) -> str:
        return "\n".join(self.said)


def triage(project: Path, operator: Operator) -> Triage:
    knowledge = KnowledgeBase.load(project / "knowledge")
    return Triage(Project(project, project / "knowledge"), knowledge, ["certification"], operator.ask, operator.say)


def snapshot(project: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(project.rglob("*.yml"))}


def test_accepted_examples_are_written_to_the_intent_and_validated(project_copy: Path, queue: list[Group]) -> None:
    operator = Operator("t", "a")

    changed = triage(project_copy, operator).run(queue)

    qualifications = project_copy / "data" / "nlu" / "certifications.yml"
    assert changed == [qualifications]
    examples = {(e.get("text"), e.get("intent")) for e in RasaYAMLReader().read(qualifications).intent_examples}
    for text in ("is there a cso bootcamp", "any good bootcamps for a cissp?"):
        assert (text, "ask_certifications") in examples
    assert "- any good bootcamps for a [cissp](certification)?" in qualifications.read_text()
    assert "left out (contains personal data): bootcamp tips? mail me at {{EMAIL}}" in operator.transcript
    assert "jo@example.com" not in operator.transcript
    assert "rasa data validate passed" in operator.transcript


def test_picked_examples_go_to_an_intent_the_operator_names(project_copy: Path, queue: list[Group]) -> None:
    changed = triage(project_copy, Operator(f"t {INTENT}", "2")).run(queue)

    (path,) = changed
    examples = [e.get("text") for e in RasaYAMLReader().read(path).intent_examples if e.get("intent") == INTENT]
    assert "any good bootcamps for a cissp?" in examples
    assert "is there a cso bootcamp" not in examples


def test_accepted_questions_go_to_the_knowledge_entry(project_copy: Path, queue: list[Group]) -> None:
    operator = Operator("q cissp", "all")

    triage(project_copy, operator).run(queue)

    knowledge = KnowledgeBase.load(project_copy / "knowledge")
    questions = ["is there a cso bootcamp", "any good bootcamps for a cissp?"]
    assert knowledge.entry("cissp").alternate_questions[-2:] == questions
    assert KnowledgeSearch(knowledge).search("cso bootcamp")[0].answer_id == "cissp"
    assert "the knowledge base validates" in operator.transcript


@pytest.mark.parametrize(
    "answers",
    [
        ("t", "n"),  # declined
        ("t", ""),  # no answer is no
        ("q cissp", "none"),
        ("s",),  # skipped
        ("e",),  # ended
        ("t ask_lunch", "s"),  # no such intent: said so, and asked again
        ("q bootcamps", "e"),  # no such answer
        ("maybe", "t", "yes please", "n"),  # unclear answers are asked again
    ],
)
def test_nothing_is_written_without_an_explicit_yes(
    project_copy: Path, queue: list[Group], answers: tuple[str, ...]
) -> None:
    before = snapshot(project_copy)

    assert triage(project_copy, Operator(*answers)).run(queue) == []

    assert snapshot(project_copy) == before


def test_a_mistyped_target_is_named_and_the_group_asked_again(project_copy: Path, queue: list[Group]) -> None:
    operator = Operator("t ask_salry", "q cissps", "t ask_salary", "1")

    (path,) = triage(project_copy, operator).run(queue)

    assert "no file in" in operator.transcript
    assert "'ask_salry'" in operator.transcript
    assert "The knowledge base has no answer 'cissps'." in operator.transcript
    assert path == project_copy / "data" / "nlu" / "salary.yml"


def test_end_of_input_ends_the_review(project_copy: Path, queue: list[Group]) -> None:
    def no_more_input(question: str) -> str:
        raise EOFError

    before = snapshot(project_copy)
    said: list[str] = []
    knowledge = KnowledgeBase.load(project_copy / "knowledge")

    Triage(Project(project_copy, project_copy / "knowledge"), knowledge, [], no_more_input, said.append).run(queue)

    assert said[-1] == "Review ended."
    assert snapshot(project_copy) == before


def test_examples_the_project_already_has_are_left_out(project_copy: Path) -> None:
    messages = [fallback("Hey  there"), fallback("hey there"), fallback("hey there, cso pay?")]
    examples = Counter(message.text for message in messages).most_common()
    operator = Operator("t ask_salary", "a")

    triage(project_copy, operator).run([Group(messages, examples, None, None)])

    assert "left out (already an example of greet): Hey  there" in operator.transcript
    assert "    1. hey there, cso pay?" in operator.said  # the one new text, once
    assert "Wrote 1 example(s)" in operator.transcript


def test_the_command_line_reads_answers_from_its_input(
    project_copy: Path, write_store: StoreWriter, tmp_path: Path
) -> None:
    """The small traffic's queue holds four groups; the bootcamp group is accepted, the others skipped."""
    environment = {
        **os.environ,
        "CSO_TRACKER_STORE_URL": write_store(CONVERSATIONS),
        "CSO_KNOWLEDGE_DIR": str(project_copy / "knowledge"),
    }
    command = [sys.executable, "-m", "cso_advisor.insights", "review", "--project", str(project_copy)]

    def review(*options: str, answers: str = "") -> str:
        run = subprocess.run(
            [*command, *options], input=answers, capture_output=True, text=True, env=environment, cwd=PROJECT_DIR
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    listing = review("--list")
    groups = listing.split("\nGroup ")[1:]
    result = review(answers="".join("t ask_certifications\na\n" if "cso bootcamp?" in g else "s\n" for g in groups))

    assert f"Review queue: {len(groups)} group(s)" in listing
    assert "Changed: nothing" in listing
    assert "Changed: " + str(project_copy / "data" / "nlu" / "certifications.yml") in result
    assert "- cso bootcamp?" in (project_copy / "data" / "nlu" / "certifications.yml").read_text()
