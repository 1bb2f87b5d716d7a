"""Rank every answer in the knowledge base against a question: the fallback when no intent fits it."""

from __future__ import annotations

from dataclasses import dataclass

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from actions.knowledge import Answer, Entry, KnowledgeBase


@dataclass(frozen=True)
class Hit:
    answer_id: str
    answer: Answer
    score: float  # cosine similarity of TF-IDF vectors, 0 to 1


class KnowledgeSearch:
    """TF-IDF over each answer's title, question, names, summary and points (scikit-learn, which Rasa installs)."""

    def __init__(self, knowledge: KnowledgeBase) -> None:
        self._answers = list(knowledge.answers())
        # Word unigrams and bigrams on lowercased text; sublinear tf stops one repeated word dominating an answer.
        self._vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform([_document(answer) for _, answer in self._answers])

    def search(self, question: str, limit: int = 3) -> list[Hit]:
        """The best `limit` answers, best first; answers sharing no word with the question are left out."""
        scores = linear_kernel(self._vectorizer.transform([question]), self._matrix)[0]
        ranked = sorted(range(len(scores)), key=lambda index: -scores[index])[:limit]
        return [Hit(*self._answers[index], float(scores[index])) for index in ranked if scores[index] > 0]


def _document(answer: Answer) -> str:
    names = answer.aliases if isinstance(answer, Entry) else []
    return "\n".join([answer.title, answer.question, *names, answer.summary, *answer.points])
