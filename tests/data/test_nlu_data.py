"""The training data, the held-out test set, the domain and the knowledge base agree."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.training_data import TrainingData

from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.paths import PROJECT_DIR

MIN_TEST_EXAMPLES_PER_INTENT = 8


@pytest.fixture(scope="module")
def training() -> TrainingData:
    return load_data(str(PROJECT_DIR / "data" / "nlu"))


@pytest.fixture(scope="module")
def held_out() -> TrainingData:
    return load_data(str(PROJECT_DIR / "tests" / "nlu_test.yml"))


def _key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9+]+", text.lower()))


def test_test_set_is_not_in_the_training_data(training: TrainingData, held_out: TrainingData) -> None:
    trained = {_key(example.get("text")) for example in training.training_examples}
    leaked = [example.get("text") for example in held_out.training_examples if _key(example.get("text")) in trained]
    assert leaked == []


def test_every_intent_has_enough_test_examples(domain: dict[str, Any], held_out: TrainingData) -> None:
    counts = Counter(example.get("intent") for example in held_out.training_examples)
    assert set(counts) == set(domain["intents"])
    assert min(counts.values()) >= MIN_TEST_EXAMPLES_PER_INTENT, counts


def test_every_topic_intent_is_answered_from_the_knowledge_base(
    domain: dict[str, Any], knowledge: KnowledgeBase
) -> None:
    questions = {intent for intent in domain["intents"] if intent.startswith("ask_")}
    about_context = {"ask_about_item", "ask_more_detail", "ask_next_item", "ask_roadmap"}  # no topic of their own
    # Not the other way round: a topic added without NLU data ("later_career") is found by retrieval alone.
    assert questions - about_context <= set(knowledge.intents)


def test_entities_in_data_and_knowledge_are_declared(
    domain: dict[str, Any], knowledge: KnowledgeBase, training: TrainingData, held_out: TrainingData
) -> None:
    declared = {next(iter(entity)) for entity in domain["entities"]}
    assert training.entities <= declared
    assert held_out.entities <= declared
    assert {topic.entity for topic in knowledge.topics if topic.entity} <= declared
