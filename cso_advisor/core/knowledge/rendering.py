"""How answers become replies: markdown that cites the guide's sections, and buttons that ask for related answers."""

from __future__ import annotations

import abc
import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from cso_advisor.core.knowledge.schema import Answer, Entry, Topic


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


class Rendering(abc.ABC):
    """Replies built from the answers the knowledge base looks up (KnowledgeBase implements the lookups)."""

    @abc.abstractmethod
    def answer(self, answer_id: str) -> Answer: ...

    @abc.abstractmethod
    def answer_id(self, answer: Answer) -> str: ...

    @abc.abstractmethod
    def entry(self, entry_id: str) -> Entry: ...

    @abc.abstractmethod
    def topic_of(self, answer_id: str) -> Topic: ...

    @abc.abstractmethod
    def known_to_the_dialogue(self, intent: str) -> bool: ...

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

    def button_to(self, reference: str) -> Button:
        """A follow-up button whose payload asks for the topic or entry `reference` directly; for a topic the dialogue
        has no intent for (the answer ranking alone finds it), its question in words, as a visitor would ask it."""
        topic = self.topic_of(reference)
        question = topic.overview.question if topic.id == reference else self.entry(reference).question
        if not self.known_to_the_dialogue(topic.intent):
            return Button(title=question, payload=question)
        if topic.id == reference:
            return Button(title=question, payload=f"/{topic.intent}")
        entities = json.dumps({topic.entity: reference})
        return Button(title=question, payload=f"/{topic.intent}{entities}")
