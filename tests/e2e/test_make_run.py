"""`make run` as an operator runs it, in a terminal: a start with no warnings, every line naming the process that
wrote it, and a clean stop on Ctrl-C (SIGINT to the terminal's foreground group) or SIGTERM (to make alone, as a
service manager sends it)."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from cso_advisor.operations.supervisor import free_ports
from tests.support.paths import PROJECT_DIR

pytestmark = pytest.mark.e2e

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
READY = "Rasa server is up and running."
# honcho's prefix: the time, then the process's name (`rasa.1`, `actions.1`, `portal.1`, or `system` for its own).
_PREFIXED = re.compile(r"^\d\d:\d\d:\d\d (rasa\.1|actions\.1|portal\.1|system) +\| ")


def run_until(process: subprocess.Popen[bytes], terminal: int, text: str, timeout: float) -> str:
    """What the terminal showed until `text` appeared, or the process ended, or the time ran out."""
    output, deadline = b"", time.monotonic() + timeout
    while text.encode() not in output and time.monotonic() < deadline:
        ready, _, _ = select.select([terminal], [], [], 0.5)
        if ready:
            try:
                output += os.read(terminal, 65536)
            except OSError:  # the terminal closed: everything on it has exited
                break
        elif process.poll() is not None:
            break
    return _ANSI.sub("", output.decode(errors="replace")).replace("\r\n", "\n")


def listening(port: int, within: float = 10.0) -> bool:
    """Whether the port accepts connections, given `within` seconds (Rasa logs it is up just before it binds)."""
    deadline = time.monotonic() + within
    while True:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)


@pytest.mark.parametrize(
    ("how", "signum"), [("Ctrl-C", signal.SIGINT), ("SIGTERM to make", signal.SIGTERM)], ids=["ctrl-c", "sigterm"]
)
def test_make_run_starts_quietly_and_stops_cleanly(how: str, signum: int, tmp_path: Path) -> None:
    rasa_port, actions_port, portal_port = free_ports(3)
    env = {key: value for key, value in os.environ.items() if not key.startswith("MAKE")}  # as typed by a person
    env |= {
        "RASA_PORT": str(rasa_port),
        "ACTIONS_PORT": str(actions_port),
        "PORTAL_PORT": str(portal_port),
        "CSO_TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'conversations.db'}",
    }
    terminal, side = pty.openpty()
    make = subprocess.Popen(
        ["make", "run"], stdin=side, stdout=side, stderr=side, cwd=PROJECT_DIR, env=env, start_new_session=True
    )
    os.close(side)
    try:
        started = run_until(make, terminal, READY, timeout=180)
        assert READY in started, started[-3000:]
        assert all(listening(port) for port in (rasa_port, actions_port, portal_port)), started[-3000:]

        if signum == signal.SIGINT:
            os.killpg(make.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        else:
            make.send_signal(signal.SIGTERM)
        stopped = run_until(make, terminal, "\0", timeout=30)  # read to the end
        code = make.wait(timeout=10)
    finally:
        if make.poll() is None:  # a failed test: stop it all the usual way, so no server outlives the test
            os.killpg(make.pid, signal.SIGTERM)
            make.wait(timeout=30)
        os.close(terminal)

    log = started.split("python -m cso_advisor.operations.start_all -f Procfile\n", 1)[1] + stopped
    lines = [line for line in log.splitlines() if line.strip()]
    assert "Warning" not in log, log
    assert [line for line in lines[:-1] if not _PREFIXED.match(line)] == [], log
    assert "All processes stopped." in lines[-1], log
    assert not re.search(r"make(\[\d+\])?: \*\*\*", stopped), f"{how}: {stopped}"
    assert code in (0, -signum), f"{how}: make ended with {code}"  # make re-raises the signal it got, as it should
    assert not any(listening(port, within=0) for port in (rasa_port, actions_port, portal_port)), (
        f"{how}: a process is left"
    )
