"""Chat in the terminal with a running advisor (`make run`), through its REST channel."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid

import requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005", help="the Rasa server")
    args = parser.parse_args()
    try:
        requests.get(args.url, timeout=5).raise_for_status()
    except requests.RequestException:
        print(f"The advisor is not running at {args.url}. Start it with `make run` in another terminal.")
        return 1

    from rasa.core.channels.console import record_messages  # Rasa's own console, with its button menus

    asyncio.run(record_messages(sender_id=f"shell-{uuid.uuid4().hex}", server_url=args.url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
