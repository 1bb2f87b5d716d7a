"""The wording both models read: the role's names as one, "IT" and the degrees spelled out; and the words that only
frame a question, which the search leaves out."""

from __future__ import annotations

import pytest

from cso_advisor.core.wording import (
    asks_about_pay,
    canonical,
    without_preamble,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what does a CISO earn", "what does a CSO earn"),
        ("Chief Information Security Officers and chief security officers", "CSOs and CSOs"),
        ("is a security chief the same as the c.i.s.o?", "is a CSO the same as the CSO?"),
        ("how much law does a security exec need?", "how much law does a CSO need?"),
        ("chief cybersecurity officers and cyber security executives", "CSOs and CSOs"),
        ("CISA and CISSP", "CISA and CISSP"),  # near spellings stay apart
    ],
)
def test_every_name_of_the_role_is_written_cso(text: str, expected: str) -> None:
    assert canonical(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("what it skills does a cso need", "what information technology skills does a cso need"),
        ("I work in IT", "I work in information technology"),
        ("is it worth it?", "is it worth it?"),  # the pronoun stays
        ("is a masters worth it", "is a master's degree worth it"),
        ("a bachelors degree", "a bachelors degree"),
    ],
)
def test_it_and_the_degrees_are_spelled_out(text: str, expected: str) -> None:
    assert canonical(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do u need to manage ppl first", "do you need to manage people first"),
        ("wat r the levels", "what are the levels"),
        ("whats ur advice", "what is your advice"),
        ("CSO pay in the U.S.", "CSO pay in the U.S."),  # an abbreviation's letter stays
    ],
)
def test_chat_shorthand_is_spelled_out(text: str, expected: str) -> None:
    assert canonical(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("switching topics, do i need a masters for it", "do i need a masters for it"),
        ("Honest question: is the pay worth the stress?", "is the pay worth the stress?"),
        ("Quora: once someone becomes a CSO, do they still study?", "once someone becomes a CSO, do they still study?"),
        ("hi! ok, quick question - what is a CSO?", "what is a CSO?"),
        ("so what?", "so what?"),  # no frame without its punctuation
        ("question:", "question:"),  # nothing else left: the message stays whole
    ],
)
def test_the_words_that_frame_a_question_are_left_out(text: str, expected: str) -> None:
    assert without_preamble(text) == expected


@pytest.mark.parametrize(
    ("text", "about_pay"),
    [
        ("what do CISOs earn?", True),
        ("how much does a cso make in a year", True),
        ("CSO salary?", True),
        ("how do I earn the CISSP?", False),
        ("what skills make a good CISO?", False),
        ("what experience do companies want before they make you cso", False),
        ("how much does a CSO need to know about money?", False),
        ("how much money do cisos make?", True),
        ("whats a cso make starting out", True),
        ("does it pay off at least, like is it worth it", False),
        ("highest paying cso level?", True),
        ("What should I focus on to make VP of Security?", False),
        ("what can make up for it?", False),
        ("which associations are worth paying dues for?", False),
        ("how much do CSOs make and how long does it take?", True),
        ("what would I make as a new CSO?", True),
        # Paying for something is no pay: "my employer pays for the course".
        ("I'm choosing between a master's and an MBA (my employer pays for one)", False),
        ("will my company pay for my CISSP?", False),
        ("what's the pay for a CSO?", True),
    ],
)
def test_pay_is_told_from_other_senses_of_earn_and_make(text: str, about_pay: bool) -> None:
    assert asks_about_pay(text) is about_pay
