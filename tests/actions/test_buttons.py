"""Every follow-up button the advisor offers leads to its answer: it names an intent the dialogue is trained on, or
asks its question in words that the answer ranking, in the context of the answer it follows, answers with it."""

from __future__ import annotations

from typing import Any

from actions.actions import dialogue_intents
from cso_advisor.core.context import ContextualSearch
from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch, Signals, Verdict
from tests.support.paths import KNOWLEDGE_DIR


def test_the_dialogue_intents_are_the_domains(domain: dict[str, Any]) -> None:
    assert dialogue_intents() == domain["intents"]


def test_every_button_leads_to_its_answer(domain: dict[str, Any]) -> None:
    knowledge = KnowledgeBase.load(KNOWLEDGE_DIR, dialogue_intents())
    in_context = ContextualSearch(knowledge, KnowledgeSearch(knowledge))
    lost = []
    asked_in_words = 0
    for answer_id, answer in knowledge.answers():
        for reference in answer.related:
            payload = knowledge.button_to(reference).payload
            if payload.startswith("/"):
                if payload[1:].split("{")[0] not in domain["intents"]:
                    lost.append(f"{answer_id} -> {reference}: {payload}")
                continue
            asked_in_words += 1
            decision = in_context.decide(payload, answer_id, Signals())
            if (
                decision.verdict not in (Verdict.ANSWER, Verdict.ANSWER_AND_OFFER)
                or decision.best.answer_id != reference
            ):
                lost.append(f"{answer_id} -> {reference}: {payload!r} got {decision.verdict} {decision.best.answer_id}")
    assert lost == []
    assert asked_in_words > 0  # the project has a topic the ranking alone finds (later_career)
