"""The spaCy pipeline built from the knowledge base."""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cso_advisor.rasa_plugins.nlu.build import main, name_variants, step_references
from tests.support.paths import PROJECT_DIR


@pytest.mark.parametrize(
    ("alias", "variants"),
    [
        ("cissp", ["cissp"]),
        ("entry-level", ["entry level", "entry-level", "entrylevel"]),
        ("mid career", ["mid career", "mid-career"]),
        ("training and education", ["training & education", "training and education"]),
    ],
)
def test_name_variants(alias: str, variants: list[str]) -> None:
    assert name_variants(alias) == variants


def test_step_references_cover_numbers_words_and_ordinals() -> None:
    by_number, by_ordinal = step_references(2)
    assert by_number[-1] == {"LOWER": {"IN": ["2", "two"]}}
    assert by_ordinal[0] == {"LOWER": {"IN": ["second", "2nd"]}}


def test_build_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert main(["--knowledge", str(PROJECT_DIR / "knowledge"), "--out", str(first)]) == 0
    # A second process with another hash seed: no output may depend on set or dict order.
    subprocess.run(
        [sys.executable, "-m", "cso_advisor.rasa_plugins.nlu.build", "--knowledge", "knowledge", "--out", str(second)],
        cwd=PROJECT_DIR,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
        check=True,
        capture_output=True,
    )

    assert _all_identical(filecmp.dircmp(first, second))


def _all_identical(comparison: Any) -> bool:
    mismatched = comparison.diff_files or comparison.left_only or comparison.right_only or comparison.funny_files
    return not mismatched and all(_all_identical(sub) for sub in comparison.subdirs.values())


def test_build_refuses_an_invalid_knowledge_base(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], write_knowledge: Any, small_knowledge: dict[str, Any]
) -> None:
    small_knowledge["faq.yml"] = "topics: [unclosed\n"

    assert main(["--knowledge", str(write_knowledge(small_knowledge)), "--out", str(tmp_path / "out")]) == 2
    assert "faq.yml: YAML error" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
