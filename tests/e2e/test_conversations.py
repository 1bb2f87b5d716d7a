"""Whole conversations over REST that depend on context: follow-ups and the personal roadmap.

Each runs through the trained model, the Rasa server and the action server, as a user would.
"""

from __future__ import annotations

import re

import pytest

from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.conversation import Chat, new_sender, text_of

pytestmark = pytest.mark.e2e


ASK_ROLE = r"What's your current job\?"
ASK_YEARS = r"How many years of work experience"
ASK_DEGREE = r"What's your highest degree\?"
ASK_CERTIFICATIONS = r"Which certifications do you hold already"


def _converse(chat: Chat, turns: list[tuple[str, list[str]]]) -> list[str]:
    """Send each message in one conversation; every reply must match all of its patterns, in order."""
    sender = new_sender()
    replies = []
    for message, patterns in turns:
        reply = text_of(chat(sender, message))
        position = 0
        for pattern in patterns:
            found = re.compile(pattern).search(reply, position)
            assert found, f"{pattern!r} not in the reply to {message!r} (in order):\n{reply}"
            position = found.end()
        replies.append(reply)
    return replies


def test_follow_ups_on_pay_then_back_to_the_ladder(chat: Chat) -> None:
    _converse(
        chat,
        [
            ("what is the career ladder to cso?", [r"\*\*The CSO career ladder\*\*"]),
            ("what does a CSO earn?", [r"\*\*CSO salary bands\*\*"]),
            ("and for senior?", [r"\*\*Senior CSO salary\*\*", r"\$150,000 – \$200,000"]),
            ("what comes after that?", [r"\*\*Lead CSO salary\*\*", r"\$200,000 – \$250,000"]),
            ("go back", [r"Back to \*The CSO career ladder\*", r"\*\*The CSO career ladder\*\*"]),
        ],
    )


def test_another_certification_and_how_to_get_it(chat: Chat) -> None:
    _converse(
        chat,
        [
            ("tell me about the CISSP", [r"\*\*CISSP: Certified Information Systems Security Professional\*\*"]),
            ("what about CISM?", [r"\*\*CISM: Certified Information Security Manager\*\*"]),
            ("how do I get it?", [r"\*\*How to earn the CISM\*\*", r"_Source: the career guide"]),
        ],
    )


def test_the_next_rung_and_more_on_it(chat: Chat) -> None:
    _converse(
        chat,
        [
            ("what does a director of security do", [r"\*\*Director of Security: new heights\*\*"]),
            ("what comes after that?", [r"\*\*Vice President of Security"]),
            ("tell me more", [r"\*\*How to move up to Vice President of Security\*\*"]),
        ],
    )


def test_a_roadmap_at_once_from_a_self_description_with_corrections_and_a_fresh_start(chat: Chat) -> None:
    replies = _converse(
        chat,
        [
            # The first message says who the person is: the roadmap comes at once, and a detail added later
            # updates it.
            (
                "I'm a network admin with 6 years and a Security+",
                [
                    r"Your roadmap to CSO",
                    r"network administrator · 6 years' experience · degree not given · Security\+",
                ],
            ),
            (
                "a bachelor's in computer science",
                [
                    r"network administrator · 6 years' experience · bachelor's degree · Security\+",
                    r"first rung is \*\*Security Analyst\*\*",
                    r"next, CISSP, CISM and CRISC",  # no CEH: six years of running networks
                    r"expect roughly 4-9 more years",
                    r"\$100,000 – \$120,000",
                ],
            ),
            ("actually I have a master's", [r"6 years' experience · master's degree · Security\+", r"master's goes"]),
            ("start over", [r"let's start again", ASK_ROLE]),
        ],
    )
    assert ASK_YEARS[:20] not in replies[0]


def test_a_roadmap_on_request_with_invalid_answers_a_question_and_a_skip(chat: Chat) -> None:
    _converse(
        chat,
        [
            ("how do I get to CSO from where I am?", [r"Let's work out your roadmap", ASK_ROLE]),
            ("I'm a security analyst", [ASK_YEARS]),
            ("-3 years", [r"can't be negative", ASK_YEARS]),
            ("banana", [r"didn't catch a number of years", ASK_YEARS]),
            ("what does a senior CSO earn?", [r"\*\*Senior CSO salary\*\*", ASK_YEARS]),
            ("4", [ASK_DEGREE]),
            ("skip", [ASK_CERTIFICATIONS]),
            (
                "CISSP and CEH",
                [
                    r"security analyst · 4 years' experience · degree not given · CISSP, CEH",
                    r"Your next rung is \*\*IT Security Manager\*\*",
                    r"next, CISM, CRISC and CISA",
                    r"expect roughly 6-11 more years",
                    r"\*\*Degree:\*\* you didn't say",
                ],
            ),
        ],
    )


def test_a_question_about_the_cso_role_while_the_roadmap_asks_for_the_job_is_answered_not_taken_as_the_job(
    chat: Chat,
) -> None:
    _converse(
        chat,
        [
            ("help me plan my path to ciso", [r"Let's work out your roadmap", ASK_ROLE]),
            ("what skills does a chief security officer need", [r"\*\*Essential CSO skills\*\*", ASK_ROLE]),
            ("i'm a network administrator", [ASK_YEARS]),
        ],
    )


@pytest.mark.parametrize("question", ["where do CSOs work?", "what does a CSO earn?", "what does a CSO do?"])
def test_every_button_of_an_answer_leads_to_the_answer_it_names(
    chat: Chat, knowledge: KnowledgeBase, question: str
) -> None:
    """Clicked in the conversation it was offered in, each button gets the answer whose question it shows, also a
    topic's that only the answer ranking finds ("What can a CSO go on to do later in their career?")."""
    title_of = {answer.question: answer.title for _, answer in knowledge.answers()}
    offered = [button for message in chat(new_sender(), question) for button in message.get("buttons", [])]
    buttons = [button for button in offered if button["title"] in title_of]  # not "Build my personal roadmap"
    assert buttons
    for button in buttons:
        sender = new_sender()
        chat(sender, question)

        reply = text_of(chat(sender, button["payload"]))

        assert reply.startswith(f"**{title_of[button['title']]}**"), f"{button} got:\n{reply}"
