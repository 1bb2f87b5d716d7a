"""Loading the knowledge base: every file read and validated, and every problem collected before failing, so an
editor sees all of them at once, each naming the file, the entry and what is wrong."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from cso_advisor.core.knowledge.names import normalise
from cso_advisor.core.knowledge.schema import MAX_ANSWER_WORDS, KnowledgeFile, Topic

KNOWLEDGE_DIR_VARIABLE = "CSO_KNOWLEDGE_DIR"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parents[3] / "knowledge"


def knowledge_dir() -> Path:
    """The knowledge base the advisor answers from: $CSO_KNOWLEDGE_DIR, else the project's knowledge/."""
    return Path(os.environ.get(KNOWLEDGE_DIR_VARIABLE, DEFAULT_KNOWLEDGE_DIR))


class KnowledgeBaseError(Exception):
    """The knowledge base is invalid; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid knowledge base:\n" + "\n".join(f"  {p}" for p in self.problems))


def load_topics(directory: str | Path) -> list[Topic]:
    """Every topic of every `*.yml` file in `directory`; raise KnowledgeBaseError naming every problem."""
    directory = Path(directory)
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise KnowledgeBaseError([f"{_shown(directory)}: no knowledge files (*.yml) found"])
    problems: list[str] = []
    topics: list[Topic] = []
    origin: dict[str, str] = {}  # every id and intent -> the file that defines it
    for path in files:
        loaded = _load_file(path, problems)
        for topic in loaded:
            _check_unique(topic, path, origin, problems)
        topics.extend(loaded)
    if problems:
        # Cross-file checks need every file loaded; they run once these are fixed.
        raise KnowledgeBaseError([*problems, "(checks across files run once these are fixed)"])
    problems = _cross_reference_problems(topics, origin)
    if problems:
        raise KnowledgeBaseError(problems)
    return topics


def _cross_reference_problems(topics: list[Topic], origin: dict[str, str]) -> list[str]:
    ids = {topic.id for topic in topics} | {entry.id for topic in topics for entry in topic.entries}
    problems = []
    for topic in topics:
        for label, answer in [("overview", topic.overview), *((f"entry '{e.id}'", e) for e in topic.entries)]:
            where = f"{origin[topic.id]}: topic '{topic.id}', {label}"
            for reference in answer.related:
                if reference not in ids:
                    problems.append(f"{where}: field 'related': '{reference}' is not a topic or entry id")
            for part, text in [("answer", answer), ("'more'", answer.more)]:
                if text is not None and text.word_count >= MAX_ANSWER_WORDS:
                    problems.append(
                        f"{where}: {part} has {text.word_count} words; it must stay under {MAX_ANSWER_WORDS}"
                    )
        seen: dict[str, str] = {}
        for entry in topic.entries:
            for name in {normalise(n) for n in entry.names}:
                if name in seen:
                    problems.append(
                        f"{origin[topic.id]}: topic '{topic.id}', entry '{entry.id}': "
                        f"name '{name}' also names entry '{seen[name]}'"
                    )
                seen[name] = entry.id
    return problems


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses a key given twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' is given twice in one mapping", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _load_file(path: Path, problems: list[str]) -> list[Topic]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problems.append(f"{_shown(path)}: YAML error{at}: {getattr(error, 'problem', None) or error}")
        return []
    except (OSError, UnicodeDecodeError) as error:
        problems.append(f"{_shown(path)}: cannot read the file: {error}")
        return []
    try:
        return list(KnowledgeFile.parse_obj(raw).topics)
    except ValidationError as error:
        problems.extend(f"{_shown(path)}: {_describe(raw, e['loc'])}: {e['msg']}" for e in error.errors())
        return []


def _shown(path: Path) -> str:
    """The path as an editor would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _describe(raw: Any, location: Sequence[int | str]) -> str:
    """Turn pydantic's ('topics', 0, 'entries', 2, 'related') into "topic 'salary', entry 'senior', field 'related'"."""
    parts: list[str] = []
    node = raw
    steps = list(location)
    while steps:
        step = steps.pop(0)
        child = _child(node, step)
        if step in ("topics", "entries") and steps and isinstance(steps[0], int):
            index = int(steps.pop(0))
            child = _child(child, index)
            name = child.get("id") if isinstance(child, dict) else None
            kind = step[:-1] if step == "topics" else "entry"
            parts.append(f"{kind} '{name}'" if isinstance(name, str) else f"{kind} #{index + 1}")
        elif step == "overview":
            parts.append("overview")
        elif step == "__root__":
            continue
        elif isinstance(step, int):
            parts[-1] += f" item {step + 1}"
        else:
            parts.append(f"field '{step}'")
        node = child
    return ", ".join(parts) or "top level"


def _child(node: Any, key: int | str) -> Any:
    if isinstance(node, dict):
        return node.get(key)
    if isinstance(node, list) and isinstance(key, int) and key < len(node):
        return node[key]
    return None


def _check_unique(topic: Topic, path: Path, origin: dict[str, str], problems: list[str]) -> None:
    names = [("topic id", topic.id, topic.id), ("intent", topic.intent, f"intent:{topic.intent}")]
    names += [("entry id", entry.id, entry.id) for entry in topic.entries]
    for kind, name, key in names:
        if key in origin:
            problems.append(
                f"{_shown(path)}: topic '{topic.id}': duplicate {kind} '{name}', already defined in {origin[key]}"
            )
        else:
            origin[key] = _shown(path)
