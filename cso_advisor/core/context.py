"""Deciding on a message in the context of the answer just given: a follow-up ("and vendors?", "... in that role?")
is read against the current item, any other message on its own, unless it is short and nothing fits it alone."""

from __future__ import annotations

import re
from dataclasses import replace

from cso_advisor.core.knowledge import Answer, KnowledgeBase, word_stems
from cso_advisor.core.search import (
    FOLLOW_UP_SCORE,
    FOLLOW_UP_WORDS,
    MOVED_ON_MARGIN,
    POINTING_BACK_WORDS,
    Decision,
    Hit,
    KnowledgeSearch,
    Signals,
    Verdict,
    asks_how_long_that,
    decide,
    is_conditional,
    is_elliptical,
    moves_on,
    names_the_last_answer,
    points_back,
    refers_back,
    within_guide,
)
from cso_advisor.core.wording import asks_about_pay

# "any others?", "are there other ones worth joining?": the other items of the kind just answered.
_ASKS_FOR_OTHERS = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|hmm|oh|but)\W+)?(?:(?:are|is) there |got |what |which |any |name )*"
    r"(?:others?|other ones?)(?: (?:too|as well|besides|then|like (?:that|it|those)|you know of|worth \w+))?\W*$",
    re.IGNORECASE,
)


def answer_hit(knowledge: KnowledgeBase, answer: Answer) -> Hit:
    """An answer chosen outright (a button, a named item), as the ranking's only hit."""
    return Hit(knowledge.answer_id(answer), answer, score=1.0)


class ContextualSearch:
    """The search with the conversation's current item as context."""

    def __init__(self, knowledge: KnowledgeBase, search: KnowledgeSearch) -> None:
        self.knowledge = knowledge
        self.search = search

    def decide(self, text: str, current: str | None, signals: Signals, about_item: bool = False) -> Decision:
        """The decision on a message: a follow-up ("and vendors?", "... in that role?") in the context of the current
        item, any other message on its own, unless it is short and nothing fits it alone."""
        if current is None or not self.knowledge.has(current):
            return self.search.decide(text, signals)
        if asks_how_long_that(text) and self.knowledge.answer(current).gives_time:
            # "how long would that take?" after applying (the right fit takes time), "how many years is that?" after a
            # pay band (its years of experience): the last answer says, not the time to CSO in general.
            return Decision(Verdict.ANSWER, [answer_hit(self.knowledge, self.knowledge.answer(current))])
        if _ASKS_FOR_OTHERS.match(text):
            # "any others?" after one item of a list (IAPP, CISSP, a rung): the topic's overview names them all;
            # after the overview itself, the rest of what it says.
            overview = self.knowledge.topic_of(current).overview
            others = overview if self.knowledge.answer_id(overview) != current else self.knowledge.answer(current)
            return Decision(Verdict.ANSWER, [answer_hit(self.knowledge, others)])
        if about_item or is_elliptical(text):
            return self._follow_up(text, current, signals)
        decision = self.search.decide(text, signals)
        words = len(text.split())
        if decision.verdict is Verdict.DECLINE and (
            words <= FOLLOW_UP_WORDS or (words <= POINTING_BACK_WORDS and refers_back(text))
        ):
            # "what should I emphasize?" after applying, which the guide answers nowhere on its own, or "does that
            # ever stop once you're in the top job?" after keeping up: about the last answer after all, where read
            # with it something fits that its own words fit as a follow-up's must ("asdf" or "tell me a joke" fit
            # nothing, and are not the last answer again).
            in_context = self._follow_up(text, current, signals, alone=decision)
            if in_context.verdict is Verdict.DECLINE:
                return decision
            if self.search.scores(text, signals)[in_context.best.answer_id] >= FOLLOW_UP_SCORE:
                return in_context
        return decision

    def asks_past(self, named: Answer, text: str, current: str | None, signals: Signals, about_item: bool) -> bool:
        """Whether a message naming an item asks something else that one answer clearly fits, the item not even
        close: "tips for networking in cyber security?" names the cyber security duty and asks about networking. A
        name raises its answer's rank; it does not decide."""
        ranked = self.decide(text, current, signals, about_item)
        return ranked.verdict is Verdict.ANSWER and all(hit.answer is not named for hit in ranked.hits)

    def besides(self, text: str, current: str, signals: Signals) -> Decision:
        """The policy on a follow-up ranked in the context of the current answer, the current answer left out: its
        topic counts more than usual, and the topics it points to a little."""
        in_context = self._in_context(current, signals, follow_up=True)
        ranked = [hit for hit in self.search.rank(text, in_context, limit=4) if hit.answer_id != current]
        return decide(ranked, answer_score=FOLLOW_UP_SCORE)

    def _in_context(self, current: str, signals: Signals, follow_up: bool) -> Signals:
        """The signals with the current answer's topic, and a little of the topics it points to."""
        nearby = [self.knowledge.topic_of(related).id for related in self.knowledge.answer(current).related]
        return replace(signals, topic=self.knowledge.topic_of(current).id, follow_up=follow_up, nearby=nearby)

    def _follow_up(self, text: str, current: str, signals: Signals, alone: Decision | None = None) -> Decision:
        """A short message that may lean on the last answer. One that moves on ("and vendors?", "and at the very
        top?") is ranked with the current topic counting more than usual and the current answer left out. One that
        a clear answer fits on its own ("can I do it without a degree?") gets that answer, unless its words can only
        point back ("... at that point?"). Otherwise, as is one asking under a condition ("and if the company is
        global?"), it is read together with the title of the answer it follows ("does that apply abroad too?"),
        which may then be that answer again. Pay asked back about an answer without pay figures gets the band it
        points to, or none where it points to none; a part the last answer labels or its questions ask about gets
        that answer again; a follow-up that moves on to what the answer its context leads to cannot hold gets the
        answer its own words find. `alone`: the decision on the message's own words, where the caller has it."""
        together = f"{self.knowledge.answer(current).title}. {text}"
        paid = self.knowledge.pay_for(current)
        if asks_about_pay(text) and paid != current:
            if paid is not None and (points_back(text) or refers_back(text)):
                # "What does that next role pay?" after a rung the guide gives no pay for: the pay band it points to.
                return Decision(Verdict.ANSWER, [answer_hit(self.knowledge, self.knowledge.answer(paid))])
            if paid is None and points_back(text):
                # "What would that first security job pay?" after a rung that points to no band: the guide has none.
                return Decision(Verdict.DECLINE, [answer_hit(self.knowledge, self.knowledge.answer(current))])
        if moves_on(text) and not is_conditional(text):
            alone = alone or self.search.decide(text, signals)
            if alone.verdict is Verdict.ANSWER and alone.best.answer_id == current:
                return alone  # "ok but realistically, how long?": the same question again, answered again
            decision = self.besides(text, current, signals)
            parts = self.knowledge.parts_asked(current, text)
            if parts and (decision.verdict is Verdict.DECLINE or not parts & word_stems(decision.best.answer.title)):
                # "what about later in their career?" after the work environment, which labels its later options, or
                # "and in the interview?" after applying, whose questions ask about it; unless another answer is
                # about that part ("what about the physical stuff?": physical security).
                return Decision(Verdict.ANSWER, [answer_hit(self.knowledge, self.knowledge.answer(current))])
            if decision.verdict is not Verdict.DECLINE:
                within = within_guide(text, decision)
                if within.verdict is Verdict.DECLINE and alone.verdict in (Verdict.ANSWER, Verdict.ANSWER_AND_OFFER):
                    # "and what will it pay when I make CSO?" after the analyst rung: read with it, the CSO rung,
                    # which holds no pay; on its own, the pay.
                    return alone
                return within
        elif not points_back(text):
            alone = alone or self.search.decide(text, signals)
            if alone.verdict is Verdict.ANSWER:
                return alone
        decision = self.search.decide(together, self._in_context(current, signals, follow_up=False))
        if decision.verdict is Verdict.DECLINE:
            # Read with the last answer it fits nothing; on its own it may ("do I need to go back to school for that?")
            alone = alone or self.search.decide(text, signals)
            return alone if alone.verdict is Verdict.ANSWER else decision
        if decision.best.answer_id == current and not points_back(text) and not names_the_last_answer(text):
            return self._moved_on(text, current, signals) or decision
        return decision

    def _moved_on(self, text: str, current: str, signals: Signals) -> Decision | None:
        """The answer a follow-up moves on to although, read with the last answer, it is that answer again: "do they
        handle money too?" after the reporting duty is about the budget. Another answer of the topic under way must
        lead there, and fit the follow-up's own words clearly better than the last answer does."""
        besides = self.besides(text, current, signals)
        if besides.verdict not in (Verdict.ANSWER, Verdict.ANSWER_AND_OFFER):
            return None
        alone = self.search.scores(text, signals)
        if alone.get(besides.best.answer_id, 0.0) - alone.get(current, 0.0) < MOVED_ON_MARGIN:
            return None
        return within_guide(text, besides)
