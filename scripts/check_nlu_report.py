"""Fail the build when the NLU evaluation falls below the accuracy we promise.

Reads a report that `rasa test nlu` writes (intents or an entity extractor's) and prints
each label's F1, worst first, so a failing run shows where to add training data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path, help="a *_report.json written by `rasa test nlu`")
    parser.add_argument("--min-f1", type=float, required=True)
    parser.add_argument("--average", choices=["macro avg", "micro avg", "weighted avg"], default="macro avg")
    args = parser.parse_args(argv)

    try:
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
    print(
        f"{args.report.name}: {args.average} precision {summary['precision']:.3f}, recall {summary['recall']:.3f}, "
        f"F1 {f1:.3f} on {len(per_label)} labels (minimum F1 {args.min_f1:.2f}): {verdict}"
    )
    return 0 if f1 >= args.min_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
