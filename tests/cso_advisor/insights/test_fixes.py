"""Accepted fixes: written into the project's own files in their own format, and undone if they do not validate."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights import fixes
from cso_advisor.insights.conversations import Entity, UserMessage
from tests.support.paths import PROJECT_DIR


def message(text: str, entities: list[Entity] | None = None, button: str | None = None) -> UserMessage:
    return UserMessage(0.0, text, "nlu_fallback", 0.55, [], entities or [], button=button)


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if it changes or removes any."""
    diff = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert not [line for line in diff if line.startswith("-")], diff
    return [line[2:] for line in diff]


@pytest.mark.parametrize(
    ("path", "yaml"),
    [(path, fixes.NLU_YAML) for path in sorted((PROJECT_DIR / "data" / "nlu").glob("*.yml"))]
    + [(path, fixes.KNOWLEDGE_YAML) for path in sorted((PROJECT_DIR / "knowledge").glob("*.yml"))],
    ids=lambda value: value.name if isinstance(value, Path) else "",
)
def test_every_file_a_fix_may_touch_round_trips_unchanged(path: Path, yaml: object, tmp_path: Path) -> None:
    """So a written fix changes only the lines it adds: comments, quotes and layout stay."""
    copy = tmp_path / path.name
    document = yaml.load(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    fixes._write(yaml, document, copy)  # type: ignore[arg-type]

    assert copy.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_training_examples_go_to_the_end_of_their_intent_and_validate(project_copy: Path) -> None:
    salary = project_copy / "data" / "nlu" / "salary.yml"
    before = salary.read_text()

    assert fixes.nlu_file_of(project_copy / "data", "ask_salary") == salary

    fixes.add_training_examples(salary, "ask_salary", ["cso pay in germany in euros"])

    assert added_lines(before, salary.read_text()) == ["    - cso pay in germany in euros"]
    examples = RasaYAMLReader().read(salary).intent_examples
    assert ("cso pay in germany in euros", "ask_salary") in {(e.get("text"), e.get("intent")) for e in examples}
    fixes.validate_training_data(project_copy)  # raises if rasa data validate fails


def test_an_example_another_intent_has_fails_validation_and_is_undone(project_copy: Path) -> None:
    salary = project_copy / "data" / "nlu" / "salary.yml"
    before = salary.read_bytes()
    taken = next(text for text, intent in fixes.training_examples(project_copy / "data").items() if intent == "greet")

    written = []

    def add_then_validate() -> None:
        with fixes.undone_unless_valid([salary]):
            fixes.add_training_examples(salary, "ask_salary", [taken])
            written.append(salary.read_bytes())
            fixes.validate_training_data(project_copy)

    with pytest.raises(fixes.FixError, match="rasa data validate failed"):
        add_then_validate()

    assert written != [before]  # it was written, then undone
    assert salary.read_bytes() == before


def test_an_unknown_intent_is_named(project_copy: Path) -> None:
    with pytest.raises(fixes.FixError, match="'ask_lunch'"):
        fixes.nlu_file_of(project_copy / "data", "ask_lunch")


def test_alternate_questions_are_added_under_the_question_and_searched(project_copy: Path) -> None:
    knowledge_dir = project_copy / "knowledge"
    question = "are there bootcamps that get you there faster"
    certifications = knowledge_dir / "certifications.yml"
    before = certifications.read_text()
    existing = KnowledgeBase.load(knowledge_dir).entry("cissp").alternate_questions
    assert KnowledgeSearch(KnowledgeBase.load(knowledge_dir)).search(question)[0].answer_id != "cissp"

    assert fixes.knowledge_file_of(knowledge_dir, "cissp") == certifications

    fixes.add_alternate_questions(certifications, "cissp", [question])
    fixes.add_alternate_questions(certifications, "cissp", ["cissp bootcamp?"])  # appends to the list made above

    assert added_lines(before, certifications.read_text()) == [f"          - {question}", "          - cissp bootcamp?"]
    knowledge = KnowledgeBase.load(knowledge_dir)
    assert knowledge.entry("cissp").alternate_questions == [*existing, question, "cissp bootcamp?"]
    assert KnowledgeSearch(knowledge).search(question)[0].answer_id == "cissp"


def test_a_topic_overview_takes_alternate_questions_too(project_copy: Path) -> None:
    fixes.add_alternate_questions(
        project_copy / "knowledge" / "salary.yml", "salary", ["how much money is there in it"]
    )

    assert KnowledgeBase.load(project_copy / "knowledge").answer("salary").alternate_questions[-1:] == [
        "how much money is there in it"
    ]


def test_questions_yaml_1_1_would_misread_are_quoted(project_copy: Path) -> None:
    """The knowledge base is read as YAML 1.1 (PyYAML), where a bare yes is true and 1:30 is 90."""
    questions = ["yes", "no", "1:30", "null", "a plain question"]

    fixes.add_alternate_questions(project_copy / "knowledge" / "salary.yml", "salary", questions)

    assert KnowledgeBase.load(project_copy / "knowledge").answer("salary").alternate_questions[-5:] == questions


def test_an_unknown_answer_is_named(project_copy: Path) -> None:
    with pytest.raises(fixes.FixError, match="'bootcamps'"):
        fixes.knowledge_file_of(project_copy / "knowledge", "bootcamps")


@pytest.mark.parametrize(
    ("text", "entities", "example"),
    [
        ("is the cissp worth it", [Entity(7, 12, "certification", "cissp")], "is the [cissp](certification) worth it"),
        (
            "cism or cissp first",
            [Entity(8, 13, "certification", "cissp"), Entity(0, 4, "certification", "cism")],
            "[cism](certification) or [cissp](certification) first",
        ),
        ("  senior pay ", [Entity(2, 8, "salary_level", "senior")], "[senior](salary_level) pay"),
        ("what about mood", [Entity(11, 15, "mood", "happy")], "what about mood"),  # not an entity of the domain
    ],
)
def test_examples_keep_the_entities_the_model_found(text: str, entities: list[Entity], example: str) -> None:
    assert fixes.annotated(message(text, entities), ["certification", "salary_level"]) == example


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        (message("any cso bootcamps?"), None),
        (message('/ask_certifications{"certification": "cissp"}', button="What is the CISSP?"), "a button click"),
        (message("/ask_salary"), "a button click"),
        (message("bootcamps? mail me at a@b.com"), "contains personal data"),
        (message("what about [cissp](certification)"), "contains brackets, braces, line breaks or control characters"),
        (message("two\nlines"), "contains brackets, braces, line breaks or control characters"),
        (message("what\rnow"), "contains brackets, braces, line breaks or control characters"),
        (message("tab\tseparated"), "contains brackets, braces, line breaks or control characters"),
        (message("an \x1b[31mescape"), "contains brackets, braces, line breaks or control characters"),
    ],
)
def test_what_must_not_be_written_is_named(candidate: UserMessage, reason: str | None) -> None:
    assert fixes.unwritable(candidate) == reason
