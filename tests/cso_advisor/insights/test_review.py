"""The review queue groups what the advisor missed by similarity, and says where each group likely belongs."""

from __future__ import annotations

import pytest

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch
from cso_advisor.insights import review
from cso_advisor.insights.conversations import Conversation, UserMessage
from cso_advisor.insights.review import review_queue

THEMES = {
    "bootcamps": ["is there a cso bootcamp", "any good bootcamps for ciso", "bootcamp to become a ciso fast?"],
    "abroad": ["cso salary in germany", "how much does a ciso earn in germany in euros", "ciso salary germany euro"],
    "age": ["am i too old to become a ciso at 50", "is 50 too old to start", "too old for a ciso career at 55?"],
}


def fallback(text: str, ranking: list[tuple[str, float]] | None = None, button: str | None = None) -> UserMessage:
    ranking = ranking or [("ask_certifications", 0.3), ("ask_salary", 0.2)]
    return UserMessage(0.0, text, "nlu_fallback", 0.55, ranking, [], button=button)


def understood(text: str, intent: str, confidence: float) -> UserMessage:
    return UserMessage(0.0, text, intent, confidence, [(intent, confidence)], [])


@pytest.fixture(scope="module")
def search(knowledge: KnowledgeBase) -> KnowledgeSearch:
    return KnowledgeSearch(knowledge)


def queue_of(messages: list[UserMessage], search: KnowledgeSearch, threshold: float = 0.7) -> list[list[str]]:
    groups = review_queue([Conversation("someone", messages)], search, threshold)
    return [sorted(text for text, _ in group.examples) for group in groups]


def test_rewordings_of_one_question_share_a_group_and_themes_stay_apart(search: KnowledgeSearch) -> None:
    messages = [fallback(text) for texts in zip(*THEMES.values(), strict=True) for text in texts]

    assert sorted(queue_of(messages, search)) == sorted(sorted(texts) for texts in THEMES.values())


def test_the_most_asked_group_comes_first_and_counts_every_message(search: KnowledgeSearch) -> None:
    messages = [fallback("is 50 too old to start")] + [fallback(text) for text in THEMES["bootcamps"] * 2]

    groups = review_queue([Conversation("someone", messages)], search, threshold=0.7)

    assert [group.count for group in groups] == [6, 1]
    assert groups[0].examples[0][1] == 2  # each distinct text with how often it was sent


def test_only_fallbacks_and_answers_under_the_threshold_are_reviewed(search: KnowledgeSearch) -> None:
    messages = [
        understood("what does a cso earn", "ask_salary", 0.96),
        understood("cso pay in germany", "ask_salary", 0.62),
        fallback("cso salary in germany"),
        fallback('/ask_salary{"salary_level": "senior"}', button="What does a senior CSO earn?"),
    ]

    assert queue_of(messages, search, threshold=0.7) == [["cso pay in germany", "cso salary in germany"]]
    assert queue_of(messages, search, threshold=0.5) == [["cso salary in germany"]]


def test_each_group_names_its_likeliest_intent_and_answer(search: KnowledgeSearch) -> None:
    messages = [
        fallback("senior cso pay in germany", [("ask_salary", 0.5), ("ask_career_path", 0.3)]),
        fallback("senior ciso salary germany", [("ask_salary", 0.4), ("ask_outlook", 0.35)]),
    ]

    (group,) = review_queue([Conversation("someone", messages)], search, threshold=0.7)

    assert group.intent is not None
    intent, confidence = group.intent
    assert intent == "ask_salary"
    assert confidence == pytest.approx(0.45)
    assert group.answer is not None
    assert group.answer.answer_id == "senior"


@pytest.mark.parametrize(
    ("texts", "groups"),
    [
        ([], []),
        (["ciso bootcamp?"], [["ciso bootcamp?"]]),
        (["ciso bootcamp?", "CISO  bootcamp?"], [["CISO  bootcamp?", "ciso bootcamp?"]]),  # the same, as typed
        (["ciso bootcamp?", "cso bootcamps?"], [["ciso bootcamp?", "cso bootcamps?"]]),
        (["ciso bootcamp?", "am i too old"], [["am i too old"], ["ciso bootcamp?"]]),
        # Nothing left to group by once stop words and the role's names are gone: each stands alone.
        (["cso?", "what about that?", "ciso bootcamp?"], [["ciso bootcamp?"], ["cso?"], ["what about that?"]]),
        (["bootcamp " * 2000, "ciso bootcamp?"], [["bootcamp " * 2000, "ciso bootcamp?"]]),
    ],
)
def test_edge_cases(search: KnowledgeSearch, texts: list[str], groups: list[list[str]]) -> None:
    assert sorted(queue_of([fallback(text) for text in texts], search)) == groups


def test_answers_the_model_was_sure_of_are_not_reviewed(search: KnowledgeSearch) -> None:
    assert queue_of([understood("hi", "greet", 0.99)], search) == []


def test_beyond_the_cap_each_message_is_a_group_of_its_own(
    search: KnowledgeSearch, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(review, "MAX_MESSAGES", 2)
    messages = [fallback(text) for text in ["ciso bootcamp?"] * 3 + ["cso bootcamps?"] * 2 + ["bootcamp for cso"]]

    assert sorted(queue_of(messages, search)) == [["bootcamp for cso"], ["ciso bootcamp?", "cso bootcamps?"]]


def test_paraphrases_that_share_no_word_share_a_group(search: KnowledgeSearch) -> None:
    messages = [
        fallback(text) for text in ["am i too old for this at 58", "is it late to start at my age", "ciso bootcamp?"]
    ]

    assert sorted(queue_of(messages, search)) == [
        ["am i too old for this at 58", "is it late to start at my age"],
        ["ciso bootcamp?"],
    ]
