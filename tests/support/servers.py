"""The layout of `make run` on free ports, for the end-to-end tests and the benchmarks.

servers = Servers(workdir); servers.start("actions", "rasa"); ...; servers.stop_all()
"""

from __future__ import annotations

import os
from pathlib import Path

from cso_advisor.operations.supervisor import (
    Supervisor,
    actions_command,
    answers,
    free_ports,
    portal_command,
    rasa_command,
)


def memory_mb(pid: int, field: str = "VmHWM") -> float:
    """A memory figure of the process from /proc: VmHWM is its peak resident memory, RssAnon the part of
    its present resident memory that is its own (the rest is pages of files, mostly shared libraries)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for process {pid}")


def cpu_seconds(pid: int) -> float:
    """The CPU time the process has used so far, in user and system mode together (from /proc)."""
    # The fields after the command's closing parenthesis start at the third, the state; utime and stime are 14 and 15.
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Servers(Supervisor):
    """The layout of `make run` on free ports, with this session's conversations in `<workdir>/conversations.db`."""

    def __init__(self, workdir: Path) -> None:
        self.actions_port, self.rasa_port, self.portal_port, self.foreign_portal_port = free_ports(4)
        self.rasa_url = f"http://127.0.0.1:{self.rasa_port}"
        self.portal_url = f"http://127.0.0.1:{self.portal_port}"
        self.foreign_portal_url = f"http://127.0.0.1:{self.foreign_portal_port}"
        self.conversations = workdir / "conversations.db"
        super().__init__(
            workdir,
            {
                "CSO_ALLOWED_ORIGINS": self.portal_url,
                "CSO_ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
                "CSO_TRACKER_STORE_URL": f"sqlite:///{self.conversations}",
            },
        )
        self.add("actions", actions_command(self.actions_port), answers(f"http://127.0.0.1:{self.actions_port}/health"))
        self.add("rasa", rasa_command(self.rasa_port), answers(f"{self.rasa_url}/"))
        for name, port in (("portal", self.portal_port), ("foreign_portal", self.foreign_portal_port)):
            self.add(name, portal_command(port, self.rasa_url), answers(f"http://127.0.0.1:{port}"))
