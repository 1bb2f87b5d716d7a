"""Rasa custom actions. Thin: the knowledge lives in `actions.knowledge`."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.knowledge import KnowledgeBase

KNOWLEDGE_DIR_VARIABLE = "CSO_KNOWLEDGE_DIR"
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_dir() -> Path:
    return Path(os.environ.get(KNOWLEDGE_DIR_VARIABLE, DEFAULT_KNOWLEDGE_DIR))


@functools.lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """Loaded on first use, not at import time; the server validates it before it starts."""
    return KnowledgeBase.load(knowledge_dir())


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
        answered: list[str] = tracker.get_slot("answered") or []
        reply = knowledge.reply(intent, mentions, answered)
        if reply is None:
            # The dialogue predicted this action after an intent the knowledge base has no topic for.
            dispatcher.utter_message(response="utter_please_rephrase")
            return []
        dispatcher.utter_message(text=reply.text, buttons=[button.as_dict() for button in reply.buttons])
        if reply.answer_id in answered:
            return []
        return [SlotSet("answered", [*answered, reply.answer_id])]
