"""A certification added to the knowledge base is recognised after a pipeline rebuild, with no retraining."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.core.agent import Agent
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswerQuestion
from cso_advisor.core.knowledge import KnowledgeBase
from cso_advisor.rasa_plugins.nlu.build import main as build
from tests.support.paths import PROJECT_DIR

pytestmark = pytest.mark.e2e

MODEL = PROJECT_DIR / "models" / "cso-advisor.tar.gz"

NEW_CERTIFICATION = {
    "id": "ccsp",
    "title": "CCSP: Certified Cloud Security Professional",
    "aliases": ["ccsp", "certified cloud security professional"],
    "question": "What is the CCSP?",
    "source": "Step 6: Earn Professional Certifications",
    "summary": "A cloud security certification added by a content editor.",
    "related": ["cissp"],
}


def _add_certification(knowledge_dir: Path) -> None:
    path = knowledge_dir / "certifications.yml"
    content: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["topics"][0]["entries"].append(NEW_CERTIFICATION)
    path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")


async def test_new_certification_is_recognised_and_answered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tracker_for: Any
) -> None:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    knowledge_dir = tmp_path / "knowledge"
    shutil.copytree(PROJECT_DIR / "knowledge", knowledge_dir)
    _add_certification(knowledge_dir)

    # The trained model loads the pipeline by its relative path, so a run from tmp_path uses the rebuilt one.
    assert build(["--knowledge", str(knowledge_dir), "--out", str(tmp_path / "build" / "spacy-cso")]) == 0
    monkeypatch.chdir(tmp_path)
    agent = Agent.load(str(MODEL))
    parsed = await agent.parse_message("is the Certified Cloud Security Professional cert worth doing")

    assert parsed["intent"]["name"] == "ask_certifications"
    assert {"entity": "certification", "value": "ccsp"}.items() <= parsed["entities"][0].items()

    dispatcher = CollectingDispatcher()
    tracker = tracker_for(parsed["intent"]["name"], {e["entity"]: e["value"] for e in parsed["entities"]})
    await ActionAnswerQuestion(KnowledgeBase.load(knowledge_dir)).run(dispatcher, tracker, {})

    assert dispatcher.messages[0]["text"].startswith("**CCSP: Certified Cloud Security Professional**")
