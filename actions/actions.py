"""Rasa custom actions, kept thin: answers come from `actions.knowledge` and `actions.search`, roadmaps from
`actions.roadmap`.
"""

from __future__ import annotations

import abc
import functools
import os
from pathlib import Path
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction

from actions.knowledge import KnowledgeBase, Reply
from actions.roadmap import InvalidAnswer, Profile, Roadmap
from actions.search import KnowledgeSearch

KNOWLEDGE_DIR_VARIABLE = "CSO_KNOWLEDGE_DIR"
HISTORY_LENGTH = 20  # items "go back" can return through
DEFAULT_KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_dir() -> Path:
    return Path(os.environ.get(KNOWLEDGE_DIR_VARIABLE, DEFAULT_KNOWLEDGE_DIR))


@functools.lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """Loaded on first use, not at import time; the server validates it before it starts."""
    return KnowledgeBase.load(knowledge_dir())


@functools.lru_cache(maxsize=1)
def default_search() -> KnowledgeSearch:
    return KnowledgeSearch(default_knowledge_base())


def _answered(tracker: Tracker) -> list[str]:
    answered: list[str] = tracker.get_slot("answered") or []
    return answered


def _mentions(tracker: Tracker) -> list[str]:
    return [str(entity.get("value")) for entity in tracker.latest_message.get("entities", [])]


def _send(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    knowledge: KnowledgeBase,
    reply: Reply,
    preface: str = "",
    about: str | None = None,
) -> list[dict[str, Any]]:
    """Utter the reply with its buttons, and remember it: in `answered` if new, and as the current item
    (`about`, by default the answer itself) that follow-ups such as "tell me more" refer to."""
    dispatcher.utter_message(text=preface + reply.text, buttons=[button.as_dict() for button in reply.buttons])
    answered = _answered(tracker)
    current = about or reply.answer_id
    history: list[str] = tracker.get_slot("history") or []
    events = [] if reply.answer_id in answered else [SlotSet("answered", [*answered, reply.answer_id])]
    if history[-1:] != [current]:
        events.append(SlotSet("history", [*history, current][-HISTORY_LENGTH:]))
    return [
        *events,
        SlotSet("current_item", current),
        SlotSet("current_topic", knowledge.topic_of(current).id),
    ]


def _found_in(knowledge: KnowledgeBase, answer_id: str) -> str:
    """Said before an answer the search found, so that the user sees where it comes from."""
    return f"I think this answers it (from *{knowledge.topic_of(answer_id).overview.title}*):\n\n"


class KnowledgeAction(Action, abc.ABC):
    """An action that answers from the knowledge base; tests hand it a small one. Abstract, so that
    rasa_sdk registers only its subclasses."""

    def __init__(self, knowledge: KnowledgeBase | None = None) -> None:
        self._knowledge = knowledge
        self._search = KnowledgeSearch(knowledge) if knowledge else None  # the default one is built on first use

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    def knowledge(self) -> KnowledgeBase:
        return self._knowledge or default_knowledge_base()

    @property
    def search(self) -> KnowledgeSearch:
        return self._search or default_search()


class ActionAnswerQuestion(KnowledgeAction):
    """Answers a topic question from the knowledge base, with follow-up buttons; a repeat gets a pointer back.

    An elliptical "what about CISM?" (intent ask_about_item) is read against the current topic.
    """

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        intent = _intent(tracker)
        preface = ""
        if intent == "ask_about_item":
            answer = self.knowledge.follow_up(tracker.get_slot("current_topic"), _mentions(tracker))
        else:
            chosen = self.search.answer_to_intent(intent, _mentions(tracker), tracker.latest_message.get("text") or "")
            answer = chosen.answer if chosen else None
            # The fit check may take an answer from another topic; the user then hears where it comes from.
            if chosen and chosen.by_fit_check and self.knowledge.topic_of(chosen.answer_id).intent != intent:
                preface = _found_in(self.knowledge, chosen.answer_id)
        if answer is None:
            # An intent the knowledge base has no topic for, or "what about it?" naming nothing it knows.
            dispatcher.utter_message(response="utter_please_rephrase")
            return []
        reply = self.knowledge.reply_to(answer, _answered(tracker))
        return _send(dispatcher, tracker, self.knowledge, reply, preface=preface)


class ActionMoreDetail(KnowledgeAction):
    """ "Tell me more" or "how do I get it?": the next level of detail on the item named, or else the current one."""

    def name(self) -> str:
        return "action_more_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        named = self.knowledge.follow_up(tracker.get_slot("current_topic"), _mentions(tracker))
        item = self.knowledge.answer_id(named) if named else tracker.get_slot("current_item")
        if item is None:
            dispatcher.utter_message(response="utter_no_current_item")
            return []
        reply = self.knowledge.more_on(item, _answered(tracker))
        return _send(dispatcher, tracker, self.knowledge, reply, about=item)


class ActionNextItem(KnowledgeAction):
    """ "What comes after that?": the next item of the current topic (the next step, rung or pay band)."""

    def name(self) -> str:
        return "action_next_item"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        current = tracker.get_slot("current_item")
        if current is None:
            dispatcher.utter_message(response="utter_no_current_item")
            return []
        following = self.knowledge.next_after(current)
        if following is None:
            answer = self.knowledge.answer(current)
            topic = self.knowledge.topic_of(current).overview.title
            dispatcher.utter_message(
                text=f"**{answer.title}** is the last part of *{topic}*; nothing comes after it in the guide.",
                buttons=[self.knowledge.button_to(reference).as_dict() for reference in answer.related],
            )
            return []
        return _send(dispatcher, tracker, self.knowledge, self.knowledge.reply_to(following, _answered(tracker)))


class ActionGoBack(KnowledgeAction):
    """ "Go back": the last item before the current topic, shown again in full."""

    def name(self) -> str:
        return "action_go_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        history: list[str] = tracker.get_slot("history") or []
        current_topic = tracker.get_slot("current_topic")
        earlier = [index for index, item in enumerate(history) if self.knowledge.topic_of(item).id != current_topic]
        if not earlier:
            dispatcher.utter_message(response="utter_nothing_to_go_back_to")
            return []
        back = history[earlier[-1]]
        topic = self.knowledge.topic_of(back).overview.title
        reply = self.knowledge.reply_to(self.knowledge.answer(back))  # in full: going back asks to see it again
        events = _send(dispatcher, tracker, self.knowledge, reply, preface=f"Back to *{topic}*:\n\n")
        return [*events, SlotSet("history", history[: earlier[-1] + 1])]


# Cosine similarities of TF-IDF vectors, chosen on tests/search_questions.yml (docs/search.md):
# from 0.18 no top hit was wrong; below 0.10 most questions were ones the guide does not answer.
CONFIDENT_SCORE = 0.18
RELATED_SCORE = 0.10


class ActionSearchKnowledge(KnowledgeAction):
    """When no intent fits: search every answer, and answer, offer the closest three, or say the guide lacks it."""

    def name(self) -> str:
        return "action_search_knowledge"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        hits = self.search.search(tracker.latest_message.get("text") or "")
        if hits and hits[0].score >= CONFIDENT_SCORE:
            reply = self.knowledge.reply_to(hits[0].answer, _answered(tracker))
            return _send(
                dispatcher, tracker, self.knowledge, reply, preface=_found_in(self.knowledge, hits[0].answer_id)
            )
        if hits and hits[0].score >= RELATED_SCORE:
            buttons = [self.knowledge.button_to(hit.answer_id).as_dict() for hit in hits]
            dispatcher.utter_message(text="I'm not sure I understood. Did you mean one of these?", buttons=buttons)
            return []
        dispatcher.utter_message(response="utter_not_in_guide")
        return []


@functools.lru_cache(maxsize=1)
def default_roadmap() -> Roadmap:
    return Roadmap.load(default_knowledge_base(), knowledge_dir())


# The roadmap form's slots, each with the Roadmap method that reads it from a message.
PROFILE_READERS = {
    "current_role": Roadmap.read_role,
    "years_experience": Roadmap.read_years,
    "degree": Roadmap.read_degree,
    "certifications_held": Roadmap.read_certifications,
}
# Messages with these intents that hold no profile detail are questions, not answers: the form lets the
# dialogue answer them and asks again afterwards. Knowledge topic intents count too.
NOT_ANSWERS = {
    "ask_about_item", "ask_more_detail", "ask_next_item", "go_back", "start_over", "ask_roadmap",
    "help", "goodbye", "bot_challenge", "greet", "thanks",
}  # fmt: skip


def _intent(tracker: Tracker) -> str | None:
    intent: str | None = (tracker.latest_message.get("intent") or {}).get("name")
    return intent


def _described_in_latest_message(tracker: Tracker) -> bool:
    """Whether the form set a profile detail from the latest user message."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "slot" and event.get("name") in PROFILE_READERS:
            return True
    return False


def _profile(tracker: Tracker) -> Profile:
    years = tracker.get_slot("years_experience")
    certifications = tracker.get_slot("certifications_held")
    return Profile(
        role=tracker.get_slot("current_role"),
        years=None if years is None else float(years),
        degree=tracker.get_slot("degree"),
        certifications=None if certifications is None else tuple(certifications),
    )


class ValidateRoadmapForm(FormValidationAction):
    """Reads every profile detail a message gives (a first "I'm a network admin with 6 years" fills two),
    takes "skip" (this question) and "stop" (all the rest), and explains an answer it cannot use so that
    the form asks again."""

    def __init__(self, roadmap: Roadmap | None = None) -> None:
        self._roadmap = roadmap

    def name(self) -> str:
        return "validate_roadmap_form"

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        roadmap = self._roadmap or default_roadmap()
        text = tracker.latest_message.get("text") or ""
        intent = _intent(tracker)
        asked = tracker.get_slot("requested_slot")
        skipped: list[str] = list(tracker.get_slot("skipped_details") or [])
        # A knowledge question asked mid-form ("what skills does a CSO need?") is answered by the dialogue; it
        # answers the form's question only where it states a detail outright, as an unasked message would.
        answering = intent not in roadmap.knowledge.intents
        events = []
        if asked and roadmap.is_stop(text):
            # No more questions: every detail still missing counts as skipped.
            missing = [slot for slot in PROFILE_READERS if tracker.get_slot(slot) is None and slot not in skipped]
            return [SlotSet("skipped_details", [*skipped, *missing])]
        for slot, read in PROFILE_READERS.items():
            if slot == asked and roadmap.is_skip(text):
                skipped.append(slot)
                continue
            try:
                value = read(roadmap, text, slot == asked and answering)
            except InvalidAnswer as problem:
                if problem.understood or (intent not in NOT_ANSWERS and intent not in roadmap.knowledge.intents):
                    dispatcher.utter_message(text=str(problem))
                    events.append(SlotSet(slot, None))  # a slot event: the form asks again, not another policy
                continue
            if isinstance(value, tuple) and slot != asked:
                # Certifications mentioned in passing ("I also hold the CISM") add to those already known.
                value = tuple(dict.fromkeys([*(tracker.get_slot(slot) or []), *value]))
            if value is not None:
                events.append(SlotSet(slot, list(value) if isinstance(value, tuple) else value))
                skipped = [name for name in skipped if name != slot]
        if skipped != (tracker.get_slot("skipped_details") or []):
            events.append(SlotSet("skipped_details", skipped))
        return events

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[str]:
        """The form's slots and the skips: rasa_sdk returns only the events of slots listed here."""
        return [*domain_slots, "skipped_details"]

    async def next_requested_slot(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> dict[str, Any]:
        """The first detail neither given nor skipped; None ends the form."""
        described = set(tracker.slots_to_validate()) & set(PROFILE_READERS)
        if tracker.active_loop_name is None and _intent(tracker) == "describe_profile" and not described:
            # Starting on a message that said nothing usable ("I'm a chef", a misread "ok cool"): no interview;
            # action_give_roadmap says what would help instead.
            missing: list[str] = []
        else:
            skipped = tracker.get_slot("skipped_details") or []
            missing = [slot for slot in PROFILE_READERS if tracker.slots.get(slot) is None and slot not in skipped]
        event: dict[str, Any] = SlotSet(REQUESTED_SLOT, missing[0] if missing else None)
        return event


class ActionGiveRoadmap(Action):
    """The personal roadmap from the profile the form collected."""

    def __init__(self, roadmap: Roadmap | None = None) -> None:
        self._roadmap = roadmap

    def name(self) -> str:
        return "action_give_roadmap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        if _intent(tracker) == "describe_profile" and not _described_in_latest_message(tracker):
            dispatcher.utter_message(response="utter_describe_yourself")
            return []
        reply = (self._roadmap or default_roadmap()).advise(_profile(tracker))
        dispatcher.utter_message(text=reply.text, buttons=[button.as_dict() for button in reply.buttons])
        return []


class ActionStartOver(Action):
    """Forgets the profile, so the form asks every question again."""

    def name(self) -> str:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_start_over")
        return [SlotSet(slot, None) for slot in [*PROFILE_READERS, "skipped_details"]]
