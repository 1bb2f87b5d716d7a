"""The NLU gate fails the build below the minimum macro F1."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scripts import check_nlu_report


def _report(tmp_path: Path, macro_f1: float) -> Path:
    path = tmp_path / "intent_report.json"
    path.write_text(
        json.dumps(
            {
                "greet": {"precision": 1.0, "recall": 1.0, "f1-score": 1.0, "support": 8},
                "ask_salary": {"precision": 0.8, "recall": 0.8, "f1-score": 0.8, "support": 8},
                "accuracy": 0.9,
                "macro avg": {"precision": 0.9, "recall": 0.9, "f1-score": macro_f1, "support": 16},
            }
        )
    )
    return path


@pytest.mark.parametrize(("macro_f1", "exit_code"), [(0.95, 0), (0.90, 0), (0.899, 1), (0.5, 1)])
def test_exit_code_follows_the_threshold(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], macro_f1: float, exit_code: int
) -> None:
    assert check_nlu_report.main([str(_report(tmp_path, macro_f1)), "--min-f1", "0.90"]) == exit_code
    output = capsys.readouterr().out
    assert output.index("ask_salary") < output.index("greet")  # worst label first
    assert f"macro avg precision 0.900, recall 0.900, F1 {macro_f1:.3f} on 2 labels" in output


@pytest.mark.parametrize("content", ["not json", "{}", '{"macro avg": {}}'])
def test_unreadable_report_is_an_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "intent_report.json"
    path.write_text(content)
    assert check_nlu_report.main([str(path), "--min-f1", "0.9"]) == 2


def _predictions(tmp_path: Path, pairs: list[tuple[str, str]]) -> Path:
    """Rasa's errors and successes files for these (intent, predicted) pairs, beside an intent report."""
    examples: list[dict[str, Any]] = [
        {"text": f"message {i}", "intent": intent, "intent_prediction": {"name": predicted, "confidence": 0.9}}
        for i, (intent, predicted) in enumerate(pairs)
    ]
    right = [example for example, (intent, predicted) in zip(examples, pairs, strict=True) if intent == predicted]
    wrong = [example for example in examples if example not in right]
    (tmp_path / "intent_errors.json").write_text(json.dumps(wrong))
    (tmp_path / "intent_successes.json").write_text(json.dumps(right))
    return _report(tmp_path, 0.5)


def test_dialogue_acts_count_every_topic_intent_as_one_knowledge_question(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # ask_salary read as ask_duration still leads to the same action; greet read as ask_salary does not.
    report = _predictions(tmp_path, [("ask_salary", "ask_duration"), ("greet", "greet"), ("greet", "ask_salary")])

    assert check_nlu_report.main([str(report), "--min-f1", "0.6", "--dialogue-acts", "knowledge"]) == 0
    output = capsys.readouterr().out
    assert "0.667  knowledge question (1 examples)" in output
    assert "0.667  greet (2 examples)" in output
    assert "dialogue acts, macro avg precision 0.750, recall 0.750, F1 0.667 on 2 labels" in output
    assert check_nlu_report.main([str(report), "--min-f1", "0.7", "--dialogue-acts", "knowledge"]) == 1
