"""Start the action server, but only on a valid knowledge base.

`rasa run actions` would start on a broken one and fail at the first question;
this entry point checks the whole knowledge base first and refuses to start.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

from actions.actions import default_knowledge_base, default_roadmap, knowledge_dir
from actions.knowledge import KnowledgeBaseError
from server.quiet import filter_pinned_deprecations


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m actions", description=__doc__)
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: localhost only)")
    parser.add_argument("--check", action="store_true", help="only validate the knowledge base, then exit")
    args = parser.parse_args()

    try:
        knowledge = default_knowledge_base()
        default_roadmap()
    except KnowledgeBaseError as error:
        print(f"Refusing to start: the knowledge base in {knowledge_dir()} is invalid.", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 2
    print(f"Knowledge base OK: {len(knowledge.topics)} topics and the roadmap from {knowledge_dir()}", flush=True)
    if args.check:
        return 0

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
