"""A question is no goodbye, thanks, yes or no.

DIET reads "do they ever get nights off?" as a goodbye and "why is that" as a yes: small-talk examples share their
words. Such a reading of a message that asks something is made unsure, so the FallbackClassifier after this
component turns it into nlu_fallback and the knowledge search answers the question (action_search_knowledge).
Greetings keep their reading: "hi, how are you?" is a greeting.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from cso_advisor.core.search import asking_sentences

SMALL_TALK = frozenset({"goodbye", "thanks", "affirm", "deny"})
MIN_QUESTION_WORDS = 3  # "ok?", "really?" and "you sure?" are small talk still


def asks_something(text: str) -> bool:
    """Whether the message holds a question of its own, not only a word or two with a question mark."""
    return any(len(sentence.split()) >= MIN_QUESTION_WORDS for sentence in asking_sentences(text))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class SmallTalkQuestionGuard(GraphComponent, IntentClassifier):  # type: ignore[misc]
    """Place it after DIET and before the FallbackClassifier."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SmallTalkQuestionGuard:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            if intent.get("name") in SMALL_TALK and asks_something(message.get(TEXT) or ""):
                message.set(INTENT, {**intent, PREDICTED_CONFIDENCE_KEY: 0.0}, add_to_output=True)
        return messages
