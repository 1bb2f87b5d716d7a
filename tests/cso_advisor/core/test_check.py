"""`python -m cso_advisor.core.check` validates a knowledge base and its roadmap, naming every problem."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.paths import PROJECT_DIR


def _check(knowledge_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cso_advisor.core.check", "--knowledge", str(knowledge_dir)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_accepts_the_project_knowledge_base() -> None:
    result = _check(PROJECT_DIR / "knowledge")

    assert result.returncode == 0, result.stderr
    assert "Knowledge base OK" in result.stdout


def test_check_names_each_problem_of_an_invalid_knowledge_base(
    small_knowledge: dict[str, Any], write_knowledge: Callable[[dict[str, Any]], Path]
) -> None:
    del small_knowledge["certs.yml"]["topics"][0]["entries"][1]["question"]

    result = _check(write_knowledge(small_knowledge))

    assert result.returncode == 2
    assert "is invalid" in result.stderr
    assert "certs.yml: topic 'certs', entry 'beta', field 'question': field required" in result.stderr
    assert "Knowledge base OK" not in result.stdout
