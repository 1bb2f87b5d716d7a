"""Real conversations over the REST channel: trained model, Rasa server and action server."""

from __future__ import annotations

import re

import pytest

from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.conversation import Chat, new_sender, text_of

pytestmark = pytest.mark.e2e


REPHRASE = r"didn't quite understand"
NOT_IN_GUIDE = r"couldn't find that in the career guide"
OUT_OF_SCOPE = r"outside what I know"


@pytest.mark.parametrize(
    ("message", "patterns"),
    [
        ("hi there", [r"CSO Career Advisor"]),
        ("what does a senior CSO earn", [r"\$150,000", r"\$200,000"]),
        ("tell me about CISM", [r"Certified Information Security Manager"]),
        ("what is step 4", [r"(?i)legal"]),
        ("how long does it take to become a ciso", [r"10\s*(?:-|–|to)\s*15"]),
        ("can i become a cso without a degree?", [r"(?i)degree"]),
        ("cso salary?", [r"\$100,000", r"\$350,000"]),
        ("been a sysadmin 5 yrs, got my security plus. what cert should i do next?", [r"CISSP", r"CISM"]),
        ("what does a chief information security officer actually do all day", [r"(?i)crisis|incident"]),
        ("which professional associations should I join", [r"ISSA", r"IAPP"]),
        ("are you a bot?", [r"I'm a bot"]),
        ("what can you do", [r"(?i)ask me anything"]),
        ("what's the weather like in paris tomorrow", [OUT_OF_SCOPE]),
        ("how do i become a dentist", [OUT_OF_SCOPE]),
        ("/nlu_fallback", [REPHRASE]),  # a low-confidence message searches; this payload has no words to find
        ("qwrtp zxvbn lkjhg", [f"{REPHRASE}|{OUT_OF_SCOPE}|{NOT_IN_GUIDE}"]),  # each is honest; an answer is not
        ("zorblat vexnip", [f"{REPHRASE}|{OUT_OF_SCOPE}|{NOT_IN_GUIDE}"]),
    ],
)
def test_answer_holds_the_expected_facts(chat: Chat, message: str, patterns: list[str]) -> None:
    reply = text_of(chat(new_sender(), message))

    for pattern in patterns:
        assert re.search(pattern, reply), f"{pattern!r} not in the reply to {message!r}:\n{reply}"


def test_knowledge_answer_offers_buttons_that_lead_to_their_topic(chat: Chat, knowledge: KnowledgeBase) -> None:
    sender = new_sender()
    first = chat(sender, "what skills does a ciso need")
    buttons = first[0]["buttons"]
    assert 1 <= len(buttons) <= 3

    for button in buttons:
        reply = text_of(chat(sender, button["payload"]))
        intent, _, entities = button["payload"][1:].partition("{")
        expected = knowledge.find_answer(intent, re.findall(r'"([a-z0-9_]+)"}', "{" + entities))
        assert expected is not None
        assert reply.startswith(f"**{expected.title}**"), f"{button} led to:\n{reply}"


def test_a_whole_conversation(chat: Chat) -> None:
    sender = new_sender()

    assert re.search(r"CSO Career Advisor", text_of(chat(sender, "hello")))
    assert re.search(r"\$250,000", text_of(chat(sender, "how much do lead CSOs make")))
    assert re.search(r"(?i)vice president", text_of(chat(sender, "what is the VP of security stage on the ladder")))
    assert re.search(r"(?i)welcome", text_of(chat(sender, "thanks!")))
    assert re.search(r"(?i)good luck", text_of(chat(sender, "bye")))


def test_the_same_question_twice_is_answered_again_the_second_time(chat: Chat) -> None:
    sender = new_sender()
    first = text_of(chat(sender, "tell me about the CISSP"))
    again = text_of(chat(sender, "what is CISSP?"))

    assert "Certified Information Systems Security Professional" in first
    assert re.search(r"_Source: the career guide, “Step \d", first)
    assert again.startswith("As I said earlier:")
    assert "Certified Information Systems Security Professional" in again
