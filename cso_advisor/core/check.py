"""Validate a knowledge base and its roadmap settings, and name every problem:

    python -m cso_advisor.core.check [--knowledge DIR]      (or: make check-knowledge)

DIR defaults to $CSO_KNOWLEDGE_DIR, else the project's knowledge/. Exits with 2 when anything is wrong.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cso_advisor.core.knowledge import KnowledgeBase, KnowledgeBaseError, knowledge_dir
from cso_advisor.core.roadmap import Roadmap


def summary(knowledge: KnowledgeBase, directory: Path) -> str:
    return f"Knowledge base OK: {len(knowledge.topics)} topics and the roadmap from {directory}"


def invalid(directory: Path, error: KnowledgeBaseError) -> str:
    """Every problem of an invalid knowledge base, a line each."""
    return "\n".join(
        [f"The knowledge base in {directory} is invalid:", *(f"  {problem}" for problem in error.problems)]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cso_advisor.core.check", description=__doc__)
    parser.add_argument("--knowledge", type=Path, help="the knowledge directory (default: $CSO_KNOWLEDGE_DIR)")
    directory = parser.parse_args(argv).knowledge or knowledge_dir()
    try:
        knowledge = KnowledgeBase.load(directory)
        Roadmap.load(knowledge, directory)
    except KnowledgeBaseError as error:
        print(invalid(directory, error), file=sys.stderr)
        return 2
    print(summary(knowledge, directory), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
