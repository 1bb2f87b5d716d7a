"""Rasa custom actions, kept thin: answers come from the domain core's knowledge base and search
(`cso_advisor.core`), roadmaps from its roadmap.

`tracker.events` holds only the current turn's events, from the latest user message on (the Rasa server sends no
more: cso_advisor/rasa_plugins/server/speedups.py); what an action needs of earlier turns lives in slots.
"""

from __future__ import annotations

import abc
import functools
import re
from pathlib import Path
from typing import Any

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT, FormValidationAction

from cso_advisor.core.context import ContextualSearch, answer_hit
from cso_advisor.core.knowledge import Answer, Button, KnowledgeBase, Reply, knowledge_dir
from cso_advisor.core.roadmap import Background, InvalidAnswer, Profile, Roadmap
from cso_advisor.core.search import (
    FOLLOW_UP_WORDS,
    Decision,
    Hit,
    KnowledgeSearch,
    Signals,
    Verdict,
    asked_mentions,
    asking_sentences,
    asks_for_more,
    is_bare_question,
    moves_on,
    names_the_last_answer,
    nearest_point,
    question_sentences,
    speaks_of_self,
    within_guide,
)
from cso_advisor.core.wording import asks_about_pay

HISTORY_LENGTH = 20  # items "go back" can return through
ROADMAP_BUTTON = Button(title="Build my personal roadmap", payload="/ask_roadmap")
# A roadmap request read this confidently starts the roadmap even when it is worded as another question, unless one
# knowledge answer clearly wins ("could anyone mentor me on my way to CISO?"), or, from someone who described
# themselves, fits without a tie.
ROADMAP_CONFIDENCE = 0.8


DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"


def dialogue_intents() -> list[str]:
    """The intents of the domain the dialogue model is trained on: a button may name only these."""
    intents = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))["intents"]
    return [intent if isinstance(intent, str) else next(iter(intent)) for intent in intents]


@functools.lru_cache(maxsize=1)
def default_knowledge_base() -> KnowledgeBase:
    """Loaded on first use, not at import time; the server validates it before it starts."""
    return KnowledgeBase.load(knowledge_dir(), dialogue_intents())


@functools.lru_cache(maxsize=1)
def default_search() -> KnowledgeSearch:
    return KnowledgeSearch(default_knowledge_base())


def _answered(tracker: Tracker) -> list[str]:
    answered: list[str] = tracker.get_slot("answered") or []
    return answered


def _mentions(tracker: Tracker) -> list[str]:
    return [str(entity.get("value")) for entity in tracker.latest_message.get("entities", [])]


def _signals(tracker: Tracker, background: Background) -> Signals:
    """What the NLU and the conversation say about a message, for the ranking."""
    ranking = tracker.latest_message.get("intent_ranking") or [tracker.latest_message.get("intent") or {}]
    intents = {str(i["name"]): float(i.get("confidence") or 0.0) for i in ranking if i.get("name")}
    return Signals(
        intents=intents,
        mentions=asked_mentions(tracker.latest_message.get("text") or "", tracker.latest_message.get("entities", [])),
        topic=tracker.get_slot("current_topic"),
        background=background.answers,
        life_story=background.described,
    )


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
    return [*events, *_remember(knowledge, current)]


def _remember(knowledge: KnowledgeBase, item: str) -> list[dict[str, Any]]:
    """The current item, which follow-ups refer to, and its topic."""
    return [SlotSet("current_item", item), SlotSet("current_topic", knowledge.topic_of(item).id)]


class KnowledgeAction(Action, abc.ABC):
    """An action that answers from the knowledge base; tests hand it a small one. Abstract, so that
    rasa_sdk registers only its subclasses."""

    def __init__(self, knowledge: KnowledgeBase | None = None, roadmap: Roadmap | None = None) -> None:
        self._knowledge = knowledge
        self._search = KnowledgeSearch(knowledge) if knowledge else None  # the default one is built on first use
        self._roadmap = roadmap

    @abc.abstractmethod
    def name(self) -> str: ...

    @property
    def knowledge(self) -> KnowledgeBase:
        return self._knowledge or default_knowledge_base()

    @property
    def search(self) -> KnowledgeSearch:
        return self._search or default_search()

    @functools.cached_property
    def in_context(self) -> ContextualSearch:
        return ContextualSearch(self.knowledge, self.search)

    @property
    def roadmap(self) -> Roadmap | None:
        """None with a hand-made knowledge base given and no roadmap: then messages are read as questions only."""
        return self._roadmap or (default_roadmap() if self._knowledge is None else None)

    def background(self, text: str, tracker: Tracker) -> Background:
        """What the message says about its writer, with what they said earlier in the conversation."""
        return self.roadmap.background(text, _profile(tracker)) if self.roadmap else Background()


class ActionAnswerQuestion(KnowledgeAction):
    """Answers a knowledge question: the hybrid ranking chooses the answer, the intent is one of its signals
    (cso_advisor.core.search), and a follow-up is read in the context of the answer before it
    (cso_advisor.core.context). A button's payload names its answer outright. An elliptical "what about CISM?" or
    "and the budget side?" (intent ask_about_item) is read against the current topic first."""

    def name(self) -> str:
        return "action_answer_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        intent = _intent(tracker)
        # "What about CISM?" is short; a longer message naming items ("what's the difference between an analyst
        # and a manager?") is a question of its own, for the ranking.
        about_item = intent == "ask_about_item" and len(text.split()) <= FOLLOW_UP_WORDS
        named = None
        button = text.startswith("/") or not text.strip()  # a button (or a bare intent): its entities name the answer
        if intent == "ask_about_item":
            # The items named in what it asks: "what about for someone like me? I'm an IT security manager" asks none.
            entities = tracker.latest_message.get("entities", [])
            named = self.knowledge.follow_up(
                tracker.get_slot("current_topic"), _mentions(tracker) if button else asked_mentions(text, entities)
            )
            # Unless it names an item of the topic under way ("what about someone who made it to VP?" after pay).
            if not about_item and named is not None and not self._in_current_topic(tracker, named):
                named = None
        elif button:
            named = self.knowledge.find_answer(intent, _mentions(tracker))
        personal = self.background(text, tracker)
        signals = _signals(tracker, personal)
        current = tracker.get_slot("current_item")
        in_context_item = about_item and current and self.knowledge.has(current)
        if named is not None and in_context_item and not self._in_current_topic(tracker, named):
            # "And for the physical security side?" after the certifications: the topic under way's answer that
            # clearly fits (PSP) comes before the item of another topic the words name.
            in_context = self.in_context.besides(text, current, signals)
            if in_context.verdict is Verdict.ANSWER and self._in_current_topic(tracker, in_context.best.answer):
                named = in_context.best.answer
        if named is not None and not button and self.in_context.asks_past(named, text, current, signals, about_item):
            named = None
        if named is not None:
            decision = Decision(
                Verdict.ANSWER, [answer_hit(self.knowledge, named)], also=self._compared(tracker, named)
            )
            if not text.startswith("/"):
                decision = within_guide(text, decision)  # "and entry level in euros?"
            return self._answer(dispatcher, tracker, decision, personal)
        if button:
            dispatcher.utter_message(response="utter_please_rephrase")
            return []
        if (is_bare_question(text) or asks_for_more(text)) and current and self.knowledge.has(current):
            return _send(dispatcher, tracker, self.knowledge, self.knowledge.more_on(current, _answered(tracker)))
        return self._answer(dispatcher, tracker, self.in_context.decide(text, current, signals, about_item), personal)

    def _in_brief(self, answer_id: str, text: str) -> str:
        """A close answer in brief, with its point nearest the message's question."""
        return self.knowledge.in_brief(answer_id, nearest_point(self.knowledge.answer(answer_id).points, text))

    def _compared(self, tracker: Tracker, named: Answer) -> tuple[Hit, ...]:
        """The other item of the same topic a follow-up names beside the first ("and senior vs mid-level?")."""
        topic = self.knowledge.topic_of(self.knowledge.answer_id(named))
        others = [self.knowledge.find_answer(topic.intent, [mention]) for mention in _mentions(tracker)]
        other = next((answer for answer in others if answer not in (None, named, topic.overview)), None)
        return (answer_hit(self.knowledge, other),) if other is not None else ()

    def _in_current_topic(self, tracker: Tracker, answer: Answer) -> bool:
        return bool(self.knowledge.topic_of(self.knowledge.answer_id(answer)).id == tracker.get_slot("current_topic"))

    def _answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, decision: Decision, personal: Background
    ) -> list[dict[str, Any]]:
        """Carry out the decision for this message, whose writer's background is `personal`, and remember what
        the message says about them."""
        events = self._carry_out(dispatcher, tracker, decision, personal)
        given = {event.get("name") for event in events}  # a roadmap sets the whole profile already
        remembered = _remember_profile(self.roadmap, tracker) if self.roadmap else []
        return [*events, *(event for event in remembered if event.get("name") not in given)]

    def _carry_out(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, decision: Decision, personal: Background
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        roadmap = self.roadmap
        if roadmap and not personal.described and roadmap.requests_a_plan(text):
            # Read as another question, yet asking for a plan: the form asks where the person stands.
            dispatcher.utter_message(response="utter_roadmap_intro")
            return [FollowupAction("roadmap_form")]
        if roadmap and personal.described:
            # Someone who says where they stand and asks for a plan gets their roadmap. So does someone whose job or
            # years place them and who asks the way to CSO, or a question that the general way answers.
            placed = personal.role is not None or personal.years is not None
            asks_the_way = roadmap.asks_for_plan(text)
            the_way = decision.verdict is not Verdict.DECLINE and roadmap.tells_the_way(decision.best.answer_id)
            near = [*decision.also, *(decision.hits[1:2] if decision.verdict is Verdict.ANSWER_AND_OFFER else [])]
            particular = next((hit for hit in near if not roadmap.tells_the_way(hit.answer_id)), None)
            if (
                the_way
                and particular
                and particular.answer_id not in roadmap.settings.ladder
                and particular.meaning > decision.best.meaning
                and not asks_the_way
            ):
                # Not the way asked, and a particular answer that is no rung of it came close and means more like the
                # question: the question is about it ("what should I put on my CV for a leadership role?" is step
                # 10's, not the ten steps').
                others = [hit for hit in decision.hits if hit.answer_id != particular.answer_id]
                decision, the_way = Decision(Verdict.ANSWER, [particular, *others]), False
            # "What about for someone like me?" after the general way: the same way, the person's own.
            current = tracker.get_slot("current_item")
            the_way = the_way or (
                current is not None
                and roadmap.tells_the_way(current)
                and moves_on(text)
                and speaks_of_self(question_sentences(text))
                and not asks_about_pay(text)
            )
            # A story told without a question ("I got my CEH last spring") adds to the roadmap of someone placed.
            told = not asking_sentences(text) and speaks_of_self(text)
            asked_for_plan = roadmap.names_a_plan(text) or (placed and asks_the_way)
            if asked_for_plan or (placed and (the_way or told)):
                # Asked something the general way answers: their own way, and the nearest answer that is not a way
                # in brief, as the question may be about it ("what should I put front and center?": applying).
                runners_up = () if asked_for_plan or not the_way else decision.hits[1:]
                other = next((hit for hit in runners_up if not roadmap.tells_the_way(hit.answer_id)), None)
                brief = self._in_brief(other.answer_id, text) if other else None
                return _give_roadmap(dispatcher, roadmap, roadmap.profile_from(text, _profile(tracker)), brief)
        if decision.verdict is Verdict.DECLINE:
            if personal.described:
                # A life story with a question the guide does not answer as such: the roadmap is the answer.
                dispatcher.utter_message(text=personal.offer, buttons=[ROADMAP_BUTTON.as_dict()])
            elif _intent(tracker) == "out_of_scope":
                dispatcher.utter_message(response="utter_out_of_scope")
            else:
                dispatcher.utter_message(response="utter_not_in_guide")
            return []
        tied = decision.hits[:2] if decision.verdict is Verdict.CLARIFY else []
        chosen = next((hit for hit in tied if hit.answer_id in personal.answers), None)
        if chosen is not None:
            # A tie that the person's own background settles ("a police officer of 20 years": step 2).
            others = [hit for hit in decision.hits if hit is not chosen]
            decision = Decision(Verdict.ANSWER_AND_OFFER, [chosen, *others])
        if decision.verdict is Verdict.CLARIFY:
            buttons = [self.knowledge.button_to(hit.answer_id).as_dict() for hit in decision.hits[:3]]
            if personal.described:
                buttons.append(ROADMAP_BUTTON.as_dict())
            dispatcher.utter_message(
                text="I'm not sure which of these you mean. Did you mean one of them?", buttons=buttons
            )
            return []
        reply = self.knowledge.reply_to(decision.best.answer, _answered(tracker))
        for other in decision.also:
            # A message asking two things gets both answers; follow-ups refer to the first.
            more = self.knowledge.reply_to(other.answer, _answered(tracker))
            merged = list(dict.fromkeys([*reply.buttons, *more.buttons]))
            reply = Reply(f"{reply.text}\n\n{more.text}", merged, reply.answer_id)
        extra = []
        if decision.close_second is not None:
            # The runner-up came close: its gist, unless given whole already, and a button for the whole of it.
            close = decision.close_second.answer_id
            if close not in {hit.answer_id for hit in decision.also}:
                reply = Reply(f"{reply.text}\n\n{self._in_brief(close, text)}", reply.buttons, reply.answer_id)
            extra.append(self.knowledge.button_to(close))
        if personal.described:
            reply = Reply(reply.text + personal.note, reply.buttons, reply.answer_id)
            extra.append(ROADMAP_BUTTON)
        offered = [*extra, *(button for button in reply.buttons if button not in extra)]
        return _send(dispatcher, tracker, self.knowledge, Reply(reply.text, offered, reply.answer_id))


# "tell me more about the vendor one": more on something described, not named.
_TELL_ME_MORE_ABOUT = re.compile(
    r"^\W*(tell me|say|explain|give me|i want|i'd like)?\s*more (about|on) "
    r"(?!(it|that|this|them|those)( one| part| bit)?( please)?\W*$)\w",
    re.IGNORECASE,
)


class ActionMoreDetail(ActionAnswerQuestion):
    """ "Tell me more" or "how do I get it?": the next level of detail on the item named, or else the current one.
    With neither, the message is read as a question of its own ("is it worth getting a mentor?")."""

    def name(self) -> str:
        return "action_more_detail"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        named = self.knowledge.follow_up(tracker.get_slot("current_topic"), _mentions(tracker))
        item = self.knowledge.answer_id(named) if named else tracker.get_slot("current_item")
        if named is None and item is not None and _TELL_ME_MORE_ABOUT.match(text):
            # "tell me more about the vendor one" after the skills: the part of the current topic it describes.
            topic = self.knowledge.topic_of(item).id
            chosen = self.in_context.besides(text, item, _signals(tracker, Background()))
            # Only a part of this topic: "more about the pay at the top" after the skills is a question of its own.
            if chosen.verdict is not Verdict.DECLINE and self.knowledge.topic_of(chosen.best.answer_id).id == topic:
                return self._answer(dispatcher, tracker, chosen, Background())
        if item is None:
            personal = self.background(text, tracker)
            decision = self.search.decide(text, _signals(tracker, personal))
            if decision.verdict is Verdict.DECLINE:
                dispatcher.utter_message(response="utter_no_current_item")
                return []
            return self._answer(dispatcher, tracker, decision, personal)
        reply = self.knowledge.more_on(item, _answered(tracker))
        return _send(dispatcher, tracker, self.knowledge, reply, about=item)


# The words just before a name that make it the item just given: "after that first step".
_POINTING_AT = re.compile(r"\b(that|this|those|these)\s+$", re.IGNORECASE)


class ActionNextItem(KnowledgeAction):
    """ "What comes after that?": the next item of the current topic (the next step, rung or pay band), or of the
    item the message names ("and once I'm an analyst, what's the next job?"); for someone placed who asks of
    themselves ("what's the next job for me?"), their own next rung."""

    def name(self) -> str:
        return "action_next_item"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        entities = [
            entity
            for entity in tracker.latest_message.get("entities", [])
            if not _POINTING_AT.search(text[: entity.get("start") or 0])
        ]
        named = self.knowledge.follow_up(tracker.get_slot("current_topic"), asked_mentions(text, entities))
        profile = _profile(tracker)
        if named is None and self.roadmap and profile.role and speaks_of_self(text) and not names_the_last_answer(text):
            # "What's the next job for me?" from someone placed: their own next rung, which their roadmap leads to.
            own = self.knowledge.answer(self.roadmap.advise(profile).answer_id)
            return _send(dispatcher, tracker, self.knowledge, self.knowledge.reply_to(own, _answered(tracker)))
        current = self.knowledge.answer_id(named) if named is not None else tracker.get_slot("current_item")
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


# The words of a request to go back in the conversation; a message with others ("do I need to go back to school?")
# asks something else.
_GOING_BACK = {
    "go", "going", "back", "to", "the", "a", "previous", "last", "earlier", "one", "topic", "answer", "thing",
    "question", "please", "pls", "can", "could", "we", "you", "let", "lets", "s", "us", "return", "what", "where",
    "were", "was", "talking", "about", "discussed", "before", "ok", "okay", "so", "and", "again", "take", "me", "i",
    "want", "undo", "up", "step", "bring",
}  # fmt: skip


class ActionGoBack(ActionAnswerQuestion):
    """ "Go back": the last item before the current topic, shown again in full. A message that only sounds like it
    ("do I need to go back to school for that?") is answered as the question it is."""

    def name(self) -> str:
        return "action_go_back"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        words = set(re.findall(r"[a-z]+", (tracker.latest_message.get("text") or "").lower()))
        if words - _GOING_BACK:
            return await super().run(dispatcher, tracker, domain)
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


class ActionSearchKnowledge(ActionAnswerQuestion):
    """When the NLU is unsure of the intent (nlu_fallback) or reads the message as out of scope: the same
    ranking and policy, with the intents it was unsure between as signals."""

    def name(self) -> str:
        return "action_search_knowledge"


class ActionReadBackground(ActionAnswerQuestion):
    """A message about the person, or read as a request for the roadmap: a question in it that asks for something
    else is answered, with the roadmap on offer; otherwise `wants_plan` lets the roadmap form follow
    (data/rules/roadmap.yml)."""

    def name(self) -> str:
        return "action_read_background"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        roadmap = self.roadmap
        if roadmap is None or not asking_sentences(text) or roadmap.asks_for_plan(text):
            return [SlotSet("wants_plan", True)]
        personal = roadmap.background(text, _profile(tracker))
        # "Once I'm in that role, what should I focus on?" after the roadmap: about the rung it pointed to.
        decision = self.in_context.decide(text, tracker.get_slot("current_item"), _signals(tracker, personal))
        confident = _intent(tracker) == "ask_roadmap" and _confidence(tracker) >= ROADMAP_CONFIDENCE
        # Someone who described themselves gets an answer that fits without a tie; anyone else, the interview unless
        # one answer clearly wins.
        fits = decision.verdict is Verdict.ANSWER or (
            personal.described and decision.verdict is Verdict.ANSWER_AND_OFFER
        )
        if confident and not fits and not asks_about_pay(text):  # pay has its answer: "... at my current level?"
            return [SlotSet("wants_plan", True)]
        return [*self._answer(dispatcher, tracker, decision, personal), SlotSet("wants_plan", False)]


def _give_roadmap(
    dispatcher: CollectingDispatcher, roadmap: Roadmap, profile: Profile, also: str | None = None
) -> list[dict[str, Any]]:
    """The roadmap for a profile read from one message, remembered as the form would have collected it; `also`, an
    answer in brief after it."""
    reply = roadmap.advise(profile)
    text = f"{reply.text}\n\n{also}" if also else reply.text
    dispatcher.utter_message(text=text, buttons=[button.as_dict() for button in reply.buttons])
    certifications = None if profile.certifications is None else list(profile.certifications)
    return [
        *_remember(roadmap.knowledge, reply.answer_id),
        SlotSet("current_role", profile.role),
        SlotSet("years_experience", profile.years),
        SlotSet("degree", profile.degree),
        SlotSet("certifications_held", certifications),
    ]


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
# dialogue answer them and asks again afterwards. Knowledge topic intents count too. A rule in data/rules/roadmap.yml
# answers them in the form (tests/data/test_rules.py checks that the two agree).
NOT_ANSWERS = {
    "ask_about_item", "ask_more_detail", "ask_next_item", "go_back", "start_over", "ask_roadmap",
    "help", "goodbye", "bot_challenge", "greet", "thanks",
}  # fmt: skip


def _confidence(tracker: Tracker) -> float:
    return float((tracker.latest_message.get("intent") or {}).get("confidence") or 0.0)


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


def _remember_profile(roadmap: Roadmap, tracker: Tracker) -> list[dict[str, Any]]:
    """The profile slots a message changes by what it says of its writer, for the roadmap later on. A job named in
    a question about jobs ("what does a security analyst earn?") is not theirs; roadmap.read_role tells."""
    text = tracker.latest_message.get("text") or ""
    if not (speaks_of_self(text) or roadmap.background(text).described):
        return []
    known = _profile(tracker)
    told = roadmap.profile_from(text, known)
    return [
        SlotSet(slot, list(value) if isinstance(value, tuple) else value)
        for slot, value, before in [
            ("current_role", told.role, known.role),
            ("years_experience", told.years, known.years),
            ("degree", told.degree, known.degree),
            ("certifications_held", told.certifications, known.certifications),
        ]
        if value != before
    ]


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
        self._answering: ActionAnswerQuestion | None = None  # built on first use, with its search

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
        refused: tuple[str, InvalidAnswer] | None = None
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
                    refused = (slot, problem)
                continue
            if slot == "current_role" and slot != asked and value is not None:
                # A job mentioned in passing ("Ex-Marine." from a security manager) does not replace a higher one.
                known = tracker.get_slot(slot)
                value = None if roadmap.role_over(text, known) == known else value
            if isinstance(value, tuple) and slot != asked:
                # Certifications mentioned in passing ("I also hold the CISM") add to those already known.
                value = tuple(dict.fromkeys([*(tracker.get_slot(slot) or []), *value]))
            if value is not None:
                events.append(SlotSet(slot, list(value) if isinstance(value, tuple) else value))
                skipped = [name for name in skipped if name != slot]
        if refused is not None:
            refused_slot, refusal = refused
            if not refusal.understood and any(event.get("value") is not None for event in events):
                # Another detail told instead ("CISSP and CPP" when asked the degree): that question is let go.
                skipped.append(refused_slot)
            else:
                # A question the NLU did not read as one ("what jobs can I take after graduating?") is answered,
                # not refused; either way the form asks again.
                if refusal.understood or not self._answer_question(dispatcher, tracker, roadmap, text):
                    dispatcher.utter_message(text=str(refusal))
                events.append(SlotSet(refused_slot, None))  # a slot event: the form asks again, not another policy
        if asked and (intent == "ask_roadmap" or roadmap.asks_for_plan(text)):
            # "So what should I aim for next?" in the middle of the questions: the roadmap now, from what is known.
            given = {event["name"] for event in events if event.get("value") is not None}
            skipped += [s for s in PROFILE_READERS if tracker.get_slot(s) is None and s not in given | set(skipped)]
        if skipped != (tracker.get_slot("skipped_details") or []):
            events.append(SlotSet("skipped_details", skipped))
        return events

    def _asks_for_a_plan_with_a_working_life(self, tracker: Tracker) -> bool:
        """Whether the message asks for a plan in words, and tells of the writer's working life: in words, or in
        years ("Ten years in IT, mostly servers")."""
        roadmap = self._roadmap or default_roadmap()
        text = tracker.latest_message.get("text") or ""
        asks = roadmap.asks_for_plan(text) or roadmap.requests_a_plan(text)
        background = roadmap.background(text)
        return asks and (background.story or background.years is not None)

    def _answer_question(self, dispatcher: CollectingDispatcher, tracker: Tracker, roadmap: Roadmap, text: str) -> bool:
        """Answer a message that asks something the guide clearly answers; whether it did."""
        if not asking_sentences(text):
            return False
        if self._answering is None:
            self._answering = ActionAnswerQuestion(roadmap.knowledge if self._roadmap else None, self._roadmap)
        action = self._answering
        # "and if the company operates in several countries?" is read against the answer before it.
        decision = action.in_context.decide(text, tracker.get_slot("current_item"), _signals(tracker, Background()))
        if decision.verdict in (Verdict.DECLINE, Verdict.CLARIFY):
            return False
        action._answer(dispatcher, tracker, decision, Background())
        return True

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
        starting = tracker.get_slot(REQUESTED_SLOT) is None  # nothing asked yet
        if starting and _intent(tracker) == "describe_profile" and not described:
            # Starting on a message that said nothing usable ("I'm a chef", a misread "ok cool"): no interview;
            # action_give_roadmap says what would help instead.
            missing: list[str] = []
        elif starting and ("current_role" in described or tracker.get_slot("current_role") is not None):
            # Someone who already said who they are, in this message or earlier, gets their roadmap at once; the
            # roadmap invites them to add what it lacks, which the form then reads as a correction.
            missing = []
        elif starting and self._asks_for_a_plan_with_a_working_life(tracker):
            # "I've taught maths for 12 years. Can you lay out a plan?", "I keep the lights on for a law firm's IT":
            # a working life told in words or years the roadmap cannot place. Asked for their job again, they would
            # feel unheard: the roadmap from the ladder's foot, which asks for a title that would place them higher.
            missing = []
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
        return _give_roadmap(dispatcher, self._roadmap or default_roadmap(), _profile(tracker))


class ActionStartOver(Action):
    """Forgets the profile, so the form asks every question again."""

    def name(self) -> str:
        return "action_start_over"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(response="utter_start_over")
        return [SlotSet(slot, None) for slot in [*PROFILE_READERS, "skipped_details"]]
