"""A question read as small talk goes to the knowledge search; small talk itself keeps its reading."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from cso_advisor.rasa_plugins.nlu.small_talk import SmallTalkQuestionGuard


def _guarded(text: str, intent: str) -> float:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9}})
    SmallTalkQuestionGuard().process([message])
    confidence: float = message.get(INTENT)["confidence"]
    return confidence


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("do they ever get nights off?", "goodbye"),
        ("why is that", "affirm"),
        ("thanks! and how much do they make?", "thanks"),
        ("no, I meant what does a director do?", "deny"),
    ],
)
def test_a_question_read_as_small_talk_is_made_unsure(text: str, intent: str) -> None:
    assert _guarded(text, intent) == 0.0


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("thanks, bye", "thanks"),
        ("ok?", "affirm"),
        ("you sure?", "affirm"),
        ("no thanks", "deny"),
        # A greeting that asks is still a greeting.
        ("hi, how are you?", "greet"),
        # Only small talk is guarded: a topic question keeps its reading.
        ("what does a cso earn?", "ask_salary"),
    ],
)
def test_small_talk_and_other_intents_keep_their_reading(text: str, intent: str) -> None:
    assert _guarded(text, intent) == 0.9
