"""The evaluation scorer: how facts are compared and when a reply counts as right."""

from __future__ import annotations

from typing import Any

import pytest

from scripts.evaluate_conversations import Reply, failures, fold, next_rung

ROADMAP = (
    "**Your roadmap to CSO**\n_From what you told me: IT manager · 12 years' experience_\n\n"
    "**Where you stand:** your work as an IT manager counts as experience at the level of IT Security Manager, "
    "rung 2 of the guide's 5. Your next rung is **Director of Security**.\n\n"
    "**Certifications:** next, CISSP, CISM and CRISC; later, RMP, CEH, CPP and PSP.\n\n"
    "_Source: the career guide, “The Ascent: IT Security Manager”_"
)


def reply(text: str, *payloads: str) -> Reply:
    return Reply.of([{"text": text, "buttons": [{"title": "a button", "payload": p} for p in payloads]}])


@pytest.mark.parametrize(
    ("fact", "text"),
    [
        ("$150,000", "earns **$150,000 – $200,000**"),
        ("150000-200000", "earns $150,000 – $200,000"),
        ("on-call", "often on call around the clock"),
        ("CISSP", "the cissp"),
        ("it's", "it’s"),
        ("education, experience, and career progression", "your education, experience and career progression"),
    ],
)
def test_facts_are_found_whatever_the_typography(fact: str, text: str) -> None:
    assert fold(fact) in fold(text)


@pytest.mark.parametrize(
    ("item", "the_reply", "problems"),
    [
        ({"facts": ["10-15"]}, reply("It takes 10 – 15 years.\n_Source: the career guide_"), []),
        ({"facts": [["CISSP", "CISM"], "ISACA"]}, reply("CISM\n_Source: the career guide_"),
         ["wrong or incomplete answer"]),
        ({"facts": ["10-15"]}, reply("I'm not sure which. Did you mean one of these?"), ["hedged (did you mean)"]),
        ({"facts": ["10-15"]}, reply("I couldn't find that in the career guide."), ["no answer"]),
        ({"decline": True}, reply("I couldn't find that in the career guide."), []),
        ({"decline": True}, reply("x\n_Source: the career guide, “Step 1”_"), ["answered an unanswerable question"]),
        ({"roadmap": "offer"}, reply("an answer", "/ask_roadmap"), []),
        ({"roadmap": "offer"}, reply("an answer", "/ask_steps"), ["roadmap not offered"]),
        ({"roadmap": "start"}, reply("Let's work out your roadmap to CSO from where you stand today."), []),
        ({"roadmap": "start"}, reply("an answer", "/ask_roadmap"), ["roadmap not started"]),
        ({"next_rung": "Director of Security", "not_next": ["CEH"]}, reply(ROADMAP), []),
        ({"next_rung": "IT Security Manager"}, reply(ROADMAP), ["wrong rung"]),
        ({"next_rung": "none"}, reply("an answer"), ["no roadmap placement"]),
        ({"next_certifications": ["RMP"]}, reply(ROADMAP), ["wrong next certifications"]),
        ({"not_next": ["CISM"]}, reply(ROADMAP), ["wrong next certifications"]),
    ],
)  # fmt: skip
def test_a_reply_is_right_only_when_it_meets_every_expectation(
    item: dict[str, Any], the_reply: Reply, problems: list[str]
) -> None:
    assert failures(item, the_reply) == problems


def test_the_top_of_the_ladder_has_no_next_rung() -> None:
    assert next_rung(reply("**Where you stand:** you are at the top of the guide's ladder already.")) == "none"
