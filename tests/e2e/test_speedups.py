"""The speed-ups (cso_advisor/rasa_plugins/server/speedups.py) change no answer: Rasa with them and Rasa's own
`rasa run` without them, beside each other on the same action server, reply the same to every step of the
scripted conversations (follow-ups, buttons, roadmaps) and of one long conversation."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from cso_advisor.operations.supervisor import Supervisor, answers, free_ports, rasa_command
from tests.support.layouts import running
from tests.support.servers import Servers
from tests.support.traffic import CONVERSATIONS, Step, play

pytestmark = pytest.mark.e2e

# Every typed message of the scripted conversations, one after another: a conversation of over 100 messages, in
# which the states before each action and the events sent to the action server have grown long.
LONG_CONVERSATION: list[Step] = [step for script in CONVERSATIONS for step in script if isinstance(step, str)]


@pytest.fixture(scope="module")
def plain_rasa_url(servers: Servers, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Rasa without the speed-ups, using the session's action server, with conversations of its own."""
    workdir: Path = tmp_path_factory.mktemp("plain_rasa")
    (port,) = free_ports(1)
    url = f"http://127.0.0.1:{port}"
    plain = Supervisor(
        workdir, {**servers.environment, "CSO_TRACKER_STORE_URL": f"sqlite:///{workdir / 'conversations.db'}"}
    )
    plain.add("rasa", rasa_command(port, speedups=False), answers(f"{url}/"))
    for _ in running(plain, lambda: plain.start("rasa")):
        yield url


@pytest.mark.parametrize(
    "script",
    [*CONVERSATIONS, LONG_CONVERSATION],
    ids=[*(f"scripted-{index}" for index in range(len(CONVERSATIONS))), "long"],
)
def test_rasa_with_the_speedups_replies_as_rasa_without_them(
    rasa_url: str, plain_rasa_url: str, script: list[Step]
) -> None:
    sender = f"speedups-{uuid.uuid4().hex}"

    with_speedups = play(rasa_url, sender, script)
    without = play(plain_rasa_url, sender, script)

    assert with_speedups == without
    assert len(with_speedups) == len(script)
