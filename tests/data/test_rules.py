"""The dialogue rules agree with the lists in the code they copy."""

from __future__ import annotations

from typing import Any

import yaml

from actions.actions import NOT_ANSWERS
from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.paths import PROJECT_DIR

QUESTION_IN_THE_FORM = "a question in the middle of the form is answered, then the form goes on"


def _rules(concern: str) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = yaml.safe_load((PROJECT_DIR / "data" / "rules" / f"{concern}.yml").read_text())[
        "rules"
    ]
    return rules


def _rule(name: str) -> dict[str, Any]:
    return next(rule for rule in _rules("roadmap") if rule["rule"] == name)


def test_every_knowledge_question_the_nlu_knows_has_a_rule_to_answer_it(
    domain: dict[str, Any], knowledge: KnowledgeBase
) -> None:
    answered = {
        rule["steps"][0]["intent"]
        for rule in _rules("knowledge")
        if rule["steps"][1:] == [{"action": "action_answer_question"}]
    }

    assert answered == set(knowledge.intents) & set(domain["intents"])


def test_the_form_lets_the_dialogue_answer_every_knowledge_question(
    domain: dict[str, Any], knowledge: KnowledgeBase
) -> None:
    """The rule's `or:` list is the knowledge base's topic intents the NLU knows (a topic without NLU data is found
    by retrieval alone) and ask_about_item. The form must not read a message with any of them as an answer, or the
    rule never gets the message (NOT_ANSWERS)."""
    answered = {step["intent"] for step in _rule(QUESTION_IN_THE_FORM)["steps"][0]["or"]}

    assert answered == {*(set(knowledge.intents) & set(domain["intents"])), "ask_about_item"}
    assert answered - set(knowledge.intents) <= NOT_ANSWERS


def test_what_the_form_does_not_read_as_an_answer_are_intents(domain: dict[str, Any]) -> None:
    assert set(domain["intents"]) >= NOT_ANSWERS
