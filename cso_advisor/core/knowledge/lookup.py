"""Looking answers up: the knowledge base's topics indexed by intent, by id and by the names of their entries."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path

from cso_advisor.core.knowledge.loader import load_topics
from cso_advisor.core.knowledge.names import normalise
from cso_advisor.core.knowledge.rendering import Rendering
from cso_advisor.core.knowledge.schema import Answer, Entry, Topic
from cso_advisor.core.wording import stem

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


class KnowledgeBase(Rendering):
    """All topics of the knowledge base, indexed by intent and by the names of their entries."""

    def __init__(self, topics: Iterable[Topic], dialogue_intents: Collection[str] | None = None) -> None:
        """`dialogue_intents`: the intents the dialogue model is trained on, which a button's payload may name
        (None: every topic's)."""
        self.topics = list(topics)
        self._dialogue_intents = None if dialogue_intents is None else frozenset(dialogue_intents)
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
    def load(cls, directory: str | Path, dialogue_intents: Collection[str] | None = None) -> KnowledgeBase:
        """Load and validate every `*.yml` file in `directory`; raise KnowledgeBaseError on any problem."""
        return cls(load_topics(directory), dialogue_intents)

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

    def known_to_the_dialogue(self, intent: str) -> bool:
        return self._dialogue_intents is None or intent in self._dialogue_intents

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

    def topic_of(self, answer_id: str) -> Topic:
        """The topic an answer belongs to: the entry's topic, or the topic itself for an overview."""
        return self._topic_of_entry.get(answer_id) or self._topic_by_id[answer_id]

    def _names_of(self, mention: str) -> list[str]:
        entry = self._entry_by_id.get(mention)
        return [mention] if entry is None else [entry.id, *entry.aliases]
