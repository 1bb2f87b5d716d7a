"""`action_answer_question` against the project's real knowledge base."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ROADMAP_BUTTON, ActionAnswerQuestion
from cso_advisor.core.knowledge import MAX_ANSWER_WORDS, KnowledgeBase
from cso_advisor.core.roadmap import Roadmap
from tests.support.paths import KNOWLEDGE_DIR
from tests.support.trackers import slots_set

RANGE = r"\s*(?:-|–|to)\s*"  # "5-7", "5–7" and "5 to 7" all state the same range


async def _answer(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: Callable[..., Any],
    intent: str,
    entities: dict[str, str],
) -> dict[str, Any]:
    events = await ActionAnswerQuestion(knowledge).run(dispatcher, tracker_for(intent, entities), {})
    slots = slots_set(events)
    assert len(slots["answered"]) == 1
    assert slots["current_item"] == slots["answered"][0] == slots["history"][0]
    assert len(dispatcher.messages) == 1
    message: dict[str, Any] = dispatcher.messages[0]
    return message


@pytest.mark.parametrize(
    ("intent", "entities", "patterns"),
    [
        ("ask_salary", {"salary_level": "senior"}, [r"\$150,000", r"\$200,000", r"12\+? years"]),
        ("ask_salary", {"salary_level": "Entry-Level"}, [r"\$100,000", r"\$120,000", f"5{RANGE}7"]),
        ("ask_salary", {"salary_level": "mid career"}, [r"\$120,000", r"\$150,000", f"8{RANGE}12"]),
        ("ask_salary", {"salary_level": "lead"}, [r"\$200,000", r"\$250,000\+"]),
        ("ask_salary", {"career_stage": "VP of security"}, [r"\$250,000", r"\$350,000\+"]),
        ("ask_salary", {}, [r"\$100,000", r"\$350,000", "(?i)senior", "(?i)principal"]),
        ("ask_certifications", {"certification": "CISM"}, ["Certified Information Security Manager"]),
        ("ask_certifications", {"certification": "cissp"}, ["Certified Information Systems Security Professional"]),
        ("ask_certifications", {"certification": "certified ethical hacker"}, ["CEH", "(?i)security analyst"]),
        ("ask_certifications", {"certification": "crisc"}, ["Certified in Risk and Information Systems Control"]),
        ("ask_certifications", {"certification": "Security+"}, ["CISSP", "CISM", "CISA"]),  # not in the guide
        ("ask_steps", {"step": "step 4"}, ["(?i)legal", "(?i)regulation"]),
        ("ask_steps", {"step": "fourth step"}, ["(?i)legal", "(?i)regulation"]),
        ("ask_steps", {"step": "last step"}, ["(?i)leadership roles"]),
        ("ask_steps", {}, ["(?i)education", "(?i)certification", "(?i)network", "(?i)risk management"]),
        ("ask_career_path", {"career_stage": "vp"}, ["(?i)vice president"]),
        ("ask_career_path", {"career_stage": "analyst"}, ["(?i)security analyst", "CEH"]),
        ("ask_career_path", {}, ["(?i)security analyst", "(?i)IT security manager", "(?i)director of security"]),
        ("ask_duration", {}, [f"10{RANGE}15"]),
        ("ask_no_degree", {}, ["(?i)degree", "(?i)certification", "(?i)experience"]),
        ("ask_qualifications", {}, ["(?i)bachelor", "MBA", "CISSP"]),
        ("ask_stress", {}, ["(?i)stress"]),
        ("ask_outlook", {}, ["AI", "IoT"]),
        ("ask_work_environment", {}, ["24/7"]),
        ("ask_cso_role", {}, ["(?i)crisis"]),
        ("ask_responsibilities", {"responsibility_area": "vendor management"}, ["(?i)contract"]),
        ("ask_responsibilities", {"responsibility_area": "budgeting"}, ["(?i)budget"]),
        ("ask_responsibilities", {}, ["(?i)physical", "(?i)polic"]),
        ("ask_skills", {"skill": "financial acumen"}, ["(?i)budget"]),
        ("ask_skills", {}, ["(?i)leadership", "(?i)communication"]),
        ("ask_organizations", {"organization": "ISSA"}, ["Information Systems Security Association"]),
        ("ask_organizations", {}, ["ISSA", "IAPP", "ACSO"]),
        # Entity values are knowledge base ids; another topic's entry counts through a shared name.
        ("ask_salary", {"career_stage": "vp_of_security"}, [r"\$250,000", r"\$350,000\+"]),
        ("ask_certifications", {"certification": "cism"}, ["Certified Information Security Manager"]),
        # ...but a name that fits only another topic does not take over the answer.
        ("ask_career_path", {"salary_level": "senior"}, ["(?i)security analyst", "(?i)director of security"]),
    ],
)
async def test_answer_holds_the_facts_asked_for(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: Callable[..., Any],
    intent: str,
    entities: dict[str, str],
    patterns: list[str],
) -> None:
    message = await _answer(knowledge, dispatcher, tracker_for, intent, entities)

    for pattern in patterns:
        assert re.search(pattern, message["text"]), f"{pattern!r} not in answer:\n{message['text']}"
    assert 1 <= len(message["buttons"]) <= 3


def _every_answer(knowledge: KnowledgeBase) -> list[Any]:
    cases = []
    for topic in knowledge.topics:
        cases.append(pytest.param(topic.intent, {}, topic.overview.title, id=topic.id))
        cases.extend(
            pytest.param(topic.intent, {topic.entity: entry.id}, entry.title, id=entry.id) for entry in topic.entries
        )
    return cases


@pytest.mark.parametrize(("intent", "entities", "title"), _every_answer(KnowledgeBase.load(KNOWLEDGE_DIR)))
async def test_every_answer_is_concise_and_offers_follow_ups(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: Callable[..., Any],
    intent: str,
    entities: dict[str, str],
    title: str,
) -> None:
    message = await _answer(knowledge, dispatcher, tracker_for, intent, entities)
    body, _, source = message["text"].partition("\n_Source: the career guide, ")

    assert body.startswith(f"**{title}**")
    assert len(body.replace("**", "").split()) < MAX_ANSWER_WORDS
    assert re.fullmatch(r"“[^”]+”(, “[^”]+”)*_", source), f"no source line in:\n{message['text']}"
    assert 1 <= len(message["buttons"]) <= 3
    for button in message["buttons"]:
        assert button["payload"].startswith("/ask_")
        assert button["title"].endswith("?")


async def test_intent_without_a_topic_asks_to_rephrase(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: Callable[..., Any]
) -> None:
    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker_for("greet"), {})

    assert dispatcher.messages[0]["response"] == "utter_please_rephrase"


async def test_a_close_runner_up_is_given_in_brief_with_a_button_for_the_whole(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: Callable[..., Any]
) -> None:
    text = "what does a CSO do all day?"  # the role first, its work environment close behind

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker_for("nlu_fallback", text=text), {})

    message = dispatcher.messages[0]
    answer, _, brief = message["text"].partition("\n\n_Also close to your question:_ ")
    assert answer.startswith(f"**{knowledge.answer('cso_role').title}**")
    environment = knowledge.answer("work_environment")
    assert brief == f"**{environment.title}**: {environment.summary}"
    assert message["buttons"][0] == knowledge.button_to("work_environment").as_dict()


async def test_a_question_the_general_way_answers_gets_the_own_way_and_the_nearest_other_answer(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: Callable[..., Any]
) -> None:
    text = "I've run IT security at a credit union for 7 years. Which other departments would I work with as a CSO?"

    roadmap = Roadmap.load(knowledge, KNOWLEDGE_DIR)

    await ActionAnswerQuestion(knowledge, roadmap).run(dispatcher, tracker_for("nlu_fallback", text=text), {})

    plan, _, brief = dispatcher.messages[0]["text"].partition("\n\n_Also close to your question:_ **")
    assert plan.startswith("**Your roadmap to CSO**")
    title = brief.split("**")[0]
    assert title
    assert title not in [knowledge.answer(way).title for way in roadmap.settings.way_answers]


async def test_a_particular_answer_close_to_the_general_way_answers_a_question_that_asks_no_way(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: Callable[..., Any]
) -> None:
    # Read by the NLU as a question about the career path, whose overview ranks first by a little.
    text = "Director of security, 15 years. Where do people actually find openings for the top security jobs?"

    roadmap = Roadmap.load(knowledge, KNOWLEDGE_DIR)

    await ActionAnswerQuestion(knowledge, roadmap).run(dispatcher, tracker_for("ask_career_path", text=text), {})

    message = dispatcher.messages[0]
    assert message["text"].startswith(f"**{knowledge.answer('step_10').title}**")
    assert ROADMAP_BUTTON.as_dict() in message["buttons"]


async def test_a_repeated_question_is_answered_again_in_full(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: Callable[..., Any]
) -> None:
    action = ActionAnswerQuestion(knowledge)
    first = await action.run(dispatcher, tracker_for("ask_certifications", {"certification": "cism"}), {})
    answered = slots_set(first)["answered"]
    assert answered == ["cism"]

    repeat = tracker_for("ask_certifications", {"certification": "cism"}, slots={"answered": answered})
    events = await action.run(dispatcher, repeat, {})

    full, again = dispatcher.messages[0]["text"], dispatcher.messages[1]["text"]
    assert "answered" not in slots_set(events)  # nothing new to remember
    assert again == f"As I said earlier:\n\n{full}"
    assert dispatcher.messages[1]["buttons"] == dispatcher.messages[0]["buttons"]


async def test_a_new_question_is_added_to_what_was_answered(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: Callable[..., Any]
) -> None:
    tracker = tracker_for("ask_salary", {}, slots={"answered": ["cism"]})

    events = await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert slots_set(events)["answered"] == ["cism", "salary"]
    assert dispatcher.messages[0]["text"].endswith("_Source: the career guide, “Chief Security Officer (CSO) Salary”_")
