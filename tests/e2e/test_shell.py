"""`make shell` (scripts/chat.py) in a pseudo-terminal, against the real servers: answers rendered, suggested
questions as a numbered menu, never raw markdown or payloads."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from tests.support.paths import PROJECT_DIR

pytestmark = pytest.mark.e2e

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
PROMPT = "you> "


class Terminal:
    """A process on a pseudo-terminal: what it printed, and a way to type."""

    def __init__(self, command: list[str]) -> None:
        self._master, slave = pty.openpty()
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, cwd=PROJECT_DIR)
        os.close(slave)
        self.raw = ""

    def type(self, line: str) -> None:
        os.write(self._master, line.encode())

    def read_until_prompt(self, timeout: float = 60.0) -> str:
        """What it printed up to its next prompt, as the terminal got it (colours included)."""
        start, deadline = len(self.raw), time.monotonic() + timeout
        while PROMPT not in _ANSI.sub("", self.raw[start:]) and time.monotonic() < deadline:
            ready, _, _ = select.select([self._master], [], [], 0.5)
            if ready:
                self.raw += os.read(self._master, 65536).decode(errors="replace")
        assert PROMPT in _ANSI.sub("", self.raw[start:]), self.raw[start:]
        return self.raw[start:]

    def close(self) -> int:
        self.type("\x04")  # Ctrl-D
        code = self.process.wait(timeout=10)
        os.close(self._master)
        return code


@pytest.fixture
def shell(rasa_url: str) -> Iterator[Terminal]:
    terminal = Terminal([sys.executable, "scripts/chat.py", "--url", rasa_url])
    terminal.read_until_prompt()
    yield terminal
    if terminal.process.poll() is None:
        terminal.process.kill()


def test_an_answer_is_rendered_and_its_suggestions_are_a_numbered_menu(shell: Terminal) -> None:
    shell.type("what does a senior CSO earn?\n")
    printed = shell.read_until_prompt()
    plain = _ANSI.sub("", printed)

    assert "bot> Senior CSO salary" in plain
    assert "\x1b[1mSenior CSO salary" in printed  # bold, as the widget shows it
    assert "**" not in plain
    assert "_Source" not in plain
    assert re.search(r"^\s+1\. What does a lead CSO earn\?", plain, re.MULTILINE), plain
    assert "/ask_" not in plain  # no payloads
    assert "{" not in plain


def test_a_number_asks_the_suggested_question_and_ctrl_d_ends_the_chat(shell: Terminal) -> None:
    shell.type("what does a senior CSO earn?\n")
    menu = _ANSI.sub("", shell.read_until_prompt())
    first = re.search(r"^\s+1\. (.+)$", menu, re.MULTILINE)
    assert first is not None, menu

    shell.type("1\n")
    answer = _ANSI.sub("", shell.read_until_prompt())

    assert "Lead CSO salary" in answer, answer
    assert shell.close() == 0
