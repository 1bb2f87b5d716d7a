"""The knowledge base: loading, validation, lookup and rendering of answers.

The YAML format is documented in docs/knowledge-base.md. Loading validates every
file and collects every problem before failing, so an editor sees all of them at
once, each naming the file, the entry and what is wrong.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConstrainedStr, Extra, ValidationError, conlist, validator

from actions.wording import stem

MAX_ANSWER_WORDS = 150
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_LINK_TARGET = re.compile(r"\]\(\s*([^)\s]*)")
_SAFE_LINK = re.compile(r"(https?:|mailto:)", re.IGNORECASE)
# "8-12 years of experience", "12+ years", "the right fit can take time": an answer that says how long something takes.
_TIME_TAKEN = re.compile(
    r"\b\d+\s*(?:[-–]|to)\s*\d+\+?\s*years\b|\b\d+\+\s*years\b|\bseveral years\b|\btakes? time\b", re.IGNORECASE
)


def _check_markdown(text: str) -> str:
    """Answers are markdown shown in a web page: no raw HTML, and links only to the web or to email."""
    if _HTML_TAG.search(text):
        raise ValueError("holds an HTML tag; write markdown instead (**bold**, - list items, [text](https://...))")
    for target in _LINK_TARGET.findall(text):
        if not _SAFE_LINK.match(target):
            raise ValueError(f"links to {target!r}; a link must start with https://, http:// or mailto:")
    return text


class Identifier(ConstrainedStr):
    strict = True
    regex = re.compile(r"^[a-z][a-z0-9_]*$")


class NonEmptyText(ConstrainedStr):
    strict = True
    strip_whitespace = True
    min_length = 1


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid  # a misspelt field name is an error, not silently ignored


class _Text(_Strict):
    """A titled piece of markdown: a paragraph and up to ten bullets."""

    title: NonEmptyText
    summary: NonEmptyText
    points: conlist(NonEmptyText, max_items=10) = []  # type: ignore[valid-type]

    _markdown = validator("title", "summary", allow_reuse=True)(_check_markdown)
    _markdown_points = validator("points", each_item=True, allow_reuse=True)(_check_markdown)

    def to_markdown(self) -> str:
        lines = [f"**{self.title}**", self.summary]
        lines.extend(f"- {point}" for point in self.points)
        return "\n".join(lines)

    @property
    def gives_pay(self) -> bool:
        """Whether it has a pay figure."""
        return "$" in self.to_markdown()

    @property
    def gives_time(self) -> bool:
        """Whether it says how long something takes: years of experience, or that it takes time."""
        return bool(_TIME_TAKEN.search(self.to_markdown()))

    @property
    def word_count(self) -> int:
        return sum(1 for token in self.to_markdown().split() if re.search(r"\w", token))


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Detail(_Text):
    """The next level of detail on an answer: what "tell me more" and "how do I get it?" show."""

    source: conlist(NonEmptyText, min_items=1) | None = None  # type: ignore[valid-type]  # default: the answer's

    _single_source_as_list = validator("source", pre=True, allow_reuse=True)(_as_list)


class Answer(_Text):
    """One answer: a topic's overview or a single entry."""

    question: NonEmptyText
    # Other ways people ask it, accepted from the review queue (insights.fixes); the search matches them too.
    alternate_questions: list[NonEmptyText] = []
    source: conlist(NonEmptyText, min_items=1)  # type: ignore[valid-type]
    related: conlist(Identifier, min_items=1, max_items=3)  # type: ignore[valid-type]
    more: Detail | None = None

    _single_source_as_list = validator("source", pre=True, allow_reuse=True)(_as_list)


class Entry(Answer):
    id: Identifier
    aliases: conlist(NonEmptyText, min_items=1)  # type: ignore[valid-type]

    @property
    def names(self) -> list[str]:
        """Every string that names this entry in a lookup."""
        return [self.id, self.title, *self.aliases]


class Topic(_Strict):
    id: Identifier
    intent: Identifier
    entity: Identifier | None = None
    overview: Answer
    entries: list[Entry] = []

    @validator("entries")
    def _entries_need_an_entity(cls, entries: list[Entry], values: dict[str, Any]) -> list[Entry]:
        if entries and not values.get("entity"):
            raise ValueError("a topic with entries needs an 'entity' that names them")
        return entries


class KnowledgeFile(_Strict):
    topics: conlist(Topic, min_items=1)  # type: ignore[valid-type]


class KnowledgeBaseError(Exception):
    """The knowledge base is invalid; `problems` lists every problem found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("invalid knowledge base:\n" + "\n".join(f"  {p}" for p in self.problems))


@dataclass(frozen=True)
class Button:
    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: list[Button]
    answer_id: str  # the entry's id, or the topic's id for its overview


def cited(sections: Iterable[str]) -> str:
    """The line under an answer that names the guide sections it comes from: a paragraph of its own (after a
    blank line), or markdown would make it part of the answer's last bullet, and screen readers read it there."""
    return "_Source: the career guide, " + ", ".join(f"“{section}”" for section in sections) + "_"


# Words that only frame a follow-up ("what about ...", "how about their ...").
_FOLLOW_UP_WORDS = {
    "about", "their", "there", "those", "these", "what", "which", "would", "could", "should", "does", "them", "they",
    "that", "this", "with", "usually", "really", "actually",
}  # fmt: skip
_FOLLOW_UP_STEMS = {word[:5] for word in _FOLLOW_UP_WORDS}


def _content_stems(text: str) -> set[str]:
    """The stems of a text's words of four letters or more, but those that only frame a follow-up."""
    return {stem(word) for word in re.findall(r"[a-z]{4,}", text.lower()) if word not in _FOLLOW_UP_WORDS}


def word_stems(text: str) -> set[str]:
    """The first five letters of each word of four letters or more: "hours" and "hour", "later" and "later"."""
    return {word[:5] for word in re.findall(r"[a-z]{4,}", text.lower())}


def normalise(name: str) -> str:
    """Lowercase, accents and punctuation folded, so 'Entry-Level' matches 'entry level'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9+]+", " ", folded).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


class KnowledgeBase:
    """All topics of the knowledge base, indexed by intent and by the names of their entries."""

    def __init__(self, topics: Iterable[Topic]) -> None:
        self.topics = list(topics)
        self._topic_by_intent: dict[str, Topic] = {topic.intent: topic for topic in self.topics}
        self._topic_by_id: dict[str, Topic] = {topic.id: topic for topic in self.topics}
        self._topic_of_overview: dict[int, str] = {id(topic.overview): topic.id for topic in self.topics}
        self._entry_by_id: dict[str, Entry] = {}
        self._topic_of_entry: dict[str, Topic] = {}
        self._names: dict[str, dict[str, Entry]] = {}
        self._stems_of_questions: dict[str, set[str]] = {}  # filled on first use by _stems_asked
        for topic in self.topics:
            names = self._names.setdefault(topic.id, {})
            for entry in topic.entries:
                self._entry_by_id[entry.id] = entry
                self._topic_of_entry[entry.id] = topic
                for name in entry.names:
                    names[normalise(name)] = entry

    @classmethod
    def load(cls, directory: str | Path) -> KnowledgeBase:
        """Load and validate every `*.yml` file in `directory`; raise KnowledgeBaseError on any problem."""
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
        knowledge = cls(topics)
        problems = knowledge._cross_reference_problems(origin)
        if problems:
            raise KnowledgeBaseError(problems)
        return knowledge

    @property
    def intents(self) -> list[str]:
        return list(self._topic_by_intent)

    def topic_for_intent(self, intent: str | None) -> Topic | None:
        return self._topic_by_intent.get(intent or "")

    def find_answer(self, intent: str | None, mentions: Sequence[str]) -> Answer | None:
        """The answer to a question with this intent that names these things.

        A mention is an entry id (what the entity extractor and the buttons give) or a name.
        The first mention that names an entry of the intent's topic wins; an entry of another
        topic counts through the names the two share ("VP of security", asked about pay, is
        the principal salary band). Otherwise the topic's overview answers.
        """
        topic = self.topic_for_intent(intent)
        if topic is None:
            return None
        names = self._names[topic.id]
        for mention in mentions:
            for name in self._names_of(mention):
                entry = names.get(normalise(name))
                if entry is not None:
                    return entry
        return topic.overview

    def follow_up(self, current_topic: str | None, mentions: Sequence[str]) -> Answer | None:
        """The entry that an elliptical "what about X?" names: in the current topic if X is one of its
        entries ("and VP?" after pay is the principal band), else the entry X is the id of."""
        topic = self._topic_by_id.get(current_topic or "")
        if topic is not None:
            answer = self.find_answer(topic.intent, mentions)
            if answer is not topic.overview:
                return answer
        return next((self._entry_by_id[m] for m in mentions if m in self._entry_by_id), None)

    def pay_for(self, answer_id: str) -> str | None:
        """The answer with the pay figures for this one: itself, or the first it points to ("Vice President of
        Security" points to the principal band); None where the guide gives none (an IT Security Manager's)."""
        return next(
            (item for item in [answer_id, *self.answer(answer_id).related] if self.answer(item).gives_pay), None
        )

    def next_after(self, answer_id: str) -> Answer | None:
        """The item after this one in its topic (a topic's overview is followed by its first entry)."""
        topic = self.topic_of(answer_id)
        order: list[str] = [topic.id, *(entry.id for entry in topic.entries)]
        position = order.index(answer_id) + 1
        return self.answer(order[position]) if position < len(order) else None

    def answers(self) -> Iterator[tuple[str, Answer]]:
        """Every answer with its id: each topic's overview, then its entries."""
        for topic in self.topics:
            yield topic.id, topic.overview
            for entry in topic.entries:
                yield entry.id, entry

    def parts_asked(self, answer_id: str, question: str) -> set[str]:
        """The parts of this answer, by their stems, that a follow-up asks about: parts it labels ("what about later in
        their career?" after the work environment's **Later options:**); or all it asks about, where the questions
        this answer answers ask about that too ("and in the interview?" after applying). None for a topic's
        overview with entries: it leaves its parts to them."""
        topic = self._topic_by_id.get(answer_id)
        if topic is not None and topic.entries:
            return set()
        answer = self.answer(answer_id)
        asked = word_stems(question) - _FOLLOW_UP_STEMS
        labels = " ".join(re.findall(r"\*\*([^*]+?):\*\*", answer.to_markdown()))
        labelled = word_stems(labels) & asked
        if labelled:
            return labelled
        # Whole stems to compare questions: "interview" must not meet "international".
        content = _content_stems(question)
        return asked if content and content <= self._stems_asked(answer_id) else set()

    def _stems_asked(self, answer_id: str) -> set[str]:
        """The content stems of the questions an answer answers, worked out once per answer (a follow-up's hot path)."""
        if answer_id not in self._stems_of_questions:
            answer = self.answer(answer_id)
            self._stems_of_questions[answer_id] = _content_stems(
                " ".join([answer.question, *answer.alternate_questions])
            )
        return self._stems_of_questions[answer_id]

    def has(self, answer_id: str) -> bool:
        return answer_id in self._entry_by_id or answer_id in self._topic_by_id

    def entry(self, entry_id: str) -> Entry:
        return self._entry_by_id[entry_id]

    def answer(self, answer_id: str) -> Answer:
        """The entry with this id, or the overview of the topic with this id."""
        entry = self._entry_by_id.get(answer_id)
        return entry if entry is not None else self._topic_by_id[answer_id].overview

    def answer_id(self, answer: Answer) -> str:
        return answer.id if isinstance(answer, Entry) else self._topic_of_overview[id(answer)]

    def reply_to(self, answer: Answer, answered: Collection[str] = ()) -> Reply:
        """The answer as markdown with its guide sections; asked again (in `answered`), the same answer again."""
        answer_id = self.answer_id(answer)
        text = f"{answer.to_markdown()}\n\n{cited(answer.source)}"
        if answer_id in answered:
            text = f"As I said earlier:\n\n{text}"
        return Reply(
            text=text,
            buttons=[self.button_to(ref) for ref in answer.related],
            answer_id=answer_id,
        )

    def in_brief(self, answer_id: str, point: str | None = None) -> str:
        """An answer that came close to the one given, in brief: its title and summary, and one of its points."""
        answer = self.answer(answer_id)
        brief = f"_Also close to your question:_ **{answer.title}**: {answer.summary}"
        return f"{brief}\n- {point}" if point else brief

    def more_on(self, answer_id: str, answered: Collection[str] = ()) -> Reply:
        """The next level of detail on an answer: its `more`, a choice of a topic's entries, or a plain
        'that is all' with related questions."""
        answer = self.answer(answer_id)
        buttons = [self.button_to(ref) for ref in answer.related]
        if answer.more is not None:
            more_id = f"{answer_id}.more"
            text = f"{answer.more.to_markdown()}\n\n{cited(answer.more.source or answer.source)}"
            if more_id in answered:
                text = f"As I said earlier:\n\n{text}"
            return Reply(text=text, buttons=buttons, answer_id=more_id)
        topic = self.topic_of(answer_id)
        if topic.id == answer_id and topic.entries:
            return Reply(
                text=f"The guide goes into more detail on each part of **{answer.title}**. Which one?",
                buttons=[self.button_to(entry.id) for entry in topic.entries],
                answer_id=answer_id,
            )
        return Reply(
            text=f"That's everything the guide says about **{answer.title}**:\n\n{answer.to_markdown()}\n\n"
            f"{cited(answer.source)}\n\nThese related questions go further:",
            buttons=buttons,
            answer_id=answer_id,
        )

    def topic_of(self, answer_id: str) -> Topic:
        """The topic an answer belongs to: the entry's topic, or the topic itself for an overview."""
        return self._topic_of_entry.get(answer_id) or self._topic_by_id[answer_id]

    def button_to(self, reference: str) -> Button:
        """A follow-up button whose payload asks for the topic or entry `reference` directly."""
        topic = self._topic_by_id.get(reference)
        if topic is not None:
            return Button(title=topic.overview.question, payload=f"/{topic.intent}")
        entry = self._entry_by_id[reference]
        topic = self._topic_of_entry[reference]
        entities = json.dumps({topic.entity: entry.id})
        return Button(title=entry.question, payload=f"/{topic.intent}{entities}")

    def _names_of(self, mention: str) -> list[str]:
        entry = self._entry_by_id.get(mention)
        return [mention] if entry is None else [entry.id, *entry.aliases]

    def _cross_reference_problems(self, origin: dict[str, str]) -> list[str]:
        problems = []
        for topic in self.topics:
            for label, answer in [("overview", topic.overview), *((f"entry '{e.id}'", e) for e in topic.entries)]:
                where = f"{origin[topic.id]}: topic '{topic.id}', {label}"
                for reference in answer.related:
                    if reference not in self._topic_by_id and reference not in self._entry_by_id:
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
