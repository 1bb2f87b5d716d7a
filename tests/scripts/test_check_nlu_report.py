"""The NLU gate fails the build below the minimum macro F1."""

from __future__ import annotations

import json
from pathlib import Path

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
