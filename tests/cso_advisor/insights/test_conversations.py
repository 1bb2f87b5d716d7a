"""Reading conversations back from the tracker store: messages, clicks, what the bot did, and fallbacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.events import SessionStarted

from cso_advisor.insights.conversations import Entity, read_conversations
from tests.support.stored_events import StoreWriter, action, answered, at, bot, user
from tests.support.stored_traffic import CISSP_BUTTON, CONVERSATIONS

Summary = dict[str, list[tuple[str, str | None, bool, list[str], list[str]]]]


@pytest.fixture
def conversations(write_store: StoreWriter) -> Summary:
    """sender -> (text, button, fell back, actions, answers) of each message."""
    return {
        conversation.sender: [
            (message.text, message.button, message.fell_back, message.actions, message.answers)
            for message in conversation.messages
        ]
        for conversation in read_conversations(write_store(CONVERSATIONS))
    }


def test_each_message_carries_what_the_bot_did_about_it(conversations: Summary) -> None:
    assert conversations["alice"] == [
        ("hi", None, False, ["utter_greet"], []),
        ("which certs do i need", None, False, ["action_answer_question"], ["certifications"]),
        (CISSP_BUTTON[1], CISSP_BUTTON[0], False, ["action_answer_question"], ["cissp"]),
        ("bye", None, False, ["utter_goodbye"], []),
    ]


@pytest.mark.parametrize(
    ("sender", "fell_back"),
    [("bob", [True, True]), ("carol", [False, True, True])],  # carol's last: the policies fell back
)
def test_fallbacks_of_the_model_and_of_the_policies_count(
    conversations: Summary,
    sender: str,
    fell_back: list[bool],
) -> None:
    assert [message[2] for message in conversations[sender]] == fell_back


def test_the_ranking_looks_through_the_fallback(write_store: StoreWriter) -> None:
    url = write_store({"dan": [user("cso bootcamp?", "nlu_fallback", 0.55, at(0), [("ask_certifications", 0.41)])]})

    (message,) = read_conversations(url)[0].messages

    assert (message.intent, message.ranking) == ("nlu_fallback", [("ask_certifications", 0.41)])


def test_entities_keep_their_place_in_the_text(write_store: StoreWriter) -> None:
    found = {"start": 8, "end": 13, "entity": "certification", "value": "cissp", "extractor": "KnowledgeEntities"}
    url = write_store({"eve": [user("is the cissp worth it", "ask_certifications", 0.9, at(0), entities=[found])]})

    (message,) = read_conversations(url)[0].messages

    assert message.entities == [Entity(8, 13, "certification", "cissp")]


def test_an_empty_or_new_store_has_no_conversations(tmp_path: Path, write_store: StoreWriter) -> None:
    assert read_conversations(f"sqlite:///{tmp_path / 'new.db'}") == []
    assert read_conversations(write_store({"quiet": []})) == []  # a session start only, nobody wrote


def test_a_click_matches_buttons_of_any_message_of_the_last_turn(write_store: StoreWriter) -> None:
    url = write_store(
        {
            "fay": [
                user("which certs", "ask_certifications", 0.9, at(0, 0)),
                bot("**Certifications** ...", at(0, 0), [CISSP_BUTTON]),
                bot("Anything else?", at(0, 0)),  # a second message, without buttons
                user(CISSP_BUTTON[1], "ask_certifications", 1.0, at(0, 1)),
                user(CISSP_BUTTON[1], "ask_certifications", 1.0, at(0, 2)),  # typed again: no button on offer now
            ]
        }
    )

    assert [message.button for message in read_conversations(url)[0].messages] == [None, CISSP_BUTTON[0], None]


def test_each_session_is_a_conversation_and_carried_over_slots_belong_to_none(write_store: StoreWriter) -> None:
    """Rasa replays the slots into a new session (carry_over_slots_to_new_session): not an answer to anything."""
    new_session = [action("action_session_start", at(1, 0)), SessionStarted(timestamp=at(1, 0)),
                   answered("salary", at(1, 0)), action("action_listen", at(1, 0))]  # fmt: skip
    url = write_store(
        {
            "gus": [
                user("what does a cso earn", "ask_salary", 0.97, at(0, 0)),
                answered("salary", at(0, 0)),
                user("asdf qwerty", "nlu_fallback", 0.55, at(0, 1)),
                action("utter_please_rephrase", at(0, 1)),
                *new_session,
                user("and the cissp?", "ask_certifications", 0.9, at(1, 1)),
                answered("cissp", at(1, 1)),
            ]
        }
    )

    conversations = read_conversations(url)

    assert [(c.key, [(m.text, m.answers) for m in c.messages]) for c in conversations] == [
        (("gus", 0), [("what does a cso earn", ["salary"]), ("asdf qwerty", [])]),
        (("gus", 1), [("and the cissp?", ["cissp"])]),
    ]
