"""Start the action server, but only on a valid knowledge base.

`rasa run actions` would start on a broken one and fail at the first question; this entry point
loads the whole knowledge base first and refuses to start, naming every problem
(`python -m cso_advisor.core.check` names them without starting anything).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from actions.actions import default_knowledge_base, default_roadmap
from cso_advisor.core.check import invalid, summary
from cso_advisor.core.knowledge import KnowledgeBaseError, knowledge_dir
from cso_advisor.rasa_plugins.server.quiet import filter_pinned_deprecations


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: localhost only)")
    args = parser.parse_args()

    try:
        knowledge = default_knowledge_base()
        default_roadmap()
    except KnowledgeBaseError as error:
        print(f"Refusing to start. {invalid(knowledge_dir(), error)}", file=sys.stderr)
        return 2
    print(summary(knowledge, knowledge_dir()), flush=True)

    filter_pinned_deprecations()
    from rasa_sdk import endpoint  # imported late: only a valid knowledge base gets this far

    log_format = "%(asctime)s %(levelname)s %(name)s: %(message)s"
    logging.basicConfig(level=logging.INFO, format=log_format)
    # Sanic's access records keep the request and status in fields of their own and an empty message, so the
    # format above would print a blank line per action call; this one prints the call.
    access = logging.StreamHandler()
    access.setFormatter(logging.Formatter(log_format.replace("%(message)s", "%(request)s %(status)s %(byte)s bytes")))
    access_log = logging.getLogger("sanic.access")
    access_log.addHandler(access)
    access_log.propagate = False
    os.environ["SANIC_HOST"] = args.host  # rasa_sdk reads the interface from here
    endpoint.run("actions", port=args.port, cors_origins=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
