"""Where the project's files are, for the tests."""

from __future__ import annotations

from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
KNOWLEDGE_DIR = PROJECT_DIR / "knowledge"
# The browser tests leave the last state of each page here, as a test artifact.
SCREENSHOTS = PROJECT_DIR / "results" / "screenshots"
