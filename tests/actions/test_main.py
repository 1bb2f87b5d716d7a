"""`python -m actions` loads the knowledge base first and refuses to start on an invalid one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.paths import PROJECT_DIR


def _start(knowledge_dir: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "CSO_KNOWLEDGE_DIR": str(knowledge_dir)}
    return subprocess.run(
        [sys.executable, "-m", "actions", *arguments],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_server_refuses_to_start_on_an_invalid_knowledge_base(
    small_knowledge: dict[str, Any], write_knowledge: Callable[[dict[str, Any]], Path]
) -> None:
    del small_knowledge["certs.yml"]["topics"][0]["entries"][1]["question"]

    result = _start(write_knowledge(small_knowledge), "--port", "0")

    assert result.returncode == 2
    assert "Refusing to start" in result.stderr
    assert "certs.yml: topic 'certs', entry 'beta', field 'question': field required" in result.stderr
    assert "Action endpoint is up" not in result.stdout + result.stderr
