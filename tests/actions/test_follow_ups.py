"""Follow-ups read against the current item: "what about CISM?", "tell me more", "what comes next?", "go back"."""

from __future__ import annotations

import re
from typing import Any

import pytest
from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion, ActionGoBack, ActionMoreDetail, ActionNextItem
from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.trackers import TrackerBuilder, slots_set

ACTIONS: dict[str, type[Action]] = {
    "ask_about_item": ActionAnswerQuestion,
    "ask_more_detail": ActionMoreDetail,
    "ask_next_item": ActionNextItem,
    "go_back": ActionGoBack,
}


def _context(current_item: str, knowledge: KnowledgeBase, **slots: Any) -> dict[str, Any]:
    return {"current_item": current_item, "current_topic": knowledge.topic_of(current_item).id, **slots}


@pytest.mark.parametrize(
    ("current_item", "intent", "entities", "starts_with", "facts", "now_about"),
    [
        # "and for senior?" after the pay overview: the senior band.
        ("salary", "ask_about_item", {"salary_level": "senior"}, "**Senior CSO salary**", [r"\$150,000"], "senior"),
        # "and VP?" means the top pay band after a pay answer, but the VP rung after a ladder answer.
        ("senior", "ask_about_item", {"career_stage": "vp_of_security"}, "**Principal", [r"\$350,000"], "principal"),
        ("director_of_security", "ask_about_item", {"career_stage": "vp_of_security"}, "**Vice President", [],
         "vp_of_security"),
        # "what about CISM?" after the CISSP; an item of another kind switches topic.
        ("cissp", "ask_about_item", {"certification": "cism"}, "**CISM", ["Certified Information Security"], "cism"),
        ("cissp", "ask_about_item", {"salary_level": "lead"}, "**Lead CSO salary**", [r"\$250,000"], "lead"),
        # "how do I get it?" stays on the CISM; naming an item asks about that one instead.
        ("cism", "ask_more_detail", {}, "**How to earn the CISM**", ["(?i)exam", "(?i)experience"], "cism"),
        ("cism", "ask_more_detail", {"certification": "cpp"}, "**How to earn the CPP**", [], "cpp"),
        ("director_of_security", "ask_more_detail", {}, "**How to move up to Director of Security**", [],
         "director_of_security"),
        # "tell me more" on an overview offers its parts; on an entry with nothing more, says so.
        ("steps", "ask_more_detail", {}, "The guide goes into more detail on each part", [], "steps"),
        ("step_4", "ask_more_detail", {}, "That's everything the guide says about **Step 4", [], "step_4"),
        # "what comes after that?": the next rung, band or step; an overview leads to its first part.
        ("security_analyst", "ask_next_item", {}, "**IT Security Manager", [], "it_security_manager"),
        ("mid_level", "ask_next_item", {}, "**Senior CSO salary**", [r"\$150,000"], "senior"),
        ("step_6", "ask_next_item", {}, "**Step 7", [], "step_7"),
        ("career_path", "ask_next_item", {}, "**Security Analyst", [], "security_analyst"),
    ],
)  # fmt: skip
async def test_a_follow_up_answers_from_the_current_item(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: TrackerBuilder,
    current_item: str,
    intent: str,
    entities: dict[str, str],
    starts_with: str,
    facts: list[str],
    now_about: str,
) -> None:
    tracker = tracker_for(intent, entities, slots=_context(current_item, knowledge))

    events = await ACTIONS[intent](knowledge).run(dispatcher, tracker, {})

    text = dispatcher.messages[0]["text"]
    assert text.startswith(starts_with), text
    for fact in facts:
        assert re.search(fact, text), f"{fact!r} not in:\n{text}"
    assert dispatcher.messages[0]["buttons"]
    assert slots_set(events)["current_item"] == now_about
    assert slots_set(events)["current_topic"] == knowledge.topic_of(now_about).id


async def test_tell_me_more_on_a_topic_offers_each_of_its_parts(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    tracker = tracker_for("ask_more_detail", slots=_context("steps", knowledge))

    await ActionMoreDetail(knowledge).run(dispatcher, tracker, {})

    payloads = [button["payload"] for button in dispatcher.messages[0]["buttons"]]
    assert payloads == [f'/ask_steps{{"step": "step_{n}"}}' for n in range(1, 11)]


@pytest.mark.parametrize(
    ("text", "starts_with"),
    [
        # A part of the current topic described, not named: that part.
        ("tell me more about the vendor one", "**Skill: vendor management"),
        # Nothing described: each part on offer, as for a bare "tell me more".
        ("tell me more about that", "The guide goes into more detail on each part of **Essential CSO skills"),
        (
            "tell me more about that one please",
            "The guide goes into more detail on each part of **Essential CSO skills",
        ),
    ],
)
async def test_tell_me_more_about_a_described_part_gives_that_part(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder, text: str, starts_with: str
) -> None:
    tracker = tracker_for("ask_more_detail", text=text, slots=_context("skills", knowledge))

    await ActionMoreDetail(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith(starts_with), dispatcher.messages[0]["text"]


async def test_more_detail_shows_its_source_and_is_shown_again_when_asked_again(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    action = ActionMoreDetail(knowledge)
    first = await action.run(dispatcher, tracker_for("ask_more_detail", slots=_context("cism", knowledge)), {})
    answered = slots_set(first)["answered"]
    again = tracker_for("ask_more_detail", slots=_context("cism", knowledge, answered=answered))
    await action.run(dispatcher, again, {})

    assert answered == ["cism.more"]
    assert "_Source: the career guide, “Step 6: Earn Professional Certifications”" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[1]["text"] == f"As I said earlier:\n\n{dispatcher.messages[0]['text']}"


async def test_nothing_comes_after_the_last_item(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    tracker = tracker_for("ask_next_item", slots=_context("chief_security_officer", knowledge))

    events = await ActionNextItem(knowledge).run(dispatcher, tracker, {})

    assert events == []
    assert "is the last part of *The CSO career ladder*" in dispatcher.messages[0]["text"]
    assert dispatcher.messages[0]["buttons"]


@pytest.mark.parametrize("intent", ["ask_more_detail", "ask_next_item"])
async def test_a_follow_up_with_nothing_before_it_asks_what_it_is_about(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder, intent: str
) -> None:
    events = await ACTIONS[intent](knowledge).run(dispatcher, tracker_for(intent), {})

    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_no_current_item"


async def test_go_back_returns_to_the_topic_before_this_one_and_keeps_going_back(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    history = ["steps", "salary", "senior", "cissp", "cism"]
    action = ActionGoBack(knowledge)

    first = slots_set(
        await action.run(dispatcher, tracker_for("go_back", slots=_context("cism", knowledge, history=history)), {})
    )
    second_context = _context(first["current_item"], knowledge, history=first["history"], answered=["steps"])
    second = slots_set(await action.run(dispatcher, tracker_for("go_back", slots=second_context), {}))

    assert first["current_item"] == "senior"
    assert first["history"] == ["steps", "salary", "senior"]
    assert dispatcher.messages[0]["text"].startswith("Back to *CSO salary bands*:\n\n**Senior CSO salary**")
    assert second["current_item"] == "steps"
    # Going back shows the answer in full even though it was answered before.
    assert dispatcher.messages[1]["text"].startswith("Back to *Ten steps to becoming a CSO*:\n\n**")
    assert "_Source:" in dispatcher.messages[1]["text"]


async def test_go_back_with_no_earlier_topic_says_so(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    tracker = tracker_for("go_back", slots=_context("cism", knowledge, history=["cissp", "cism"]))

    events = await ActionGoBack(knowledge).run(dispatcher, tracker, {})

    assert events == []
    assert dispatcher.messages[0]["response"] == "utter_nothing_to_go_back_to"


async def test_a_question_that_only_sounds_like_going_back_is_answered(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    text = "should I go back to school for a degree first?"
    tracker = tracker_for("go_back", text=text, slots=_context("cism", knowledge, history=["cissp", "cism"]))

    await ActionGoBack(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0].get("response") != "utter_nothing_to_go_back_to"
    assert "degree" in dispatcher.messages[0]["text"].lower()


async def test_what_about_something_unknown_asks_to_rephrase(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    tracker = tracker_for("ask_about_item", {"certification": "Security+"}, slots=_context("cissp", knowledge))

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["response"] == "utter_please_rephrase"


async def test_the_history_stays_bounded(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    history = [entry.id for entry in knowledge.topics[0].entries] * 5
    tracker = tracker_for("ask_salary", slots={"history": history})

    events = await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert slots_set(events)["history"][-1] == "salary"
    assert len(slots_set(events)["history"]) == 20


async def test_a_question_misread_as_tell_me_more_with_nothing_before_it_is_answered(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    tracker = tracker_for("ask_more_detail", text="how do I get the certified protection professional credential?")

    await ActionMoreDetail(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith("**CPP"), dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("intent", "current", "text", "expected"),
    [
        ("ask_about_item", "responsibilities", "and the budget side?", "**Responsibility: security budgeting"),
        ("ask_about_item", "cissp", "and the salary?", "**CSO salary bands"),
        ("ask_about_item", "salary", "and at the very top?", "**Principal CSO / VP of Security salary"),
        # The topics the last answer points to come next: the CSO's role points to the responsibilities.
        ("ask_about_item", "cso_role", "what about the physical stuff", "**Responsibility: physical security"),
        # A follow-up that points back: the answer is in what was just said.
        ("nlu_fallback", "step_4", "does that apply abroad too?", "As I said earlier:\n\n**Step 4"),
        # A question of its own that happens to say "this point" or "the same" is not read as pointing back.
        ("nlu_fallback", "salary", "at this point in my career should I get the CISSP?", "**CISSP"),
        # Longer, with words that can only point back.
        (
            "nlu_fallback",
            "mid_level",
            "how many years of experience do they usually have at that point",
            "As I said earlier:\n\n**Mid-level CSO salary",
        ),
        # "Why?" asks about the last answer itself: its next level of detail.
        ("nlu_fallback", "certifications", "why?", "The guide goes into more detail on each part of **"),
        ("nlu_fallback", "outlook", "how come", "That's everything the guide says about **Job outlook"),
        # The same question again, after an acknowledgement: the same answer again, not its neighbour.
        ("ask_duration", "duration", "ok but like realistically how long", "As I said earlier:\n\n**How long"),
        # A named item of another topic gives way to the current topic's clear answer.
        ("ask_about_item", "certifications", "and for the physical security side?", "**PSP"),
        # After the roadmap, its next rung is the current item: "that role" is that rung.
        ("nlu_fallback", "vp_of_security", "what will that job focus on", "As I said earlier:\n\n**Vice President"),
        ("nlu_fallback", "vp_of_security", "what would I be doing in that next role?", "As I said earlier:\n\n**Vice"),
        (
            "ask_roadmap",
            "director_of_security",
            "what should I focus on at that next level?",
            "As I said earlier:\n\n**Director of Security",
        ),
        # A part the last answer labels: that answer again; a part another answer is about: that one.
        ("ask_about_item", "work_environment", "what about the hours?", "As I said earlier:\n\n**Where"),
        ("ask_about_item", "work_environment", "what about later in their career?", "**Where a CSO career can lead"),
        # Pay asked after a rung the guide gives none for: the pay band that rung points to.
        ("nlu_fallback", "vp_of_security", "what does that next role pay?", "**Principal CSO / VP of Security"),
        # Moving on to pay at the top: the pay, not the top rung that the context leads to and that holds none.
        ("nlu_fallback", "security_analyst", "and what will it pay when i finally make cso", "**CSO salary bands"),
        # Read with the last answer it is that answer again, yet its own words move on within the topic.
        ("nlu_fallback", "area_reporting", "do they handle money too?", "**Responsibility: security budgeting"),
        ("nlu_fallback", "stress", "do they ever get nights off?", "**Where and how CSOs work"),
        # A short question nothing fits alone is about the last answer after all.
        ("nlu_fallback", "step_10", "what should I emphasize?", "As I said earlier:\n\n**Step 10"),
        # So is a longer one that refers back to it, nothing fitting it alone.
        ("nlu_fallback", "step_8", "does that ever stop once you're in the top job?", "As I said earlier:\n\n**Step 8"),
        ("nlu_fallback", "no_degree", "what could make up for not having one?", "As I said earlier:\n\n**Becoming"),
        # A condition on the last answer is read with it.
        ("nlu_fallback", "step_4", "and if the company operates abroad?", "As I said earlier:\n\n**Step 4"),
        # A question left to the last answer ("... on that?") is about it, whatever it reads as alone.
        ("ask_work_environment", "step_4", "who do they work with on that?", "As I said earlier:\n\n**Step 4"),
        # "That first role" after a roadmap's first rung is that rung.
        ("nlu_fallback", "security_analyst", "what would that first role involve day to day?", "As I said earlier:"),
        # Moving on to what the questions the last answer answers ask about: that answer again.
        ("nlu_fallback", "step_10", "and in the interview?", "As I said earlier:\n\n**Step 10"),
        # "Again" asks for what was said before, even where the NLU reads the words as off topic.
        ("out_of_scope", "step_10", "any tips for the interview part again? the big-picture stuff", "As I said"),
        # How long "that" takes, after an answer that says: that answer; the way to CSO asked outright: its time.
        ("ask_duration", "step_10", "how long would all that take?", "As I said earlier:\n\n**Step 10"),
        ("ask_duration", "mid_level", "and how many years is that?", "As I said earlier:\n\n**Mid-level CSO salary"),
        ("ask_duration", "mid_level", "how long does it take to become a CSO?", "**How long it takes to become a CSO"),
        ("ask_duration", "step_3", "how long would that take?", "**How long it takes to become a CSO"),
        # After an answer that gives no time, "all this" is the way it is part of: the guide's time to CSO.
        ("ask_duration", "area_vendor_management", "how long would all this take?", "**How long it takes to become"),
        # "Any others?" after one item of a list: the overview that names them all; after the overview, it again.
        ("nlu_fallback", "iapp", "any others?", "**Professional organizations to join"),
        ("nlu_fallback", "cissp", "are there any others worth getting?", "**Certifications for a CSO career"),
        ("nlu_fallback", "organizations", "others?", "As I said earlier:\n\n**Professional organizations"),
        # "Any other tips?" after advice: the rest of that advice, whatever the NLU made of it.
        ("out_of_scope", "step_10", "any other tips?", "That's everything the guide says about **Step 10"),
    ],
)
async def test_a_follow_up_naming_nothing_is_read_by_meaning_in_context(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: TrackerBuilder,
    intent: str,
    current: str,
    text: str,
    expected: str,
) -> None:
    slots = _context(current, knowledge, answered=[current])
    tracker = tracker_for(intent, text=text, slots=slots)

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith(expected), dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("intent", "entities", "text"),
    [
        ("ask_about_item", {}, "what about in pounds in the uk"),
        ("ask_about_item", {"salary_level": "entry_level"}, "and entry level in euros?"),
    ],
)
async def test_a_follow_up_asking_what_the_guide_cannot_hold_is_declined(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: TrackerBuilder,
    intent: str,
    entities: dict[str, str],
    text: str,
) -> None:
    tracker = tracker_for(intent, entities, text=text, slots=_context("entry_level", knowledge))

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0].get("response") == "utter_not_in_guide", dispatcher.messages[0]


async def test_pay_asked_of_a_rung_the_guide_pays_nothing_for_is_declined(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    slots = _context("security_analyst", knowledge)
    tracker = tracker_for("ask_salary", text="what would that first security job pay?", slots=slots)

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0].get("response") == "utter_not_in_guide", dispatcher.messages[0]


async def test_a_short_question_that_stands_on_its_own_is_not_read_as_about_the_last_answer(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    slots = {**_context("duration", knowledge), "answered": ["duration"]}
    tracker = tracker_for("ask_no_degree", text="can I do it without a degree?", slots=slots)

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith("**Becoming a CSO without a degree"), dispatcher.messages[0]


async def test_a_follow_up_naming_two_items_of_the_topic_gets_both(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    tracker = tracker_for(
        "ask_about_item",
        {"salary_level": "senior"},
        text="and senior vs mid-level?",
        slots=_context("salary", knowledge),
    )
    tracker.latest_message["entities"].append({"entity": "salary_level", "value": "mid_level"})

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    reply = dispatcher.messages[0]["text"]
    assert reply.startswith("**Senior CSO salary**")
    assert "**Mid-level CSO salary**" in reply


@pytest.mark.parametrize("text", ["asdf", "tell me a joke", "hmm interesting", "can you help with my taxes?"])
async def test_a_short_message_that_fits_nothing_is_declined_not_answered_with_the_last_answer_again(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder, text: str
) -> None:
    slots = _context("step_10", knowledge, answered=["step_10"])
    tracker = tracker_for("nlu_fallback", text=text, slots=slots)

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0].get("response") == "utter_not_in_guide", dispatcher.messages[0]


async def test_a_follow_up_asking_the_way_for_the_writer_gets_their_roadmap(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    text = "what about for someone like me? I'm an IT security manager, 5 years, CISSP."
    tracker = tracker_for("ask_about_item", text=text, slots=_context("career_path", knowledge))
    start = text.index("IT security manager")
    tracker.latest_message["entities"] = [
        {"entity": "career_stage", "value": "it_security_manager", "start": start, "end": start + 19}
    ]

    await ActionAnswerQuestion().run(dispatcher, tracker, {})  # with the roadmap

    assert dispatcher.messages[0]["text"].startswith("**Your roadmap to CSO**"), dispatcher.messages[0]["text"]


@pytest.mark.parametrize(
    ("current_item", "text", "named", "expected"),
    [
        # "What comes next?" after the item it names, not the one just given.
        ("no_degree", "And after I get in as an analyst, what would the next job be?", "analyst",
         "**IT Security Manager"),
        # The item just given, pointed back to by whatever name it was given.
        ("security_analyst", "ok and after that first step what comes next?", "first step", "**IT Security Manager"),
    ],
)  # fmt: skip
async def test_what_comes_next_follows_the_item_the_message_names(
    knowledge: KnowledgeBase,
    dispatcher: CollectingDispatcher,
    tracker_for: TrackerBuilder,
    current_item: str,
    text: str,
    named: str,
    expected: str,
) -> None:
    tracker = tracker_for("ask_next_item", text=text, slots=_context(current_item, knowledge))
    start = text.index(named)
    value = {"analyst": "security_analyst", "first step": "step_1"}[named]
    tracker.latest_message["entities"] = [
        {"entity": "career_stage", "value": value, "start": start, "end": start + len(named)}
    ]

    await ActionNextItem(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith(expected), dispatcher.messages[0]["text"]


async def test_an_item_named_in_passing_does_not_answer_a_question_about_something_else(
    knowledge: KnowledgeBase, dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    """ "Tips for networking in cyber security?": the cyber security duty is named, networking is asked about."""
    text = "tips for networking in cyber security?"
    tracker = tracker_for("ask_about_item", text=text)
    start = text.index("cyber security")
    end = start + len("cyber security")
    tracker.latest_message["entities"] = [
        {"entity": "responsibility_area", "value": "area_cyber_security", "start": start, "end": end}
    ]

    await ActionAnswerQuestion(knowledge).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith("**Step 7"), dispatcher.messages[0]["text"]


async def test_the_next_job_for_someone_placed_is_their_own_next_rung(
    dispatcher: CollectingDispatcher, tracker_for: TrackerBuilder
) -> None:
    """ "What's the next job title for me?" after a roadmap, whose focus is the current item: that rung, not the one
    after it."""
    slots = {"current_item": "director_of_security", "current_topic": "career_path",
             "current_role": "it_security_manager", "years_experience": 7.0}  # fmt: skip
    tracker = tracker_for("ask_next_item", text="and what's the next job title for me?", slots=slots)

    await ActionNextItem().run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith("**Director of Security"), dispatcher.messages[0]["text"]
