"""Write an accepted suggestion from the review queue into the project: training examples of an intent in
`data/nlu/<topic>.yml`, or alternate questions of a knowledge answer in `knowledge/<area>.yml`.

ruamel.yaml edits the files round-trip, so comments, quoting and layout stay as they were: each file
changes only by the lines added (tests/cso_advisor/insights/test_fixes.py checks every file of the project round-trips
unchanged). A change that fails validation is undone.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.training_data import TrainingData
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from cso_advisor.core.knowledge import KnowledgeBase, KnowledgeBaseError
from cso_advisor.insights.conversations import UserMessage, normalised
from cso_advisor.insights.masking import has_personal_data

# The indentation of the project's files: NLU data lists at the left margin, the knowledge base indents them.
_NLU_LAYOUT = {"mapping": 2, "sequence": 2, "offset": 0}
_KNOWLEDGE_LAYOUT = {"mapping": 2, "sequence": 4, "offset": 2}
_ANNOTATION_SYNTAX = re.compile(r"[\[\]{}]")  # characters that Rasa's training data format reads as markup
_YAML_1_1 = yaml.SafeLoader  # how the knowledge base is read (cso_advisor.core.knowledge), unlike ruamel's YAML 1.2


class FixError(Exception):
    """The suggestion cannot be written, or what was written did not validate (and was undone)."""


def _yaml_for(layout: dict[str, int]) -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True  # type: ignore[assignment]
    yaml.width = 4096  # type: ignore[assignment]  # never re-wrap a line
    yaml.indent(**layout)
    return yaml


NLU_YAML = _yaml_for(_NLU_LAYOUT)
KNOWLEDGE_YAML = _yaml_for(_KNOWLEDGE_LAYOUT)


def unwritable(message: UserMessage) -> str | None:
    """Why a message must not become training data or a question in the knowledge base, if it must not."""
    if message.button is not None or message.text.startswith("/"):
        return "a button click"
    if has_personal_data(message.text):
        return "contains personal data"
    if _ANNOTATION_SYNTAX.search(message.text) or not message.text.isprintable():
        return "contains brackets, braces, line breaks or control characters"
    return None


def annotated(message: UserMessage, entities: Sequence[str]) -> str:
    """The message as a training example, with the entities the model found marked up: "is [cissp](certification)
    worth it"."""
    text, position, pieces = message.text.strip(), 0, []
    offset = len(message.text) - len(message.text.lstrip())
    for found in sorted(message.entities, key=lambda entity: entity.start):
        start, end = found.start - offset, found.end - offset
        if found.entity not in entities or start < position or end > len(text):
            continue
        pieces += [text[position:start], f"[{text[start:end]}]({found.entity})"]
        position = end
    return "".join(pieces) + text[position:]


def training_examples(data_dir: Path) -> dict[str, str]:
    """Every NLU example of the project, normalised, with its intent."""
    return {
        normalised(example.get("text")): str(example.get("intent"))
        for _, data in _nlu_files(data_dir)
        for example in data.intent_examples
    }


def nlu_file_of(data_dir: Path, intent: str) -> Path:
    for path, data in _nlu_files(data_dir):
        if intent in data.intents:
            return path
    raise FixError(f"no file in {data_dir / 'nlu'} has examples of the intent {intent!r}")


def add_training_examples(path: Path, intent: str, examples: Sequence[str]) -> None:
    """Append `examples` to `intent`'s examples in the NLU file `path` (nlu_file_of)."""
    document = NLU_YAML.load(path.read_text(encoding="utf-8"))
    item = next((item for item in document.get("nlu") or [] if item.get("intent") == intent), None)
    if item is None:
        raise FixError(f"{path} has no examples of the intent {intent!r}")
    existing = str(item["examples"])
    separator = "" if existing.endswith("\n") else "\n"
    item["examples"] = LiteralScalarString(existing + separator + "".join(f"- {example}\n" for example in examples))
    _write(NLU_YAML, document, path)


def knowledge_file_of(knowledge_dir: Path, answer_id: str) -> Path:
    for path in sorted(knowledge_dir.glob("*.yml")):
        if _find_answer(KNOWLEDGE_YAML.load(path.read_text(encoding="utf-8")), answer_id) is not None:
            return path
    raise FixError(f"no file in {knowledge_dir} has the answer {answer_id!r}")


def add_alternate_questions(path: Path, answer_id: str, questions: Sequence[str]) -> None:
    """Append `questions` to the alternate questions of the topic overview or entry `answer_id` in the knowledge
    file `path` (knowledge_file_of)."""
    document = KNOWLEDGE_YAML.load(path.read_text(encoding="utf-8"))
    answer = _find_answer(document, answer_id)
    if answer is None:
        raise FixError(f"{path} has no answer {answer_id!r}")
    if "alternate_questions" not in answer:
        answer.insert(list(answer).index("question") + 1, "alternate_questions", CommentedSeq())
    answer["alternate_questions"].extend(_as_string(question) for question in questions)
    _write(KNOWLEDGE_YAML, document, path)


@contextmanager
def undone_unless_valid(paths: Sequence[Path]) -> Iterator[None]:
    """Restore these files as they were if the block raises, for example because validation failed."""
    saved = {path: path.read_bytes() for path in paths}
    try:
        yield
    except BaseException:
        for path, content in saved.items():
            path.write_bytes(content)
        raise


def validate_training_data(project_dir: Path) -> None:
    """`rasa data validate` on the project's domain, data and config, as `make test` runs it."""
    command = [sys.executable, "-m", "rasa", "data", "validate", "--fail-on-warnings"]
    result = subprocess.run(command, cwd=project_dir, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise FixError(f"rasa data validate failed:\n{(result.stdout + result.stderr)[-3000:]}")


def validate_knowledge(knowledge_dir: Path) -> None:
    try:
        KnowledgeBase.load(knowledge_dir)
    except KnowledgeBaseError as error:
        raise FixError(str(error)) from error


def _as_string(text: str) -> str:
    """`text`, quoted where a YAML 1.1 reader would take it for something else ("yes", "no", "1:30")."""
    try:
        plain = yaml.load(text, Loader=_YAML_1_1) == text
    except yaml.YAMLError:
        plain = False
    return text if plain else DoubleQuotedScalarString(text)


def _nlu_files(data_dir: Path) -> Iterator[tuple[Path, TrainingData]]:
    """Each NLU file as Rasa reads it: its examples' text without the entity markup, and their intents."""
    for path in sorted((data_dir / "nlu").glob("*.yml")):
        yield path, RasaYAMLReader().read(path)


def _find_answer(document: Any, answer_id: str) -> Any:
    for topic in document.get("topics") or []:
        if topic.get("id") == answer_id:
            return topic["overview"]
        for entry in topic.get("entries") or []:
            if entry.get("id") == answer_id:
                return entry
    return None


def _write(yaml: YAML, document: Any, path: Path) -> None:
    buffer = io.StringIO()
    yaml.dump(document, buffer)
    path.write_text(buffer.getvalue(), encoding="utf-8")
