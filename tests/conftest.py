"""Shared fixtures: a dispatcher, tracker builders, the domain and knowledge bases."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.paths import KNOWLEDGE_DIR, PROJECT_DIR
from tests.support.trackers import TrackerBuilder


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


@pytest.fixture
def tracker_for() -> TrackerBuilder:
    """Build a tracker whose latest user message has this intent and these entities."""

    def build(
        intent: str,
        entities: dict[str, str] | None = None,
        text: str = "",
        events: list[dict[str, Any]] | None = None,
        slots: dict[str, Any] | None = None,
    ) -> Tracker:
        latest_message = {
            "text": text,
            "intent": {"name": intent, "confidence": 1.0},
            "entities": [{"entity": name, "value": value} for name, value in (entities or {}).items()],
        }
        return Tracker(
            sender_id="test-user",
            slots=slots or {},
            latest_message=latest_message,
            events=events or [],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    return build


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((PROJECT_DIR / "domain.yml").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def knowledge() -> KnowledgeBase:
    """The project's real knowledge base."""
    return KnowledgeBase.load(KNOWLEDGE_DIR)


def _answer(title: str, related: Iterable[str] = ("overview_topic",), **fields: Any) -> dict[str, Any]:
    """A valid answer mapping for hand-made knowledge files."""
    return {
        "title": title,
        "question": f"What about {title}?",
        "source": "Some Guide Section",
        "summary": f"A short summary of {title}.",
        "related": list(related),
        **fields,
    }


@pytest.fixture
def small_knowledge() -> dict[str, dict[str, Any]]:
    """The files of a tiny valid knowledge base: a topic with two entries and an overview-only topic."""
    return {
        "certs.yml": {
            "topics": [
                {
                    "id": "certs",
                    "intent": "ask_certifications",
                    "entity": "certification",
                    "overview": _answer("Certifications", related=["alpha", "beta"]),
                    "entries": [
                        {"id": "alpha", "aliases": ["alpha cert", "aac"], **_answer("Alpha", related=["beta"])},
                        {"id": "beta", "aliases": ["beta cert"], **_answer("Beta", related=["certs"])},
                    ],
                }
            ]
        },
        "faq.yml": {
            "topics": [
                {
                    "id": "overview_topic",
                    "intent": "ask_duration",
                    "overview": _answer("How long", related=["certs"], points=["First point", "Second point"]),
                }
            ]
        },
    }


@pytest.fixture
def write_knowledge(tmp_path: Path) -> Callable[[dict[str, Any]], Path]:
    """Write {file name: content} into a fresh directory; str content is written as-is."""

    def write(files: dict[str, Any]) -> Path:
        directory = tmp_path / "knowledge"
        directory.mkdir(exist_ok=True)
        for name, content in files.items():
            text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
            (directory / name).write_text(text, encoding="utf-8")
        return directory

    return write


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """The project's domain, config, training data and knowledge base, copied, for tests that write to them."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_DIR / name, copy / name)
    for name in ("data", "knowledge"):
        shutil.copytree(PROJECT_DIR / name, copy / name)
    return copy
