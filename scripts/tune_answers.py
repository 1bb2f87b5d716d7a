"""Choose the ranking's weights and the answer policy's thresholds on the development split, and print the
precision/coverage curve that docs/search.md publishes.

python -m scripts.tune_answers [--set tests/eval/dev [--set tests/eval/dev3]] [--model models/cso-advisor.tar.gz]

Only the development split may be used here: the blind set (tests/eval/blind) measures the result and is never
tuned on. Each question is parsed by the trained NLU model, as in a conversation, then ranked; the top answer is
right when its text holds every expected fact, and an unanswerable question is right when nothing is answered.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from cso_advisor.core.knowledge import KnowledgeBase, knowledge_dir
from cso_advisor.core.roadmap import Roadmap
from cso_advisor.core.search import (
    WEIGHTS,
    KnowledgeSearch,
    Signals,
    Verdict,
    asked_mentions,
    decide,
    fuse,
    weights_for,
)
from scripts.evaluate_conversations import fold

GRID = {
    "lexical": (0.2, 0.5, 0.8, 1.0, 1.2),
    "intent": (0.0, 0.1, 0.25, 0.4, 0.6),
    "named": (0.0, 0.05, 0.1, 0.2, 0.3),
    "question_focus": (0.0, 0.3, 0.5, 0.7),
    "general": (0.0, 0.05, 0.1),
    "background": (0.1, 0.2, 0.3),
}
ANSWER_SCORES = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8)


@dataclass(frozen=True)
class Question:
    text: str
    facts: list[list[str]]  # empty for a question the guide does not answer
    signals: Signals


def load(eval_set: Path, model: Path, roadmap: Roadmap) -> list[Question]:
    """The split's single questions that the ranking answers (not the roadmap's), with the NLU's reading."""
    from rasa.core.agent import Agent

    items = yaml.safe_load((eval_set / "questions.yml").read_text(encoding="utf-8"))["questions"]
    items = [item for item in items if "next_rung" not in item and item.get("roadmap") != "start"]
    agent = Agent.load(str(model))
    questions = []
    for item in items:
        parsed: dict[str, Any] = asyncio.run(agent.parse_message(item["text"]))
        ranking = parsed.get("intent_ranking") or []
        background = roadmap.background(item["text"])
        signals = Signals(
            intents={i["name"]: float(i["confidence"]) for i in ranking},
            mentions=asked_mentions(item["text"], parsed.get("entities", [])),
            background=background.answers,
            life_story=background.described,
        )
        facts = [fact if isinstance(fact, list) else [fact] for fact in item.get("facts") or []]
        questions.append(Question(item["text"], [[str(o) for o in fact] for fact in facts], signals))
    return questions


def right(knowledge: KnowledgeBase, question: Question, answer_id: str | None) -> bool:
    if not question.facts:
        return answer_id is None
    if answer_id is None:
        return False
    answer = knowledge.answer(answer_id)
    text = fold(answer.to_markdown())
    return all(any(fold(option) in text for option in fact) for fact in question.facts)


def curve(search: KnowledgeSearch, knowledge: KnowledgeBase, questions: Sequence[Question]) -> list[str]:
    """Precision and coverage of the top answer as the answer threshold rises, with the current weights."""
    rankings = [(question, search.rank(question.text, question.signals)) for question in questions]
    answerable = [q for q in questions if q.facts]
    lines = ["threshold  coverage  precision  right overall"]
    for threshold in ANSWER_SCORES:
        answered = [(q, hits) for q, hits in rankings if q.facts and hits and hits[0].score >= threshold]
        correct = sum(right(knowledge, q, hits[0].answer_id) for q, hits in answered)
        overall = sum(
            right(knowledge, q, hits[0].answer_id if hits and hits[0].score >= threshold else None)
            for q, hits in rankings
        )
        lines.append(
            f"{threshold:9.2f}  {len(answered) / len(answerable):8.1%}  {correct / max(len(answered), 1):9.1%}"
            f"  {overall / len(questions):8.1%}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--set", type=Path, action="append", help="a development split; repeat for several (default: tests/eval/dev)"
    )
    parser.add_argument("--model", type=Path, default=Path("models/cso-advisor.tar.gz"))
    arguments = parser.parse_args(argv)
    sets = arguments.set or [Path("tests/eval/dev")]
    if any("blind" in eval_set.parts for eval_set in sets):
        parser.error("the blind set measures the result; tune on the development split")
    knowledge = KnowledgeBase.load(knowledge_dir())
    roadmap = Roadmap.load(knowledge, knowledge_dir())
    search = KnowledgeSearch(knowledge)
    questions = [question for eval_set in sets for question in load(eval_set, arguments.model, roadmap)]
    names = ", ".join(str(eval_set) for eval_set in sets)
    print(f"{len(questions)} questions of {names}, {sum(not q.facts for q in questions)} unanswerable")
    answers = [answer_id for answer_id, _ in knowledge.answers()]
    evidence = [(q, search.components(q.text, q.signals)) for q in questions if q.facts]
    results = []
    for values in itertools.product(*GRID.values()):
        chosen = dict(zip(GRID, values, strict=True))
        weights = replace(WEIGHTS, **chosen)
        top1 = sum(right(knowledge, q, answers[int(fuse(parts, weights).argmax())]) for q, parts in evidence)
        results.append((top1, chosen))
    results.sort(key=lambda result: -result[0])
    for top1, chosen in results[:10]:
        print(f"top-1 {top1}/{len(evidence)}  {chosen}")
    shipped = sum(
        right(knowledge, q, answers[int(fuse(parts, weights_for(q.signals)).argmax())]) for q, parts in evidence
    )
    print(f"shipped: top-1 {shipped}/{len(evidence)}  {dict((name, getattr(WEIGHTS, name)) for name in GRID)}")
    print("\n".join(curve(search, knowledge, questions)))
    stories = [question for question in questions if question.signals.life_story]
    print(f"\n{len(stories)} of them tell the writer's story (the life-story threshold):")
    print("\n".join(curve(search, knowledge, stories)))
    policy = [decide(search.rank(q.text, q.signals)).verdict for q in questions]
    for verdict in Verdict:
        print(f"{verdict.value:18} {policy.count(verdict)}")


if __name__ == "__main__":
    main()
