"""A new FAQ with a few alternate questions is answered at once: no training data, no retraining, only a restart."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import requests
import yaml

from tests.support.conversation import new_sender, text_of
from tests.support.layouts import running
from tests.support.paths import KNOWLEDGE_DIR
from tests.support.servers import Servers

pytestmark = pytest.mark.e2e

# A made-up fact, so that only the new entry can supply it.
NEW_FAQ = {
    "topics": [
        {
            "id": "mentoring",
            "intent": "ask_mentoring",  # an intent the model has never seen
            "overview": {
                "title": "Finding a mentor on the way to CSO",
                "question": "How do I find a mentor to guide my path to CSO?",
                "alternate_questions": ["Can someone mentor me?", "Is a mentor worth having for a security career?"],
                "source": "A test section",
                "summary": "The portal's mentoring scheme, code MENTOR-42, pairs you with a security leader.",
                "related": ["steps"],
            },
        }
    ]
}


@pytest.fixture(scope="module")
def rasa_with_new_faq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    knowledge = tmp_path_factory.mktemp("knowledge") / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, knowledge)
    (knowledge / "mentoring.yml").write_text(yaml.safe_dump(NEW_FAQ), encoding="utf-8")
    layout = Servers(tmp_path_factory.mktemp("servers"))
    layout.environment["CSO_KNOWLEDGE_DIR"] = str(knowledge)
    yield from (started.rasa_url for started in running(layout, lambda: layout.start("actions", "rasa")))


@pytest.mark.parametrize(
    "question", ["could anyone mentor me on my way to becoming a ciso?", "is it worth getting a mentor for this career"]
)
def test_a_new_faq_is_answered_in_other_words_without_retraining(rasa_with_new_faq: str, question: str) -> None:
    response = requests.post(
        f"{rasa_with_new_faq}/webhooks/rest/webhook", json={"sender": new_sender(), "message": question}, timeout=60
    )

    assert "MENTOR-42" in text_of(response.json())
