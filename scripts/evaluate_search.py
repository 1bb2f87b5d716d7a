"""Score the knowledge search on held-out questions: top-1 and top-3 accuracy, and the scores it gives.

python scripts/evaluate_search.py [--questions tests/search_questions.yml] [--knowledge knowledge]
                                  [--model models/cso-advisor.tar.gz]

With --model, each question also goes through the trained NLU, as in a conversation: those that reach
the fallback (nlu_fallback) are scored on the search alone, and those that get a topic intent on the
answer the advisor gives, with the fit check (docs/search.md).
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from actions.knowledge import KnowledgeBase
from actions.search import KnowledgeSearch

PROJECT_DIR = Path(__file__).resolve().parent.parent
QUESTIONS = PROJECT_DIR / "tests" / "search_questions.yml"


@dataclass
class Evaluation:
    answerable: int = 0
    top1: int = 0
    top3: int = 0
    misses: list[str] = field(default_factory=list)
    scores: dict[str, list[float]] = field(
        default_factory=lambda: {"right top hit": [], "wrong top hit": [], "not in guide": []}
    )


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    questions: list[dict[str, Any]] = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return questions


def evaluate(search: KnowledgeSearch, questions: list[dict[str, Any]]) -> Evaluation:
    result = Evaluation()
    for question in questions:
        hits = search.search(question["text"])
        top_score = hits[0].score if hits else 0.0
        ids = [hit.answer_id for hit in hits]
        if not question["answer"]:
            result.scores["not in guide"].append(top_score)
            continue
        result.answerable += 1
        result.top1 += ids[:1] == [question["answer"]]
        result.top3 += question["answer"] in ids
        if ids[:1] == [question["answer"]]:
            result.scores["right top hit"].append(top_score)
        else:
            result.scores["wrong top hit"].append(top_score)
            result.misses.append(f"{question['text']!r}: expected {question['answer']}, got {ids}")
    return result


def evaluate_routed(search: KnowledgeSearch, questions: list[dict[str, Any]], model: Path) -> list[str]:
    """Route each answerable question through the trained NLU and score what the advisor does with it."""
    import asyncio
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    from actions.actions import CONFIDENT_SCORE

    configure_structlog(logging.WARNING)  # no debug line per parsed message
    agent = Agent.load(str(model))
    fallback = {"count": 0, "top1": 0, "top3": 0, "answered": 0}
    topic = {"count": 0, "right": 0, "by_fit_check": 0}
    other: list[str] = []
    for question in (q for q in questions if q["answer"]):
        parsed = asyncio.run(agent.parse_message(question["text"]))
        intent = parsed["intent"]["name"]
        chosen = search.answer_to_intent(intent, [str(e["value"]) for e in parsed["entities"]], question["text"])
        if chosen is not None:
            topic["count"] += 1
            topic["right"] += chosen.answer_id == question["answer"]
            topic["by_fit_check"] += chosen.answer_id == question["answer"] and chosen.by_fit_check
        elif intent == "nlu_fallback":
            hits = search.search(question["text"])
            fallback["count"] += 1
            fallback["top1"] += [hit.answer_id for hit in hits[:1]] == [question["answer"]]
            fallback["top3"] += question["answer"] in [hit.answer_id for hit in hits]
            fallback["answered"] += bool(hits) and hits[0].score >= CONFIDENT_SCORE
        else:
            other.append(intent)
    n = fallback["count"] or 1
    return [
        f"reached the fallback: {fallback['count']}; search top-1 {fallback['top1'] / n:.3f}, "
        f"top-3 {fallback['top3'] / n:.3f}; answered at once (score >= {CONFIDENT_SCORE}): {fallback['answered']}",
        f"got a topic intent: {topic['count']}; right answer {topic['right']}, "
        f"{topic['by_fit_check']} of them by the fit check",
        f"got another intent: {len(other)} ({', '.join(sorted(other))})",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--knowledge", type=Path, default=PROJECT_DIR / "knowledge")
    parser.add_argument("--model", type=Path, help="a trained model: also route each question through its NLU")
    arguments = parser.parse_args()

    search = KnowledgeSearch(KnowledgeBase.load(arguments.knowledge))
    questions = load_questions(arguments.questions)
    result = evaluate(search, questions)
    for miss in result.misses:
        print(f"  miss: {miss}")
    print(
        f"{result.answerable} answerable questions: top-1 {result.top1 / result.answerable:.3f}, "
        f"top-3 {result.top3 / result.answerable:.3f}"
    )
    for label, scores in result.scores.items():
        if scores:
            print(
                f"  {label:<14} n={len(scores):<3} top score min {min(scores):.3f}  "
                f"median {statistics.median(scores):.3f}  max {max(scores):.3f}"
            )
    if arguments.model:
        for line in evaluate_routed(search, questions, arguments.model):
            print(line)


if __name__ == "__main__":
    main()
