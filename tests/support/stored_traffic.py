"""A small, fully known traffic: three conversations over three days, with a button click, fallbacks, a
low-confidence answer and personal data. The report's figures on it are worked out by hand in the tests."""

from __future__ import annotations

from collections.abc import Sequence

from rasa.shared.core.events import Event

from tests.support.stored_events import action, answered, at, bot, user

CISSP_BUTTON = ("What is the CISSP and do I need it?", '/ask_certifications{"certification": "cissp"}')

CONVERSATIONS: dict[str, Sequence[Event]] = {
    "alice": [
        user("hi", "greet", 0.99, at(0, 0)),
        action("utter_greet", at(0, 0)),
        user("which certs do i need", "ask_certifications", 0.95, at(0, 1)),
        action("action_answer_question", at(0, 1)),
        bot("**Certifications for a CSO career** ...", at(0, 1), [CISSP_BUTTON]),
        answered("certifications", at(0, 1)),
        user(CISSP_BUTTON[1], "ask_certifications", 1.0, at(0, 2)),
        action("action_answer_question", at(0, 2)),
        answered("cissp", at(0, 2)),
        user("bye", "goodbye", 0.98, at(0, 3)),
        action("utter_goodbye", at(0, 3)),
    ],
    "bob": [
        user("cso bootcamp?", "nlu_fallback", 0.55, at(0, 10), [("ask_certifications", 0.41), ("ask_steps", 0.3)]),
        action("action_search_knowledge", at(0, 10)),
        answered("certifications", at(0, 10)),
        user(
            "email me at bob.smith@example.com about bootcamps",
            "nlu_fallback",
            0.55,
            at(0, 11),
            [("ask_certifications", 0.35), ("ask_steps", 0.2)],
        ),
        action("action_search_knowledge", at(0, 11)),
    ],
    "carol": [
        user("senior cso pay", "ask_salary", 0.62, at(2, 0), [("ask_salary", 0.62), ("ask_career_path", 0.2)]),
        action("action_answer_question", at(2, 0)),
        answered("senior", at(2, 0)),
        user("short course for ciso", "nlu_fallback", 0.55, at(2, 1), [("ask_certifications", 0.3)]),
        action("action_search_knowledge", at(2, 1)),
        user("hmm", "affirm", 0.9, at(2, 2)),
        action("utter_please_rephrase", at(2, 2)),
    ],
}
