"""The servers' logs carry what an operator needs, not the deprecations of pinned dependencies."""

from __future__ import annotations

import pytest

from tests.support.conversation import Chat, new_sender
from tests.support.servers import Servers

pytestmark = pytest.mark.e2e


def test_no_deprecation_warning_at_start_or_per_message(servers: Servers, chat: Chat) -> None:
    sender = new_sender()
    for message in ["hi", "what does a senior CSO earn?", "what is the CISSP?", "/ask_salary", "thanks"]:
        assert chat(sender, message)

    for name in ("rasa", "actions"):
        log = (servers.workdir / f"{name}.log").read_text(errors="replace")
        assert "DeprecationWarning" not in log, f"{name}.log:\n{log[-3000:]}"
