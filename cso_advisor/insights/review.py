"""The review queue: the messages the advisor fell back on or was unsure of, grouped by similarity.

Each group says how often it was asked, shows examples, and names the intent and the knowledge answer it most
likely belongs to, so that an operator can turn it into training examples or alternate questions
(cso_advisor.insights.fixes).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.metrics.pairwise import cosine_distances
from sklearn.pipeline import make_union

from cso_advisor.core.embeddings import default_encoder
from cso_advisor.core.search import Hit, KnowledgeSearch, Signals
from cso_advisor.insights.conversations import Conversation, UserMessage, normalised
from cso_advisor.insights.report import needs_review

# Messages closer than this share a group (average linkage). The distance mixes two: what the words mean
# (cosine distance of sentence embeddings), so paraphrases that share no word meet, and the words themselves
# (word and character n-grams), so typos and word forms do. Chosen on the traffic of tests/support/traffic.py
# (docs/insights.md): the largest value at which no group mixes two of its themes.
GROUP_DISTANCE = 0.72
MEANING_SHARE = 0.6  # of the distance, the part from the embeddings
# Nearly every question names the role; as words to group by they only blur the themes.
_ROLE_WORDS = frozenset({"cso", "csos", "ciso", "cisos", "chief", "security", "officer", "officers"})
# The most frequent distinct messages that are grouped; the clustering needs memory in the square of this.
# Rarer ones each make a group of their own.
MAX_MESSAGES = 3000


@dataclass
class Group:
    """Messages that ask much the same thing, with where they most likely belong."""

    messages: list[UserMessage]
    examples: list[tuple[str, int]]  # each distinct text and how often it was sent, most often first
    intent: tuple[str, float] | None  # the likeliest intent and the model's mean confidence in it
    answer: Hit | None  # the knowledge answer the group's words fit best

    @property
    def count(self) -> int:
        return len(self.messages)


def review_queue(
    conversations: Sequence[Conversation], search: KnowledgeSearch, threshold: float, distance: float = GROUP_DISTANCE
) -> list[Group]:
    """The groups of messages to review, the most asked first."""
    by_text: dict[str, list[UserMessage]] = defaultdict(list)
    for conversation in conversations:
        for message in conversation.messages:
            if needs_review(message, threshold) and message.text.strip():
                by_text[normalised(message.text)].append(message)
    texts = sorted(by_text, key=lambda text: -len(by_text[text]))
    content = {text: _content_words(text) for text in texts[:MAX_MESSAGES]}
    # Texts with no word of two letters left once stop words and the role's names are gone share nothing to group by.
    grouped = {text: words for text, words in content.items() if re.search(r"\w\w", words)}
    alone = [[text] for text in texts if text not in grouped]
    groups = []
    for members in _cluster(grouped, distance) + alone:
        messages = [message for text in members for message in by_text[text]]
        examples = Counter(message.text for message in messages).most_common()
        intent = _likeliest_intent(messages)
        groups.append(Group(messages, examples, intent, _likeliest_answer(search, examples, intent)))
    return sorted(groups, key=lambda group: (-group.count, group.examples[0][0]))


def _cluster(content: dict[str, str], distance: float) -> list[list[str]]:
    """Group the texts (text -> its content words) by meaning and by words."""
    texts = list(content)
    if len(texts) < 2:
        return [texts] if texts else []
    # Character n-grams within words absorb typos and word forms ("bootcamps").
    features = make_union(
        TfidfVectorizer(sublinear_tf=True),
        TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True),
    ).fit_transform(list(content.values()))
    # The role's names go here too: nearly every message names it, so it made every message mean much the same.
    meanings = default_encoder().encode([_without_role_words(text) for text in texts])
    distances = (1 - MEANING_SHARE) * cosine_distances(features) + MEANING_SHARE * cosine_distances(meanings)
    clustering = AgglomerativeClustering(
        n_clusters=None, distance_threshold=distance, affinity="precomputed", linkage="average"
    )
    labels = clustering.fit_predict(distances.clip(min=0))
    members: dict[int, list[str]] = defaultdict(list)
    for text, label in zip(texts, labels, strict=True):
        members[int(label)].append(text)
    return list(members.values())


def _without_role_words(text: str) -> str:
    return " ".join(word for word in re.findall(r"[\w']+", text.casefold()) if word not in _ROLE_WORDS)


def _content_words(text: str) -> str:
    words = re.findall(r"\w+", text.casefold())
    return " ".join(word for word in words if word not in ENGLISH_STOP_WORDS and word not in _ROLE_WORDS)


def _likeliest_intent(messages: Sequence[UserMessage]) -> tuple[str, float] | None:
    """The intent with the highest mean confidence over the group's messages."""
    totals: dict[str, float] = defaultdict(float)
    for message in messages:
        for intent, confidence in message.ranking:
            totals[intent] += confidence
    if not totals:
        return None
    intent, total = max(totals.items(), key=lambda item: item[1])
    return intent, total / len(messages)


def _likeliest_answer(
    search: KnowledgeSearch, examples: Sequence[tuple[str, int]], intent: tuple[str, float] | None
) -> Hit | None:
    """The answer the advisor's own ranking puts first for the group's words, with its likeliest intent."""
    signals = Signals(intents=dict([intent]) if intent else {})
    hits = search.rank(" ".join(text for text, _ in examples), signals, limit=1)
    return hits[0] if hits else None
