"""A message read in the context of the answer before it, on the project's knowledge base, without the NLU's signals."""

from __future__ import annotations

import pytest

from cso_advisor.core.context import ContextualSearch
from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch, Signals, Verdict


@pytest.fixture(scope="module")
def in_context(knowledge: KnowledgeBase) -> ContextualSearch:
    return ContextualSearch(knowledge, KnowledgeSearch(knowledge))


@pytest.mark.parametrize(
    ("current", "text", "best"),
    [
        # Nothing before it: the message on its own.
        (None, "how long does it take to become a CSO?", "duration"),
        # After one item of a list, the others: the topic's overview names them all.
        ("cissp", "any others?", "certifications"),
        # A follow-up that moves on within the topic under way, or to a topic the last answer points to.
        ("salary", "and at the very top?", "principal"),
        ("responsibilities", "and the budget side?", "area_security_budgeting"),
        ("cso_role", "what about the physical stuff", "area_physical_security"),
        ("cissp", "and the salary?", "salary"),
    ],
)
def test_a_follow_up_is_read_with_the_answer_before_it(
    in_context: ContextualSearch, current: str | None, text: str, best: str
) -> None:
    decision = in_context.decide(text, current, Signals())

    assert decision.verdict in (Verdict.ANSWER, Verdict.ANSWER_AND_OFFER)
    assert decision.best.answer_id == best


def test_a_message_nothing_fits_is_declined_whatever_came_before(in_context: ContextualSearch) -> None:
    assert in_context.decide("what's the weather like today?", "salary", Signals()).verdict is Verdict.DECLINE
