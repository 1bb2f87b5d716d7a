"""The knowledge base's file format, as pydantic models: what a topic, an entry and an answer hold, and the rules
each field follows. docs/knowledge-base.md documents it for editors."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConstrainedStr, Extra, conlist, validator

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


class StrictModel(BaseModel):
    class Config:
        extra = Extra.forbid  # a misspelt field name is an error, not silently ignored


class _Text(StrictModel):
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


class Topic(StrictModel):
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


class KnowledgeFile(StrictModel):
    topics: conlist(Topic, min_items=1)  # type: ignore[valid-type]
