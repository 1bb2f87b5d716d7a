"""Fail the build when the NLU evaluation falls below the accuracy we promise.

Reads a report that `rasa test nlu` writes (intents or an entity extractor's) and prints
each label's F1, worst first, so a failing run shows where to add training data.

With --dialogue-acts KNOWLEDGE_DIR it scores what decides the bot's next action instead: the knowledge
base's topic intents all lead to the same action (the answer is chosen by retrieval, docs/search.md), so
they count as one label, "knowledge question". It reads the predictions from the errors and successes
files beside the report (`rasa test nlu --successes`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sklearn.metrics import classification_report

SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}
KNOWLEDGE_QUESTION = "knowledge question"


def dialogue_act_report(report_path: Path, knowledge_dir: Path) -> dict[str, Any]:
    """The intent report recomputed with every topic intent of the knowledge base merged into one label."""
    from cso_advisor.core.knowledge import KnowledgeBase

    topic_intents = set(KnowledgeBase.load(knowledge_dir).intents)

    def act(intent: str) -> str:
        return KNOWLEDGE_QUESTION if intent in topic_intents else intent

    truth: list[str] = []
    predicted: list[str] = []
    for name in ("intent_errors.json", "intent_successes.json"):
        for example in json.loads((report_path.parent / name).read_text(encoding="utf-8")):
            truth.append(act(example["intent"]))
            predicted.append(act(example["intent_prediction"]["name"] or ""))
    if not truth:
        raise ValueError("no predictions beside the report")
    report: dict[str, Any] = classification_report(truth, predicted, output_dict=True, zero_division=0)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path, help="a *_report.json written by `rasa test nlu`")
    parser.add_argument("--min-f1", type=float, required=True)
    parser.add_argument("--average", choices=["macro avg", "micro avg", "weighted avg"], default="macro avg")
    parser.add_argument("--dialogue-acts", type=Path, metavar="KNOWLEDGE_DIR", help="merge its topic intents")
    args = parser.parse_args(argv)

    try:
        if args.dialogue_acts:
            report = dialogue_act_report(args.report, args.dialogue_acts)
        else:
            report = json.loads(args.report.read_text(encoding="utf-8"))
        summary = report[args.average]
        f1 = float(summary["f1-score"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{args.report}: not a readable report ({error})", file=sys.stderr)
        return 2

    per_label = sorted(
        (scores["f1-score"], label, scores["support"]) for label, scores in report.items() if label not in SUMMARY_ROWS
    )
    for label_f1, label, support in per_label:
        print(f"  {label_f1:.3f}  {label} ({support} examples)")
    verdict = "OK" if f1 >= args.min_f1 else "TOO LOW"
    kind = "dialogue acts, " if args.dialogue_acts else ""
    print(
        f"{args.report.name}: {kind}{args.average} precision {summary['precision']:.3f}, recall "
        f"{summary['recall']:.3f}, F1 {f1:.3f} on {len(per_label)} labels (minimum F1 {args.min_f1:.2f}): {verdict}"
    )
    return 0 if f1 >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
