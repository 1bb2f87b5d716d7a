"""The figures of the operators' report, computed from the stored conversations (cso_advisor.insights.conversations)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from cso_advisor.insights.conversations import NLU_FALLBACK, Conversation, UserMessage

# Below this intent confidence an answer counts as uncertain, and its message goes to the review queue.
# The FallbackClassifier (config.yml) already answers below 0.55 with a search; this band sits just above it.
DEFAULT_THRESHOLD = 0.7
TOP = 10  # rows in each ranking


@dataclass(frozen=True)
class Day:
    date: datetime.date
    conversations: int
    messages: int
    fallbacks: int


@dataclass
class Report:
    """What people asked, what the advisor missed, which buttons they clicked and where they left."""

    conversations: int
    messages: int
    threshold: float
    fallbacks: int  # messages the model or the policies were not confident about (cso_advisor.insights.conversations)
    low_confidence: int  # typed messages understood with a confidence under the threshold, not among `fallbacks`
    answered_by_search: int  # fallbacks that the knowledge search still answered
    days: list[Day] = field(default_factory=list)
    topics: list[tuple[str, int]] = field(default_factory=list)  # what people asked about, most first
    answers: list[tuple[str, int]] = field(default_factory=list)  # the answers given, most first
    buttons: list[tuple[str, int]] = field(default_factory=list)  # button titles, most clicked first
    endings: list[tuple[str, int]] = field(default_factory=list)  # the last thing people asked before leaving
    button_clicks: int = 0

    @property
    def first(self) -> datetime.date | None:
        return self.days[0].date if self.days else None

    @property
    def last(self) -> datetime.date | None:
        return self.days[-1].date if self.days else None

    @property
    def fallback_rate(self) -> float:
        return self.fallbacks / self.messages if self.messages else 0.0

    @property
    def low_confidence_rate(self) -> float:
        return self.low_confidence / self.messages if self.messages else 0.0


def needs_review(message: UserMessage, threshold: float) -> bool:
    """A typed message the advisor fell back on, or understood with less confidence than `threshold`."""
    return message.button is None and (message.fell_back or message.confidence < threshold)


def build_report(
    conversations: Sequence[Conversation],
    topic_name: Callable[[str], str],
    answer_name: Callable[[str], str],
    threshold: float = DEFAULT_THRESHOLD,
) -> Report:
    """The report on these conversations; `topic_name` names an intent and `answer_name` a knowledge answer id."""
    messages = [message for conversation in conversations for message in conversation.messages]
    fallbacks = [message for message in messages if message.fell_back]
    clicks = [message.button for message in messages if message.button is not None]
    return Report(
        conversations=len(conversations),
        messages=len(messages),
        threshold=threshold,
        fallbacks=len(fallbacks),
        low_confidence=sum(1 for m in messages if needs_review(m, threshold) and not m.fell_back),
        answered_by_search=sum(1 for message in fallbacks if message.answers),
        days=_days(conversations),
        topics=_ranked(_topic(message, topic_name) for message in messages if message.button is None),
        answers=_ranked(answer_name(answer) for message in messages for answer in message.answers),
        buttons=_ranked(clicks),
        endings=_ranked(_topic(conversation.messages[-1], topic_name) for conversation in conversations),
        button_clicks=len(clicks),
    )


def _topic(message: UserMessage, topic_name: Callable[[str], str]) -> str:
    if message.intent == NLU_FALLBACK or message.intent is None:
        return "(not understood)"
    return topic_name(message.intent)


def _ranked(labels: Iterable[str]) -> list[tuple[str, int]]:
    return Counter(labels).most_common(TOP)


def _date(message: UserMessage) -> datetime.date:
    return datetime.datetime.fromtimestamp(message.timestamp, tz=datetime.timezone.utc).date()


def _days(conversations: Sequence[Conversation]) -> list[Day]:
    """Every day from the first message to the last, including the quiet ones; a conversation counts on each
    day it had a message."""
    active: dict[datetime.date, set[tuple[str, int]]] = {}
    messages: Counter[datetime.date] = Counter()
    fallbacks: Counter[datetime.date] = Counter()
    for conversation in conversations:
        for message in conversation.messages:
            date = _date(message)
            active.setdefault(date, set()).add(conversation.key)
            messages[date] += 1
            fallbacks[date] += message.fell_back
    if not active:
        return []
    first, last = min(active), max(active)
    dates = [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]
    return [Day(date, len(active.get(date, ())), messages[date], fallbacks[date]) for date in dates]
