"""Fail the build when the NLU evaluation falls below the accuracy we promise.

Reads the intent report that `rasa test nlu` writes and prints each intent's F1,
worst first, so a failing run shows where to add training data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SUMMARY_ROWS = {"accuracy", "macro avg", "weighted avg", "micro avg"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", type=Path, help="intent_report.json written by `rasa test nlu`")
    parser.add_argument("--min-macro-f1", type=float, required=True)
    args = parser.parse_args(argv)

    try:
        report = json.loads(args.report.read_text(encoding="utf-8"))
        macro_f1 = float(report["macro avg"]["f1-score"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{args.report}: not a readable intent report ({error})", file=sys.stderr)
        return 2

    per_intent = sorted(
        (scores["f1-score"], intent, scores["support"])
        for intent, scores in report.items()
        if intent not in SUMMARY_ROWS
    )
    for f1, intent, support in per_intent:
        print(f"  {f1:.3f}  {intent} ({support} examples)")
    verdict = "OK" if macro_f1 >= args.min_macro_f1 else "TOO LOW"
    print(f"Intent macro F1 {macro_f1:.3f} on {len(per_intent)} intents (minimum {args.min_macro_f1:.2f}): {verdict}")
    return 0 if macro_f1 >= args.min_macro_f1 else 1


if __name__ == "__main__":
    sys.exit(main())
