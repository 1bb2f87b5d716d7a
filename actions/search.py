"""Rank every answer in the knowledge base against a question: the fallback when no intent fits it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from actions.knowledge import Answer, Entry, KnowledgeBase, Topic

# When an intent names no item, its topic's overview answers unless the search finds a clearly better fit:
# at least twice the overview's score, and this much in absolute terms. Chosen on tests/search_questions.yml
# (docs/search.md): they fixed 5 answers there, made none wrong, and changed no topic question of tests/nlu_test.yml.
SAME_TOPIC_SCORE = 0.22
OTHER_TOPIC_SCORE = 0.30
FIT_RATIO = 2.0


@dataclass(frozen=True)
class Hit:
    answer_id: str
    answer: Answer
    score: float  # cosine similarity of TF-IDF vectors, 0 to 1


@dataclass(frozen=True)
class Choice:
    """The answer given to a topic intent, and whether the fit check put it in place of the overview."""

    answer_id: str
    answer: Answer
    by_fit_check: bool


class KnowledgeSearch:
    """TF-IDF over each answer's title, questions, names, summary and points (scikit-learn, which Rasa installs)."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._knowledge = knowledge
        self._answers = list(knowledge.answers())
        self._position = {answer_id: index for index, (answer_id, _) in enumerate(self._answers)}
        # Word unigrams and bigrams on lowercased text; sublinear tf stops one repeated word dominating an answer.
        self._vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform([_document(answer) for _, answer in self._answers])

    def search(self, question: str, limit: int = 3) -> list[Hit]:
        """The best `limit` answers, best first; answers sharing no word with the question are left out."""
        scores = self._scores(question)
        ranked = sorted(range(len(scores)), key=lambda index: -scores[index])[:limit]
        return [Hit(*self._answers[index], float(scores[index])) for index in ranked if scores[index] > 0]

    def answer_to_intent(self, intent: str | None, mentions: Sequence[str], question: str) -> Choice | None:
        """The answer for a question with this intent and these mentions: the named item or the topic's overview
        (`KnowledgeBase.find_answer`), or a clearly better fit for a question naming no item. None when the
        intent has no topic."""
        answer = self._knowledge.find_answer(intent, mentions)
        topic = self._knowledge.topic_for_intent(intent)
        if answer is None or topic is None:
            return None
        better = self.better_fit(question, topic) if answer is topic.overview else None
        if better is not None:
            return Choice(better.answer_id, better.answer, by_fit_check=True)
        return Choice(self._knowledge.answer_id(answer), answer, by_fit_check=False)

    def better_fit(self, question: str, topic: Topic) -> Hit | None:
        """An answer that fits the question clearly better than the topic's overview, which an intent without
        a named item would give: one of the topic's own entries, or, on a stronger score, another topic's."""
        scores = self._scores(question)
        best = max(range(len(scores)), key=lambda index: scores[index])
        answer_id, answer = self._answers[best]
        overview_score = scores[self._position[topic.id]]
        in_topic = answer_id in {entry.id for entry in topic.entries}
        enough = SAME_TOPIC_SCORE if in_topic else OTHER_TOPIC_SCORE
        if answer_id == topic.id or scores[best] < enough or scores[best] < FIT_RATIO * overview_score:
            return None
        return Hit(answer_id, answer, float(scores[best]))

    def _scores(self, question: str) -> Any:
        return linear_kernel(self._vectorizer.transform([question]), self._matrix)[0]


def _document(answer: Answer) -> str:
    names = answer.aliases if isinstance(answer, Entry) else []
    questions = [answer.question, *answer.alternate_questions]
    return "\n".join([answer.title, *questions, *names, answer.summary, *answer.points])
