"""Choose the answer to a question: one hybrid ranking of every answer in the knowledge base, and a policy that
answers, answers and offers the runner-up, asks "did you mean", or declines (docs/search.md).

The ranking fuses what the words mean (sentence embeddings, `cso_advisor.core.embeddings`) with the words themselves
(TF-IDF), and takes the dialogue's signals into account: the intents the NLU model read, the items named, the
topic of the conversation and what the person's background points to. None of them decides alone, so a new
knowledge entry with a few alternate questions is found without new training data.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import Any

import numpy as np
from babel import Locale
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from cso_advisor.core.embeddings import SentenceEncoder, default_encoder
from cso_advisor.core.knowledge import Answer, Entry, KnowledgeBase, normalise
from cso_advisor.core.wording import (
    asks_about_pay,
    canonical,
    stem,
    without_preamble,
)

# The weights of the fused score and the policy's thresholds, chosen on the development split
# (tests/eval/dev) with scripts/tune_answers.py; docs/search.md has the precision/coverage curve.


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts in an answer's fused score (`fuse`)."""

    dense: float = 1.0
    lexical: float = 0.8
    intent: float = 0.1
    named: float = 0.02
    context: float = 0.08
    background: float = 0.1
    general: float = 0.05  # a topic's overview, for a question that names none of its items
    question_focus: float = 0.3  # in a long message, the share of meaning taken from its question sentences alone
    out_of_scope: float = 0.15  # the NLU's belief that a message is off topic lowers every answer


WEIGHTS = Weights()
# A message with a life story: its question sentences say what is asked, and the NLU, which learnt its topics from
# plain questions, reads the story as much as the question (a job title sounds like the career path).
STORY_WEIGHTS = replace(WEIGHTS, intent=0.0, question_focus=0.6)


def weights_for(signals: Signals) -> Weights:
    """The weights a message is ranked with: a life story's own, else the usual."""
    return STORY_WEIGHTS if signals.life_story else WEIGHTS


# A question that paraphrases one of an answer's questions is a better sign than one sharing words with its content
# ("how do CSOs keep up with new threats?" is step 8's question; the outlook's text mentions new threats).
CONTENT_WEIGHT = 0.9
# A question may paraphrase one point of an answer ("what would a master's teach me?" is one point of step 1's), which
# the whole answer's text dilutes; each point counts on its own, a little below the whole.
POINT_WEIGHT = 0.8
FOLLOW_UP_CONTEXT = 2.5  # for a follow-up that names nothing, the current topic counts this many times more
NEARBY_CONTEXT = 0.25  # the share of that context counted for the topics the last answer points to
ANSWER_SCORE = 0.6  # below this nothing is close enough to answer
# A life story around the question lowers its match with every answer ("I've done pen testing for 5 years ... How
# should I rework my resume?"): such a message is answered from this score, unless the NLU reads it as off topic.
LIFE_STORY_SCORE = 0.45
# A follow-up naming nothing is a few words, which mean less on their own: it is answered from this score, with its
# topic counting more (FOLLOW_UP_CONTEXT).
FOLLOW_UP_SCORE = 0.35
MOVED_ON_MARGIN = 0.15  # how much better a follow-up's own words fit another answer than the last one
CLEAR_MARGIN = 0.08  # a lead this large answers alone; a smaller one offers the runner-up too
BRIEF_MARGIN = 0.12  # a runner-up behind a clear answer by less than this is given in brief after it
TIE_MARGIN = 0.005  # within this, the top answers tie: ask which was meant
PAY_MARGIN = 0.1  # a question about pay takes an answer with a pay figure that scores this much less than the best


@dataclass(frozen=True)
class Signals:
    """What the dialogue knows besides the words: each raises the answers it points to."""

    intents: Mapping[str, float] = field(default_factory=dict)  # NLU intent -> confidence
    mentions: Sequence[str] = ()  # entry ids or names the entity extractor found
    topic: str | None = None  # the topic the conversation is on, for follow-ups
    background: Sequence[str] = ()  # answer ids the person's background points to (cso_advisor.core.roadmap)
    follow_up: bool = False  # a follow-up naming nothing: the current topic counts more
    nearby: Sequence[str] = ()  # topics the last answer points to (its related answers): they count a little
    life_story: bool = False  # the message describes its writer (cso_advisor.core.roadmap.Background.described)


@dataclass(frozen=True)
class Hit:
    answer_id: str
    answer: Answer
    score: float  # the fused score; comparable between answers of one question
    meaning: float = 0.0  # the best cosine similarity of the question's embedding with one of the answer's fields
    words: float = 0.0  # cosine similarity of TF-IDF vectors


class Verdict(Enum):
    ANSWER = "answer"  # one answer clearly wins
    ANSWER_AND_OFFER = "answer and offer"  # answer, and offer the close runner-up as the first button
    CLARIFY = "clarify"  # a real tie: ask which was meant
    DECLINE = "decline"  # nothing is close: the guide does not cover it


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    hits: list[Hit]
    also: tuple[Hit, ...] = ()  # the answers to the message's other questions ("... and how long does it take?")

    @property
    def best(self) -> Hit:
        return self.hits[0]

    @property
    def close_second(self) -> Hit | None:
        """The runner-up close enough to the answer to be given in brief after it: offered (ANSWER_AND_OFFER), or
        behind a clear answer by less than BRIEF_MARGIN, where the question may be about it after all."""
        if self.verdict is Verdict.ANSWER_AND_OFFER:
            return self.hits[1]
        if self.verdict is not Verdict.ANSWER or self.also or len(self.hits) < 2:
            return None
        lead = self.hits[0].score - self.hits[1].score
        return self.hits[1] if 0 <= lead < BRIEF_MARGIN else None


@dataclass(frozen=True)
class Components:
    """The evidence for each answer, an array over the knowledge base's answers each (see `fuse`)."""

    meaning: Any  # cosine of the message with the answer's closest field
    meaning_of_question: Any  # the same for the message's question sentences alone
    words: Any  # TF-IDF cosine
    intent: Any  # the NLU's confidence in the answer's topic intent
    named: Any  # 1 where an entity names the answer
    context: Any  # 1 in the conversation's current topic
    background: Any  # 1 where the person's background points
    general: Any  # 1 for an overview whose topic no entity names, or several entities do
    out_of_scope: float  # the NLU's confidence that the message is off topic


def fuse(parts: Components, weights: Weights = WEIGHTS) -> Any:
    """The fused score of every answer: a weighted sum of its evidence."""
    meaning = (1 - weights.question_focus) * parts.meaning + weights.question_focus * parts.meaning_of_question
    return (
        weights.dense * meaning
        + weights.lexical * parts.words
        + weights.intent * parts.intent
        + weights.named * parts.named
        + weights.context * parts.context
        + weights.background * parts.background
        + weights.general * parts.general
        - weights.out_of_scope * parts.out_of_scope
    )


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_QUESTION_START = re.compile(
    # "and what's the pay like at my level", "sorry can you say that again": a question after a word that joins it to
    # the last one or eases it in.
    r"^(?:(?:and|so|ok|okay|but|also|then|plus|if (?:so|yes|not)|sorry|pardon|excuse me|hey|hi|hello|um|hmm|oh|well)"
    r"\W+)?"
    # "whats the plan", "hows the pay": the apostrophe left out.
    r"(how|hows|what|whats|which|who|whos|when|where|wheres|why|should|shall|can|could|do|does|did|is|are|was|will|"
    r"would|any|anything|tell me|i want to know|i'?d like to know|wondering)\b",
    re.IGNORECASE,
)


# "ok. what about vendors?": an acknowledgement first does not change what follows.
_ACKNOWLEDGED = r"^\W*(?:(?:ok(?:ay)?|cool|thanks?|great|right|sure|alright|got it|i see|hmm+|nice)\b\W*)*"
_FOLLOW_UP_START = re.compile(
    _ACKNOWLEDGED + r"(and|what about|how about|what if|and if|so|then|or|but|also)\b", re.IGNORECASE
)
# "who do they work with on that?", "tips for the interview part again?": a word that points back to the last answer.
_POINTS_BACK = re.compile(r"\b(that|this|it|its|they|them|their|those|these|there|ones?|again)\b", re.IGNORECASE)
# "how many years does that take?", "what do those stand for?": about what the last answer said. "Do they handle
# money too?" asks about CSOs, and may move on.
_DEMONSTRATIVE = r"(that|this|those|these)"
_THE_LAST_ANSWER = re.compile(rf"\b{_DEMONSTRATIVE}\b", re.IGNORECASE)
# "why?", "how so?": about the last answer itself.
_BARE_QUESTION = re.compile(
    r"^\W*(why|how|how so|how come|why so|why is that|why'?s that|really|in what way|like what|such as|meaning)\W*$",
    re.IGNORECASE,
)
# "how much experience do they usually have at that point?", "what should I focus on at that next level?": words that
# can only point back to the last answer.
_POINTS_BACK_CLEARLY = re.compile(
    r"\b((at|around|on|for|in) that( next| new| higher)? (point|level|stage|rung|step|band|role|job|position)|"
    r"around there|that one|"
    r"(that|this)( next| new| higher| first)?( security)? (job|role|position|rung))\b",
    re.IGNORECASE,
)
# "who do they work with on that?": what a one-sentence question is about, left to the last answer. After a sentence
# of its own ("I love privacy law. Which certification is best for that?") it is that sentence's.
_LEFT_TO_THE_LAST_ANSWER = re.compile(rf"\b(on|about|with|for|in) {_DEMONSTRATIVE}\W*$", re.IGNORECASE)
_IF = re.compile(_ACKNOWLEDGED + r"(and |but |so |or )?(what )?if\b", re.IGNORECASE)
FOLLOW_UP_WORDS = 7  # a follow-up that names nothing is short
POINTING_BACK_WORDS = 12  # one that clearly points back may be longer


def is_elliptical(message: str) -> bool:
    """Whether a message reads as a follow-up to the last answer: short, and starting like "and ...", "what about
    ..." ("and at the very top?", "what about the budget side?") or pointing back to it ("who do they work with on
    that?"); or a little longer with words that can only point back ("what experience do they have at that
    point?"), or both starting like one and leaning on the last answer."""
    if points_back(message):
        return True
    words = len(message.split())
    if words <= FOLLOW_UP_WORDS and (moves_on(message) or refers_back(message)):
        return True
    # "and if the company operates in several countries?", "and how much experience do they usually have?": a
    # little longer, yet joined to the last answer and leaning on it.
    return words <= POINTING_BACK_WORDS and moves_on(message) and (refers_back(message) or is_conditional(message))


def is_conditional(message: str) -> bool:
    """Whether a follow-up asks about the last answer under a condition: "and if the company is global?"."""
    return bool(_IF.match(message))


def points_back(message: str) -> bool:
    """Whether a message has words that can only be about the last answer, and is short enough to be about it."""
    if len(message.split()) > POINTING_BACK_WORDS:
        return False
    one_sentence = len(sentences(message)) == 1
    return bool(_POINTS_BACK_CLEARLY.search(message) or (one_sentence and _LEFT_TO_THE_LAST_ANSWER.search(message)))


def refers_back(message: str) -> bool:
    """Whether a message has a word that may point back to the last answer: "they", "that", "those"."""
    return bool(_POINTS_BACK.search(message))


# "how long would that take?", "how many years is that", "how long to land one?": the time that what the last answer
# said takes. "How long does it take to become a CISO?" names its own goal; "how long does it take?" may ask it.
_HOW_LONG = re.compile(r"\bhow (long|many (years|months))\b", re.IGNORECASE)
_THAT_ONE = re.compile(rf"\b({_DEMONSTRATIVE}|one)\b", re.IGNORECASE)
_OWN_GOAL = re.compile(r"\b(become|becoming|get to|reach|make it to|CSOs?)\b", re.IGNORECASE)


def asks_how_long_that(message: str) -> bool:
    """Whether a short message asks how long what the last answer said takes."""
    return (
        len(message.split()) <= POINTING_BACK_WORDS
        and bool(_HOW_LONG.search(message))
        and bool(_THAT_ONE.search(message))
        and not _OWN_GOAL.search(canonical(message))
    )


def names_the_last_answer(message: str) -> bool:
    """Whether a message has a word that points at what the last answer said: "that", "those"."""
    return bool(_THE_LAST_ANSWER.search(message))


def moves_on(message: str) -> bool:
    """Whether a follow-up starts like one that asks about something else: "and ...", "what about ..."."""
    return bool(_FOLLOW_UP_START.match(message))


# Words of a writer about themselves: "what should I do next?", "at my level", "with all that".
_SELF = re.compile(r"\b(i|i m|im|i ve|i d|i ll|me|my|myself|mine|with all that|given all that)\b")


def speaks_of_self(text: str) -> bool:
    """Whether the writer speaks of themselves: "what should I do next?", "at my level", "with all that"."""
    return bool(_SELF.search(normalise(text) if text.strip() else ""))


def is_bare_question(message: str) -> bool:
    """Whether a message asks about the last answer in a word or two ("why?", "how so?")."""
    return bool(_BARE_QUESTION.match(message))


# "any other tips?", "anything else?": more of what the last answer was giving, not another question.
_MORE_OF_THE_SAME = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|thanks|cool|great|nice)\W+)*(?:(?:are|is) there |do you have |got )?"
    r"(?:(?:any|some) ?(?:other|more|further|additional) (?:tips?|advice|ideas?|suggestions?|pointers?)"
    r"|anything else)\W*$",
    re.IGNORECASE,
)


def asks_for_more(message: str) -> bool:
    """Whether a message asks for more of the last answer's kind of advice ("any other tips?")."""
    return bool(_MORE_OF_THE_SAME.match(message))


# "once I'm in that role what should I focus on": a question after a clause, without a question mark.
_EMBEDDED_QUESTION = re.compile(
    r"[,;]?\s(what|how|which|where|when|why|who) (should|do|does|can|could|would|will|is|are) (i|you|a|an|the|cso)\b",
    re.IGNORECASE,
)


def sentences(message: str) -> list[str]:
    """The message's sentences: split after ".", "!" or "?" and at line breaks."""
    return [sentence.strip() for sentence in _SENTENCE_END.split(message.strip()) if sentence.strip()]


def asking_sentences(message: str) -> list[str]:
    """The sentences of a message that ask something. One that leans on the sentence before it ("My resume is a list
    of tools. How should I rework it?", "Any thoughts?", "What are those?") comes with that sentence."""
    parts = sentences(message)
    asks = [
        sentence.endswith("?") or bool(_QUESTION_START.match(sentence) or _EMBEDDED_QUESTION.search(sentence))
        for sentence in parts
    ]
    asking = []
    for index, sentence in enumerate(parts):
        if asks[index]:
            # "How should I rework it?" leans back; "How can I find mentors, and what do I give back to them?" not.
            leans = (
                len(sentence.split()) <= SHORT_QUESTION_WORDS
                or (_LEANS_BACK.search(sentence) and len(sentence.split()) <= LEANING_QUESTION_WORDS)
                or _STARTS_ON_THE_SENTENCE_BEFORE.search(sentence)
            )
            told = index > 0 and not asks[index - 1]  # a question before it is asked already
            asking.append(f"{parts[index - 1]} {sentence}" if leans and told else sentence)
    return asking


SHORT_QUESTION_WORDS = 3  # "Any thoughts?", "What is it?": a question this short is about what was just said
LEANING_QUESTION_WORDS = 10  # a longer question ending on "them" names what it means itself
# "How should I rework it?", "Do they dig into strategy?": a question that ends or starts on what the sentence before
# it named, unless it is longer and names what it means itself.
_LEANS_BACK = re.compile(r"\b(it|that|this|them|those|these)\W*$|^\W*(\w+ ){0,2}they\b", re.IGNORECASE)
# "What are those and are they relevant for a CSO job?": only the sentence before says what "those" are.
# So does "Will it actually help me get to CSO?" after "thinking about a part-time MBA": what it is worth, asked of
# what the sentence before named.
_STARTS_ON_THE_SENTENCE_BEFORE = re.compile(
    r"^\W*(\w+ ){0,2}(those|these)\b"
    r"|^\W*(\w+ ){0,2}(it|that|this)( \w+)? (help|helps|worth|count|counts|matter|matters|pay off|useful|enough)\b",
    re.IGNORECASE,
)


# "How much do CSOs make and how long does it take?": two questions in one sentence. "Or" joins alternatives of one
# question ("is it cyber or do they also handle guards?"), so it does not split.
_JOINED_QUESTION = re.compile(
    r",?\s+(?:and|also|plus)\s+(?=(?:how|what|which|who|when|where|why|is|are|do|does|should|can|could|will|would)\b)",
    re.IGNORECASE,
)
# What the guide never holds, however close the words: another chief role than the CSO ("how do I become a CFO?"),
# and what an exam or a course costs. The CSO's own pay is in the guide: a cost is answered where the answer has a
# figure.
_OTHER_ROLE = re.compile(r"\b(chief (?!security\b)\w+( \w+)? officers?|c[defimot]os?)\b", re.IGNORECASE)
# "The panel includes the CFO and the COO. What will they want to hear?": other executives as the audience, whom the
# guide's advice addresses, not as the role asked about.
_AUDIENCE = re.compile(
    r"\b(panel|interview\w*|board|includ\w*|present\w*|pitch\w*|report\w*|in front of|convince|meet\w*|with)\b"
    r"(\W+\w+){0,5}\W*$",
    re.IGNORECASE,
)


def _asks_about_another_role(asked: str) -> bool:
    """Whether the question asks about an executive role other than the CSO's ("what does a CFO do?"), not about
    the CSO or to such executives as an audience."""
    if re.search(r"\bCSOs?\b", asked):  # "how does a CSO work with the CFO?"
        return False
    return any(not _AUDIENCE.search(asked[: match.start()]) for match in _OTHER_ROLE.finditer(asked))


# "Worth the membership fee?" asks whether, not how much.
_COST = re.compile(
    r"\b(how much|what|what'?s)\b.*\b(costs?|price[sd]?|fees?|charge)\b|\b(cost|price|fees?) (of|for|to)\b|\bpay for\b",
    re.IGNORECASE,
)
# Nor does it name people or employers, or know today's openings: "who is the CSO of Microsoft?", "is Amazon
# hiring analysts right now?".
_PEOPLE_OR_OPENINGS = re.compile(
    r"\bwho(?: is|'s| was| were) (the )?(current )?CSOs? (of|at|for|in|during)\b"
    r"|\bwhat (\w+ ){1,3}pays? (its|their|his|her)\b|\bpays? (its|their) (own )?CSOs?\b"
    r"|\b(is|are) \w+ hiring\b|\bhiring\b.*\b(right now|this (week|month))",
    re.IGNORECASE,
)


# The guide is one fixed text: it holds no news ("any big breaches this week?"), names no schools or employers, gives
# pay in dollars for no place in particular, and counts what it counts. A question asking for a figure of some kind
# ("how many questions are on the CISM exam?", "what percentage of CISOs are women?", "at what age ...?", "average
# tenure?") is beyond it when the closest answer has no such figure.
_NEWS = re.compile(
    r"\b(in the news|latest news|the latest on|any updates? on)\b"
    r"|\b(news|breach(es|ed)?|hacked|lawsuit|ransomware)\b.*\b((this|last) (week|month)|yesterday)\b"
    # "Did the ACSO change its rules this year?": a change asked about, dated.
    r"|\b(did|has|have)\b.*\b(change[sd]?|update[sd]?|announce[sd]?)\b"
    r".*\b((this|last) (year|week|month)|recently|lately)\b",
    re.IGNORECASE,
)
_HARDER = r"(harder|hardest|easier|easiest|tougher|toughest|more difficult|most difficult)"  # either way round
_SCHOOLS = r"(universit(y|ies)|unis?|colleges?|schools?|bootcamps?)"  # which one, or one of a place
# Nor does it cover immigration, security clearances, exam logistics or an employer's own hiring process, or
# events' dates: "will they sponsor an H-1B?", "what's the passing score?", "when and where is the next conference?".
_OUTSIDE_THE_GUIDE = re.compile(
    r"\b(visas?|h-?1b|green card|sponsor(ship)?|immigration|work permit|citizenship|security clearances?|clearance|"
    r"passing (score|mark|grade)|pass mark|retakes?|re-?take|gi bill|hiring process|interview process|"
    r"study[ -]hours?|hours of study)\b"
    # Which exam is harder: the guide rates no exam.
    rf"|\b{_HARDER}\b.*\bexams?\b|\bexams?\b.*\b{_HARDER}\b"
    r"|\bwhen and where\b|\bwhere and when\b|\b(when|what date) is the next\b",
    re.IGNORECASE,
)
# A capitalised name after "at", "for", "with" ..., or in front of the role ("the Siemens CSO", "Google's CISO"): an
# employer or a person, when the knowledge base never uses it.
_NAMED_AFTER = re.compile(
    r"\b(?:at|for|with|join|joining|from|by|like)\s+((?:[A-Z][\w&'.-]+)(?:\s+[A-Z][\w&'.-]+)*)"
    r"|\bthe\s+([A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*?)(?:'s?)?\s+(?:CSO|CISO)s?\b"
    r"|\b([A-Z][\w&.-]+(?:\s+[A-Z][\w&.-]+)*?)'s?\s+(?:CSO|CISO)s?\b"
)
_INSTITUTION = re.compile(
    # "which cybersecurity bootcamp is best?" asks where; "best uni major" and "which college degree" ask what to
    # study.
    r"\b(which|what|best|top) ((online|cyber ?security|cyber|security|infosec|it|part time|good) )?"
    rf"({_SCHOOLS}|books?)\b"
    r"(?! (degrees?|majors?|courses?|subjects?|programs? to study)\b)",
    re.IGNORECASE,
)
# Schooling of a place ("the best masters programme in the UK"): the guide names no school or country.
_SCHOOLING = re.compile(rf"\b(programmes?|programs?|courses?|{_SCHOOLS})\b", re.IGNORECASE)
# "How many CSOs are there in the US?": how many of something exist, which the guide does not count.
_HOW_MANY_EXIST = re.compile(r"\bhow many (\w+)(?: \w+)? (are there|exist)\b", re.IGNORECASE)
_COUNTED = re.compile(
    r"\bhow many (?:(?:more|different|other|extra|total|additional) )?"
    r"(?!(?:more|different|other|extra|total|additional|years?|yrs?)\b)([a-z]+)"
    r"|\b(?:average|median) (?:(?:annual|yearly|total|starting|base|typical) )?"
    r"(?!(?:pay|salar\w*|compensation|income|earnings|time|years?)\b)([a-z]+)",
    re.IGNORECASE,
)
# What the guide itself counts, in whatever words ("how many certs / levels / rungs ...?"): never beyond it.
_GUIDE_COUNTS = (
    "steps", "levels", "stages", "rungs", "roles", "jobs", "certs", "certifications", "skills", "areas", "bands",
    "organizations", "associations", "responsibilities", "duties", "positions", "titles", "qualifications", "degrees",
)  # fmt: skip
_SHARE = re.compile(
    r"\b(what|which) (percentage|percent|share|proportion)\b|\bhow many percent\b|%|\b(pass|passing|failure) rates?\b",
    re.IGNORECASE,
)
# "How long does the average CISO last in the job?": tenure, which the guide does not give.
_TENURE = re.compile(
    r"\bhow long\b.*\b(last|lasts|survive)\b|\btenure\b|\bhow long\b.*\bstays? (in|on) (the|a|their) (job|role|seat)\b",
    re.IGNORECASE,
)
_AGE = re.compile(r"\b(at what age|what age|how old)\b", re.IGNORECASE)
_OWN_WAY = re.compile(r"\b(would|will|could|can|should|do) i (be|become|make|reach|get)\b", re.IGNORECASE)
_OTHER_CURRENCY = re.compile(r"[£€₹¥]|\b(pounds?|gbp|euros?|eur|rupees?|inr|yen|jpy|aud|cad)\b", re.IGNORECASE)
_HOME = {"united states", "us", "usa", "america", "north america", "world"}


@functools.lru_cache(maxsize=1)
def _places() -> re.Pattern[str]:
    """Countries and regions by their English names (Babel's CLDR data), and the short names people type."""
    names = {name.lower() for name in Locale("en").territories.values()} | {"uk", "eu", "uae", "europe", "asia"}
    alternatives = sorted((re.escape(name) for name in names - _HOME), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def _counted_by_guide(word: str) -> bool:
    """Whether the word names something the guide counts ("certs" for certifications, "level" for levels)."""
    return any(counted.startswith(word.rstrip("s")[:4]) for counted in _GUIDE_COUNTS)


def _lacks(answer_text: str, word: str) -> bool:
    """Whether no word of the answer starts like this one ("questions", "question"); a short word must match whole."""
    ending = r"\b" if len(word) <= 3 else ""
    return not re.search(rf"\b{re.escape(word[:5].lower())}{ending}", answer_text)


# "the levels between analyst and CISO", "the roles in between", "go from analyst to CISO".
_SPAN = re.compile(
    r"\b(levels?|roles?|rungs?|jobs?|positions?|titles?|steps?|stages?) (in )?between\b"
    r"|\bfrom\b.+\bto (the )?(CSO|top)\b",
    re.IGNORECASE,
)


def beyond_guide(question: str, answer: Answer) -> bool:
    """Whether the question asks for something the answer, the closest the guide has, cannot hold."""
    text = canonical(question)
    parts = [canonical(part) for part in asking_sentences(question) or [question]]
    asked = " ".join(parts)
    answer_text = answer.to_markdown().lower()
    if _asks_about_another_role(asked):
        return True
    if (
        _PEOPLE_OR_OPENINGS.search(text)
        or _NEWS.search(asked)
        or _INSTITUTION.search(asked)
        or _OUTSIDE_THE_GUIDE.search(asked)
    ):
        return True
    if _SHARE.search(asked) and "%" not in answer_text:
        return True
    if _SCHOOLING.search(asked) and _places().search(asked):
        return True
    if any(not _counted_by_guide(match.group(1).lower()) for match in _HOW_MANY_EXIST.finditer(asked)):
        return True
    # "At what age do most people become CISO?" the guide does not say; "when would I be CSO, like what age?" it
    # does, in the years the way takes.
    if _AGE.search(asked) and not _OWN_WAY.search(asked) and _lacks(answer_text, "age"):
        return True
    if _TENURE.search(asked) and _lacks(answer_text, "tenure"):
        return True
    counted = [word.lower() for match in _COUNTED.finditer(asked) for word in match.groups() if word]
    if any(_lacks(answer_text, word) and not _counted_by_guide(word) for word in counted):
        return True
    # Another currency is money asked about even unnamed ("and in pounds?" after a pay answer).
    if any(_OTHER_CURRENCY.search(part) or (asks_about_pay(part) and _places().search(part)) for part in parts):
        return True
    if bool(_COST.search(asked)) and not answer.gives_pay:  # not "my company will pay for a membership. Which one?"
        return True
    # "What does a security analyst earn?": the guide gives pay figures for CSOs only. A message asking pay and
    # something else ("how much do CSOs make and how long does it take?") may be answered on the other.
    return all(asks_about_pay(part) for part in question_parts(question) or [question]) and not answer.gives_pay


def within_guide(question: str, decision: Decision) -> Decision:
    """The decision, declined where the question asks for what its answer cannot hold (`beyond_guide`)."""
    if decision.verdict is not Verdict.DECLINE and beyond_guide(question, decision.best.answer):
        return Decision(Verdict.DECLINE, decision.hits)
    return decision


MAX_ANSWERS = 2  # a message asking more is answered on its first two questions; its buttons offer the rest
# "masters or certs first?", "a bootcamp or a degree?": a choice between two things the guide answers apart. Each
# side is read in the question in place of both, and its answer must be among the whole message's best few.
_CHOICE = re.compile(r"\b([\w']+(?: [\w']+)?) (?:or|vs\.?|versus) ([\w']+(?: [\w']+)?)\b", re.IGNORECASE)
# "is an MBA a sensible choice or should it be a security master's?": a choice between two clauses, the second a
# question of its own. Each clause is read alone.
_CLAUSE_CHOICE = re.compile(
    r",?\s+or\s+(?=(?:should|would|is|are|do|does|can|could|will|shall|must|just|maybe|rather|instead)\b)",
    re.IGNORECASE,
)
CHOICE_RANK = 5


# "Torn between an MBA and a master's in infosec. Which one helps more?": the choice told before the question.
_WHICH_OF_TWO = re.compile(
    r"\bwhich (?:one|of (?:the|those|these) two|is better|would help|helps|matters)\b", re.IGNORECASE
)
_BETWEEN = re.compile(r"\bbetween ((?:[\w']+ ){0,5}?[\w']+) and ((?:[\w']+ ){0,5}?[\w']+)(?=[.,;:?!]|$)", re.IGNORECASE)


def _choices_told(message: str, asked: str) -> list[tuple[str, str]]:
    """The two readings of a choice a message tells ("between X and Y") before its question sentences (`asked`) ask
    which is better: each side in front of the question."""
    if not _WHICH_OF_TWO.search(asked):
        return []
    return [(f"{first}: {asked}", f"{second}: {asked}") for first, second in _BETWEEN.findall(message)]


def _choices(asked: str) -> list[tuple[str, str]]:
    """The two readings of each choice the question may ask: one side of "X or Y" in place of both, or each of two
    clauses alone."""
    readings = []
    choice = _CHOICE.search(asked)
    if choice is not None and all(_words(side) for side in choice.groups()):  # not "... or not?"
        before, after = asked[: choice.start()], asked[choice.end() :]
        readings.append((before + choice[1] + after, before + choice[2] + after))
    clauses = _CLAUSE_CHOICE.split(asked, maxsplit=1)
    if len(clauses) == 2 and all(_words(clause) for clause in clauses):
        readings.append((clauses[0], clauses[1]))
    return readings


def question_parts(message: str) -> list[str]:
    """The separate questions a message asks: its asking sentences, split where "and" starts a new question."""
    return [
        part.strip()
        for sentence in asking_sentences(message)
        for part in _JOINED_QUESTION.split(sentence)
        if part.strip()
    ]


# "best uni major if i want to be a security exec someday", "... while I work toward leadership": the goal every
# answer serves, in a clause after the question; what is asked comes before it.
_ASPIRATION = re.compile(
    r",?\s+\b(?:if|since|as|because|while|now that|given that|when)\s+(?:i|i'm|im|i am|we)\b(?:\s+\w+){0,2}?\s+"
    r"(?:want|wanna|plan|planning|hope|hoping|aim|aiming|aspire|aspiring|would like|'d like|dream|work|working)\b"
    r"(?:\s+(?:to|toward|towards|into|for))?[^?.!]*",
    re.IGNORECASE,
)


def without_aspiration(question: str) -> str:
    """The question without a clause that only names the writer's goal; the whole question if little is left."""
    shorter = _ASPIRATION.sub("", question)
    return shorter if len(shorter.split()) >= SHORT_QUESTION_WORDS else question


def question_sentences(message: str) -> str:
    """The sentences of a message that ask something; the whole message when none do. In a long message with a
    life story, these say what the person wants to know."""
    return " ".join(asking_sentences(message)) or message


def asked_mentions(message: str, entities: Sequence[Mapping[str, Any]]) -> list[str]:
    """The values of the entities a message names in what it asks: "I'm an IT auditor with a CISA. What does a CSO
    do?" asks about the CSO, not the CISA."""
    asked = question_sentences(message).lower()
    mentions = []
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        named = message[start:end] if isinstance(start, int) and isinstance(end, int) else str(entity.get("value"))
        if named.lower() in asked:
            mentions.append(str(entity.get("value")))
    return mentions


def decide(hits: Sequence[Hit], answer_score: float = ANSWER_SCORE) -> Decision:
    """The answer policy on a ranking, best first."""
    if not hits or hits[0].score < answer_score:
        return Decision(Verdict.DECLINE, list(hits))
    lead = hits[0].score - hits[1].score if len(hits) > 1 else 1.0
    if lead >= CLEAR_MARGIN:
        return Decision(Verdict.ANSWER, list(hits))
    if lead >= TIE_MARGIN:
        return Decision(Verdict.ANSWER_AND_OFFER, list(hits))
    if len(hits) > 2 and hits[0].score - hits[2].score < TIE_MARGIN:
        return Decision(Verdict.CLARIFY, list(hits))
    # Two answers tie: the question falls between two parts of the guide, and both are given.
    return Decision(Verdict.ANSWER, list(hits), also=(hits[1],))


class KnowledgeSearch:
    """Ranks every answer of a knowledge base; built once per knowledge base (about a second for the embeddings)."""

    def __init__(self, knowledge: KnowledgeBase, encoder: SentenceEncoder | None = None) -> None:
        self._knowledge = knowledge
        self._encoder = encoder or default_encoder()
        # A follow-up ranks the same message up to four ways (alone, in context, besides the last answer, with it):
        # it is embedded once.
        self._message_vector = functools.lru_cache(maxsize=32)(lambda text: self._encoder.encode([text])[0])
        self._answers = list(knowledge.answers())
        self._intent_of = [knowledge.topic_of(answer_id).intent for answer_id, _ in self._answers]
        self._topic_of = [knowledge.topic_of(answer_id).id for answer_id, _ in self._answers]
        # Stemmed word unigrams and bigrams; sublinear tf stops one repeated word dominating an answer.
        self._vectorizer = TfidfVectorizer(analyzer=stemmed_terms, sublinear_tf=True)
        documents = [_as_ranked(_document(answer)) for _, answer in self._answers]
        self._matrix = self._vectorizer.fit_transform(documents)
        self._vocabulary = {word for document in documents for word in _words(document)}
        # Each answer's fields are embedded on their own, so a short question matches the field it paraphrases.
        fields = [
            (index, _as_ranked(text), weight)
            for index, (_, answer) in enumerate(self._answers)
            for text, weight in _fields(answer)
        ]
        self._field_owner = np.array([index for index, _, _ in fields])
        self._field_weight = np.array([weight for _, _, weight in fields], dtype=np.float32)
        self._field_vectors = self._encoder.encode_remembered([text for _, text, _ in fields])
        self._paying = {answer_id for answer_id, answer in self._answers if answer.gives_pay}
        # Each entry's names as mentions are compared with them (a topic's overview has none): read on every message.
        self._names_of = {
            answer_id: frozenset(normalise(name) for name in answer.names) if isinstance(answer, Entry) else frozenset()
            for answer_id, answer in self._answers
        }

    def scores(self, question: str, signals: Signals = Signals()) -> dict[str, float]:
        """Every answer's fused score for the question, by answer id."""
        return {hit.answer_id: hit.score for hit in self.rank(question, signals, limit=len(self._answers))}

    def rank(self, question: str, signals: Signals = Signals(), limit: int = 3) -> list[Hit]:
        """The best `limit` answers, best first. A question with no letter or digit ranks nothing."""
        if not re.search(r"[^\W_]", question):
            return []
        parts = self.components(question, signals)
        scores = fuse(parts, weights_for(signals))
        order = np.argsort(-scores, kind="stable")[:limit]
        hits = []
        for index in order:
            answer_id, answer = self._answers[index]
            meaning, words = float(parts.meaning[index]), float(parts.words[index])
            hits.append(Hit(answer_id, answer, float(scores[index]), meaning, words))
        return hits

    def components(self, question: str, signals: Signals = Signals()) -> Components:
        """Every answer's evidence for this question, one array per kind, before they are weighed."""
        text = _as_asked(question)
        asked = _as_asked(without_aspiration(question_sentences(question)))
        named = self._named(signals.mentions)
        named_per_topic = Counter(
            topic for (answer_id, _), topic in zip(self._answers, self._topic_of, strict=True) if answer_id in named
        )
        # A question naming one item of a topic asks about it; one naming two ("CISSP or CISM?", "analyst ->
        # director") compares them or asks for the way between them, which the topic's overview holds. So does one
        # asking for the way from an item to the top ("the levels between analyst and CISO"), the goal unnamed.
        spans = bool(_SPAN.search(asked))
        specific_topics = {topic for topic, count in named_per_topic.items() if count == 1 and not spans}
        return Components(
            meaning=self._meaning(text),
            meaning_of_question=self._meaning(asked),
            words=linear_kernel(self._vectorizer.transform([text]), self._matrix)[0],
            intent=np.array([signals.intents.get(intent, 0.0) for intent in self._intent_of]),
            named=np.array([answer_id in named and not spans for answer_id, _ in self._answers], dtype=float),
            context=np.array(
                [
                    1.0 if topic == signals.topic else NEARBY_CONTEXT if topic in signals.nearby else 0.0
                    for topic in self._topic_of
                ]
            )
            * (FOLLOW_UP_CONTEXT if signals.follow_up else 1.0),
            background=np.array([answer_id in signals.background for answer_id, _ in self._answers], dtype=float),
            general=np.array(
                [
                    answer_id == topic not in specific_topics
                    for (answer_id, _), topic in zip(self._answers, self._topic_of, strict=True)
                ],
                dtype=float,
            ),
            out_of_scope=signals.intents.get("out_of_scope", 0.0),
        )

    def decide(self, question: str, signals: Signals = Signals()) -> Decision:
        """The answer policy on the question's ranking, with the answers to its other questions where it asks
        several, or to both sides of a choice it asks ("masters or certs first?")."""
        ranking = self.rank(question, signals, limit=len(self._answers))
        hits = ranking[:3]
        decision = decide(hits, self._answer_score(signals))
        if decision.verdict is Verdict.DECLINE:
            return decision
        paying = self._paying_instead(question, ranking, signals)
        if paying is not None:
            # The policy's verdict stands on the scores; the answer with the pay figures is given first.
            hits = [paying, *(hit for hit in hits if hit is not paying)][:3]
            decision = Decision(Verdict.ANSWER_AND_OFFER, hits)
        decision = within_guide(question, decision)
        if decision.verdict is Verdict.DECLINE or self._names_an_outsider(question):
            return Decision(Verdict.DECLINE, decision.hits)
        compared = self._compared(decision.best, signals, ranking)
        if compared:
            # "Lead vs principal pay?", "analyst or IT security manager?": both answers.
            return replace(decision, verdict=Verdict.ANSWER, also=(compared,))
        if decision.also:
            return decision
        also = self._other_questions(question, signals, decision)
        if also:
            return replace(decision, also=also)
        sides = self._sides_of_a_choice(question, signals, ranking)
        if sides is None:
            return decision
        first, second = sides
        return Decision(
            Verdict.ANSWER, [first, *(hit for hit in hits if hit.answer_id != first.answer_id)][:3], (second,)
        )

    @staticmethod
    def _answer_score(signals: Signals) -> float:
        """The score an answer needs: lower for a message with a life story, unless the NLU reads it as off topic
        ("I'm a nurse of 20 years. What does it take to qualify as a nurse practitioner?" keeps the usual score)."""
        off_topic = max(signals.intents, key=lambda intent: signals.intents[intent], default=None) == "out_of_scope"
        return LIFE_STORY_SCORE if signals.life_story and not off_topic else ANSWER_SCORE

    def _other_questions(self, question: str, signals: Signals, decision: Decision) -> tuple[Hit, ...]:
        """The answers to the message's other questions ("... and how long does it take?"): each must clearly win
        the ranking of its question alone and be among the whole message's best, so a part that means little on
        its own ("is it useful?") adds nothing."""
        parts = question_parts(question)
        if decision.verdict is Verdict.CLARIFY or len(parts) < 2:
            return ()
        chosen = {decision.best.answer_id}
        also: list[Hit] = []
        for part in parts:
            part_decision = decide(self.rank(part, replace(signals, intents={})))  # the intent read the whole
            best = part_decision.best if part_decision.verdict is Verdict.ANSWER else None
            if best and best.answer_id not in chosen and best.answer_id in {hit.answer_id for hit in decision.hits}:
                chosen.add(best.answer_id)
                also.append(best)
        return tuple(also[: MAX_ANSWERS - 1])

    def _sides_of_a_choice(self, question: str, signals: Signals, ranking: Sequence[Hit]) -> tuple[Hit, Hit] | None:
        """The answers to both sides of a choice the question asks ("masters or certs first?"), in the order the
        whole question ranks them; None where it asks no choice or both sides lead to one answer."""
        asked = question_sentences(question)
        best = [hit.answer_id for hit in ranking[:CHOICE_RANK]]
        # A choice told apart from its question ("Torn between X and Y. Which one helps more?") is asked outright:
        # its sides count wherever the whole message ranks them.
        anywhere = [hit.answer_id for hit in ranking]
        readings = [(sides, best) for sides in _choices(asked)]
        readings += [(sides, anywhere) for sides in _choices_told(question, asked)]
        for sides, among in readings:
            answers = self._answers_to(sides, signals, among)
            if answers is not None:
                return answers
        return None

    def _answers_to(self, sides: Sequence[str], signals: Signals, best: list[str]) -> tuple[Hit, Hit] | None:
        """The answers to the two readings of a choice, best ranked first, where both are among the `best` and
        differ."""
        answers = []
        for side in sides:
            one = decide(self.rank(side, replace(signals, intents={})))
            if one.verdict in (Verdict.ANSWER, Verdict.ANSWER_AND_OFFER) and one.best.answer_id in best:
                answers.append(one.best)
        if len(answers) < 2 or answers[0].answer_id == answers[1].answer_id:
            return None
        first, second = sorted(answers, key=lambda hit: best.index(hit.answer_id))
        return first, second

    def _names_an_outsider(self, question: str) -> bool:
        """Whether the question asks about an employer or a person by a name the knowledge base never uses ("what's
        the CSO at JPMorgan Chase paid?"): the guide names none."""
        for match in _NAMED_AFTER.finditer(canonical(question_sentences(question))):
            # ISACA, SANS, CSOs: the field's own acronyms.
            name = next(group for group in match.groups() if group)
            words = [word for word in name.split() if not word.rstrip("s").isupper()]
            if words and not any(word.lower() in self._vocabulary for word in words):
                return True
        return False

    def _paying_instead(self, question: str, ranking: list[Hit], signals: Signals) -> Hit | None:
        """For a question about pay whose best answer gives no pay figure, a close answer that does ("what's the
        most it pays at the top of the ladder?": the top pay band, not the top rung), or one the best answer points
        to. A best answer the question names ("what does a security analyst earn?") is what it asks the pay of:
        only the band it points to answers that. Where a life story ranks first ("Director of security, 14 years.
        What could I make as a CSO?"), the question sentences alone are asked the same."""
        asked = question_sentences(question)
        if ranking[0].answer_id in self._paying or not asks_about_pay(asked):
            return None
        paying = next((hit for hit in ranking if hit.answer_id in self._paying), None)
        named = self._named(signals.mentions)
        if paying is not None and ranking[0].score - paying.score <= PAY_MARGIN and ranking[0].answer_id not in named:
            return paying
        # "What does a VP of Security earn?": the best answer, the rung, points to the band that pays it.
        pointed_to = self._knowledge.pay_for(ranking[0].answer_id)
        pointed = next((hit for hit in ranking if hit.answer_id == pointed_to), None)
        if pointed is None and asked != question:
            return self._paying_instead(asked, self.rank(asked, signals, limit=len(self._answers)), signals)
        return pointed

    def _compared(self, best: Hit, signals: Signals, ranking: Sequence[Hit]) -> Hit | None:
        """The other item a question compares the best answer with: one it names in the same topic."""
        named = self._named(signals.mentions)
        if best.answer_id not in named:
            return None
        topic = self._knowledge.topic_of(best.answer_id).id
        return next(
            (
                hit
                for hit in ranking
                if hit.answer_id in named
                and hit.answer_id != best.answer_id
                and self._knowledge.topic_of(hit.answer_id).id == topic
            ),
            None,
        )

    def search(self, question: str, limit: int = 3) -> list[Hit]:
        """The ranking on the words and their meaning alone, as the operators' review queue uses it."""
        return self.rank(question, limit=limit)

    def _meaning(self, text: str) -> Any:
        similarities = (self._field_vectors @ self._message_vector(text)) * self._field_weight
        best = np.full(len(self._answers), -1.0)
        np.maximum.at(best, self._field_owner, similarities)
        return best

    def _named(self, mentions: Sequence[str]) -> set[str]:
        """The answers the mentions name: by id or by a name of theirs, in every topic that uses the name ("VP" is a
        rung of the ladder and a pay band: the other evidence tells which is meant)."""
        names: set[str] = set()
        for mention in mentions:
            is_entry = self._knowledge.has(mention) and not self._is_topic(mention)
            names |= self._names_of[mention] if is_entry else {normalise(mention)}
        return {answer_id for answer_id, its_names in self._names_of.items() if names & its_names} | {
            mention for mention in mentions if self._is_topic(mention)
        }

    def _is_topic(self, answer_id: str) -> bool:
        return self._knowledge.has(answer_id) and self._knowledge.topic_of(answer_id).id == answer_id


# A job hunt ("applied to 30 Director of Security postings", "what should my CV highlight for a head of security
# role?") seeks a rung as a job to win: the guide answers that in its step on applying for security leadership roles,
# not on the rung's page, so the ranking reads the job sought as a security leadership role.
_JOB_HUNT = re.compile(
    r"\b(appl(y|ies|ying|ied|ications?)|resumes?|r\u00e9sum\u00e9s?|cvs?|interview\w*|job[- ]?(hunt\w*|search\w*)|"
    r"hired|hiring|reject\w*|turned down|recruiters?|referrals?|recommendations?|pitch\w*|headhunt\w*|shortlist\w*)\b",
    re.IGNORECASE,
)
# The rungs below the top: the guide's step names them as the roles to apply for, and a CSO job sought has answers of
# its own (its pay, its interview).
_SOUGHT_TITLE_WORD = (
    r"(?:director|head|manager|management|managerial|vp|vice|president|lead|leadership|executive|senior|sr|"
    r"security|cyber|cybersecurity|information|infosec|it|of|corporate|physical)"
)
# "Could I skip that stage and apply straight for manager jobs?" asks about the ladder's order, not the job hunt.
_SKIPPING = re.compile(r"\b(skip\w*|straight|directly|jump\w*|bypass\w*)\b", re.IGNORECASE)
_SOUGHT_JOB = re.compile(
    rf"\b(?:{_SOUGHT_TITLE_WORD}\s+)+(roles?|jobs?|positions?|openings?|postings?|vacanc(?:y|ies)|interviews?|offers?)\b",
    re.IGNORECASE,
)


def sought_jobs_as_leadership_roles(text: str) -> str:
    """The text with a security job sought in a job hunt written as a security leadership role: "applying for
    Director of Security roles" as "applying for security leadership roles"; "what does a director role involve?"
    stays."""
    parts = re.split(r"((?<=[.!?;])\s+)", text)  # sentences and the spaces between them, kept
    return "".join(
        _SOUGHT_JOB.sub(lambda match: f"security leadership {match.group(1)}", part)
        if _JOB_HUNT.search(part) and not _SKIPPING.search(part)
        else part
        for part in parts
    )


# "Network" means two things in this field: computer networks (step 3: "network administration", "linux, cloud,
# networking") and contacts (step 7: "how do I network as a future CSO?"). Both models read the one word as the
# other, so the ranking writes the contacts sense out as a professional network, and leaves the technical sense as it
# is. ("Connect", tried first, said too little: "how do I connect so I can move into leadership?" read as applying.)
_TECHNICAL_NETWORK_AFTER = (
    r"admin\w*|security|engineer\w*|systems?|architect\w*|infrastructure|protocols?|devices?|traffic|monitor\w*|"
    r"defen[cs]es?|segment\w*|fundamentals|class(?:es)?|courses?|gear|hardware|teams?|operations|ops|analysts?|"
    r"technicians?|techs?|perimeter|equipment|design|configuration|troubleshoot\w*|stack|layer|"
    r"and (?:servers?|systems?|software)"
)
_NETWORK = re.compile(rf"\b(network(?:ing|s)?)\b(?! (?:{_TECHNICAL_NETWORK_AFTER})\b)", re.IGNORECASE)
_TECHNICAL_NETWORK_BEFORE = re.compile(
    r"\b(?:linux|cloud|servers?|firewalls?|routing|windows|os|operating systems|hardware|software|computer|wireless|"
    r"corporate|enterprise|internal|company'?s?|home|lan|wan|secure|the|our|its)\W*(?:(?:and|or)\s+)?$"
)
_CONTACTS_BEFORE = re.compile(
    r"\b(?:a|an|the|your|my|our|their|his|her|professional|personal|strong|wide|large|big|good|security|peer|"
    r"alumni|social)\s+$"
)
_TO_NETWORK_AFTER = re.compile(
    r"\s+(?:with|at|in|more|online|effectively|well|better|outside|inside|across|beyond|as|(?:my|your|our) way)\b"
)
_PROFESSIONAL_BEFORE = re.compile(r"\bprofessional\s+(?:\w+\s+)?$")
_TO_NETWORK_BEFORE = re.compile(r"\b(?:to|i|you|we|they|should|can|could|must|and|or|also)\s+$")


def networking_as_contacts(text: str) -> str:
    """The text with "network" in the sense of contacts written as a professional network: "how to network as a
    future CSO" as "how to build a professional network ...", "networking events" as "professional networking
    events"; "network admin" stays."""

    def replace(match: re.Match[str]) -> str:
        before, after, word = text[: match.start()].lower(), text[match.end() :].lower(), match.group(1).lower()
        if _TECHNICAL_NETWORK_BEFORE.search(before):
            return match.group(0)
        named_as_contacts = bool(_CONTACTS_BEFORE.search(before))
        if word == "networks" and not named_as_contacts:
            return match.group(0)
        as_a_verb = _TO_NETWORK_AFTER.match(after) or _TO_NETWORK_BEFORE.search(before) or not before.strip()
        if word == "network" and not named_as_contacts and as_a_verb:
            return "build a professional network"
        professional = "" if _PROFESSIONAL_BEFORE.search(before) else "professional "  # not "professional professional"
        return professional + ("networking" if word == "networking" else "network")

    return _NETWORK.sub(replace, text)


def _as_asked(question: str) -> str:
    """A question as the ranking reads it: as `_as_ranked`, without its preamble, and with a job sought in a job hunt
    asked about as a security leadership role (the answers' own words stay as they are)."""
    return sought_jobs_as_leadership_roles(_as_ranked(without_preamble(question)))


def _as_ranked(text: str) -> str:
    """The text as the ranking reads it: the role's names as one, and contacts told from computer networks."""
    return networking_as_contacts(canonical(text))


_WORD = re.compile(r"\b\w\w+\b")


def _words(text: str) -> list[str]:
    """The words of a text that carry meaning: lowercased, stop words left out."""
    return [word for word in _WORD.findall(text.lower()) if word not in ENGLISH_STOP_WORDS]


def stemmed_terms(text: str) -> list[str]:
    """The terms the word score compares: stems ("applying", "applications" and "apply" are one) and pairs of
    neighbouring stems."""
    stems = [stem(word) for word in _words(text)]
    return stems + [f"{first} {second}" for first, second in itertools.pairwise(stems)]


def nearest_point(points: Sequence[str], question: str) -> str | None:
    """The point that shares the most terms with the question's own sentences, if any shares one."""
    asked = set(stemmed_terms(question_sentences(question)))
    shared = [len(asked & set(stemmed_terms(point))) for point in points]
    return points[shared.index(max(shared))] if shared and max(shared) > 0 else None


def _fields(answer: Answer) -> list[tuple[str, float]]:
    """The texts of an answer that a question may paraphrase, each with the weight of its similarity: its title and
    questions in full, its summary and all of it at CONTENT_WEIGHT, each of its points at POINT_WEIGHT."""
    whole = " ".join([answer.title, answer.question, answer.summary, *answer.points])
    questions: list[str] = [answer.title, answer.question, *answer.alternate_questions]
    questions += [asked for asked in map(_about_csos, questions) if asked]
    # An overview's points sum up its entries, which answer each of them better.
    points = [(point, POINT_WEIGHT) for point in answer.points] if isinstance(answer, Entry) and POINT_WEIGHT else []
    return [(text, 1.0) for text in questions] + [(answer.summary, CONTENT_WEIGHT), (whole, CONTENT_WEIGHT), *points]


_READER_AS_CSOS = {"i": "CSOs", "me": "CSOs", "my": "their", "myself": "themselves"}


def _about_csos(question: str) -> str | None:
    """A question asked in the first person ("how do I keep up with new attacks?") asked about CSOs in general, as
    people often ask it ("how do CSOs keep up with new attacks?"); None for one not in the first person."""
    # "Can I become a CSO?", "I'm a manager, ...": about the reader's own way, which "CSOs" would garble.
    if not re.search(r"\b(i|me|my)\b", question, re.IGNORECASE) or re.search(
        r"\b(i'm|i am|become|becoming)\b", question, re.IGNORECASE
    ):
        return None
    return re.sub(r"\b(i|me|my|myself)\b", lambda match: _READER_AS_CSOS[match.group(0).lower()], question, flags=re.I)


def _document(answer: Answer) -> str:
    names = answer.aliases if isinstance(answer, Entry) else []
    questions = [answer.question, *answer.alternate_questions]
    return "\n".join([answer.title, *questions, *names, answer.summary, *answer.points])
