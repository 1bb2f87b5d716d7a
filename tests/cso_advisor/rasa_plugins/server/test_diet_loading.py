"""With the speed-ups (DIET's weights built eagerly, the graph run in its worked-out order, on the understanding
thread) the model understands every message exactly as with Rasa's own loading and running.

Loads the trained model twice, so it runs with the end-to-end tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa.core.agent import Agent
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.loading import load_data

from cso_advisor.operations.supervisor import MODEL
from tests.support.paths import PROJECT_DIR

pytestmark = pytest.mark.e2e


def held_out_messages() -> list[str]:
    return [example.get(TEXT) for example in load_data(str(PROJECT_DIR / "tests" / "nlu_test.yml")).training_examples]


async def understanding(messages: list[str]) -> list[tuple[str, float, list[Any]]]:
    agent = Agent.load(str(MODEL))
    parsed = [await agent.parse_message(message) for message in messages]
    return [
        (result["intent"]["name"], round(result["intent"]["confidence"], 6),
         [(entity["entity"], entity["value"]) for entity in result["entities"]])
        for result in parsed
    ]  # fmt: skip


async def test_the_speedups_understand_as_rasa_does(apply_speedups: Callable[[], None]) -> None:
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    messages = held_out_messages()
    assert len(messages) > 300

    as_rasa_loads = await understanding(messages)
    apply_speedups()
    sped_up = await understanding(messages)

    assert sped_up == as_rasa_loads
