"""Score the knowledge search on held-out questions: top-1 and top-3 accuracy, and the scores it gives.

python scripts/evaluate_search.py [--questions tests/search_questions.yml] [--knowledge knowledge]

The ranking alone, without the NLU's signals; scripts/tune_answers.py scores it with them on the development split.
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.core.search import KnowledgeSearch

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--knowledge", type=Path, default=PROJECT_DIR / "knowledge")
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


if __name__ == "__main__":
    main()
