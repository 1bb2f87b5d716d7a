"""`python -m cso_advisor.operations.start_all`: start the Procfile's processes with honcho, as `make run` does.

honcho exits with 130 after Ctrl-C and 143 after SIGTERM, which make reports as a failed recipe
(`make: *** [run] Error 130`). Stopping on request is how an operator ends the advisor, so it exits 0 here;
any other exit, such as a process that crashed, keeps its code.
"""

from __future__ import annotations

import sys

from honcho.command import main as honcho

STOPPED_ON_REQUEST = (130, 143)  # honcho's codes for SIGINT and SIGTERM: 128 + the signal's number


def main(argv: list[str]) -> int:
    try:
        honcho(["start", *argv])
    except SystemExit as stopped:
        if stopped.code in STOPPED_ON_REQUEST:
            print("All processes stopped.", flush=True)
            return 0
        raise
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
