"""Rasa custom actions. Thin: the knowledge lives in `actions.knowledge`."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import KnowledgeBase, Reply
from actions.search import KnowledgeSearch

KNOWLEDGE_DIR_VARIABLE = "CSO_KNOWLEDGE_DIR"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_dir() -> Path:
    return Path(os.environ.get(KNOWLEDGE_DIR_VARIABLE, DEFAULT_KNOWLEDGE_DIR))


@functools.lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """Loaded on first use, not at import time; the server validates it before it starts."""
    return KnowledgeBase.load(knowledge_dir())


@functools.lru_cache(maxsize=1)
def default_search() -> KnowledgeSearch:
    return KnowledgeSearch(default_knowledge_base())


def _answered(tracker: Tracker) -> list[str]:
    answered: list[str] = tracker.get_slot("answered") or []
    return answered


def _send(
    dispatcher: CollectingDispatcher, reply: Reply, answered: list[str], preface: str = ""
) -> list[dict[str, Any]]:
    """Utter the reply with its buttons; remember its answer if it is new to this conversation."""
    dispatcher.utter_message(text=preface + reply.text, buttons=[button.as_dict() for button in reply.buttons])
    return [] if reply.answer_id in answered else [SlotSet("answered", [*answered, reply.answer_id])]


class ActionAnswerQuestion(Action):
    """Answers a topic question from the knowledge base, with follow-up buttons; a repeat gets a pointer back."""

    def __init__(self, knowledge: KnowledgeBase | None = None) -> None:
        self._knowledge = knowledge

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        knowledge = self._knowledge or default_knowledge_base()
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        mentions = [str(entity.get("value")) for entity in tracker.latest_message.get("entities", [])]
        answered = _answered(tracker)
        reply = knowledge.reply(intent, mentions, answered)
        if reply is None:
            # The dialogue predicted this action after an intent the knowledge base has no topic for.
            dispatcher.utter_message(response="utter_please_rephrase")
            return []
        return _send(dispatcher, reply, answered)


# Cosine similarities of TF-IDF vectors, chosen on tests/search_questions.yml (docs/search.md):
# from 0.18 no top hit was wrong; below 0.10 most questions were ones the guide does not answer.
CONFIDENT_SCORE = 0.18
RELATED_SCORE = 0.10


class ActionSearchKnowledge(Action):
    """When no intent fits: search every answer, and answer, offer the closest three, or say the guide lacks it."""

    def __init__(self, knowledge: KnowledgeBase | None = None) -> None:
        self._knowledge = knowledge
        self._search = KnowledgeSearch(knowledge) if knowledge else None  # the default one is built on first use

    def name(self) -> str:
        return "action_search_knowledge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        knowledge = self._knowledge or default_knowledge_base()
        hits = (self._search or default_search()).search(tracker.latest_message.get("text") or "")
        if hits and hits[0].score >= CONFIDENT_SCORE:
            answered = _answered(tracker)
            topic = knowledge.topic_of(hits[0].answer_id).overview.title
            reply = knowledge.reply_to(hits[0].answer, answered)
            return _send(dispatcher, reply, answered, preface=f"I think this answers it (from *{topic}*):\n\n")
        if hits and hits[0].score >= RELATED_SCORE:
            buttons = [knowledge.button_to(hit.answer_id).as_dict() for hit in hits]
            dispatcher.utter_message(text="I'm not sure I understood. Did you mean one of these?", buttons=buttons)
            return []
        dispatcher.utter_message(response="utter_not_in_guide")
        return []
