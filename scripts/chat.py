"""Chat in the terminal with a running advisor (`make run`), through its REST channel. Answers are rendered as the
widget shows them (bold, italics, lists); the suggested questions come as a numbered menu: type a number to ask
one. Ctrl-D or Ctrl-C ends the chat."""

from __future__ import annotations

import argparse
import re
import sys
import uuid
from typing import Any

import requests
from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+\.)\s")


def as_markdown(text: str) -> Markdown:
    """The advisor's text as Markdown: each line break kept, as the widget keeps it, and a line after a list its own
    paragraph, not part of the last item ("_Source: ..._" after the points)."""
    lines = text.split("\n")
    kept = [
        f"\n{line}" if index and _LIST_ITEM.match(lines[index - 1]) and not _LIST_ITEM.match(line) else line
        for index, line in enumerate(lines)
    ]
    return Markdown("  \n".join(kept))


def show(console: Console, messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Print the advisor's messages after "bot>"; return the buttons of the last one that has any."""
    buttons: list[dict[str, Any]] = []
    for message in messages:
        reply = Table.grid(padding=(0, 1))
        reply.add_row("bot>", as_markdown(message.get("text") or ""))
        if message.get("buttons"):
            buttons = message["buttons"]
            menu = "\n".join(f"{number}. {button['title']}" for number, button in enumerate(buttons, 1))
            reply.add_row("", menu)
        console.print(reply)
    return buttons


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005", help="the Rasa server")
    args = parser.parse_args()
    console = Console(highlight=False)
    try:
        requests.get(args.url, timeout=5).raise_for_status()
    except requests.RequestException:
        console.print(f"The advisor is not running at {args.url}. Start it with `make run` in another terminal.")
        return 1
    sender = f"shell-{uuid.uuid4().hex}"
    buttons: list[dict[str, Any]] = []
    console.print("Ask the career advisor anything about becoming a CSO. Ctrl-D ends the chat.")
    while True:
        try:
            text = console.input("you> ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return 0
        if not text:
            continue
        # A number picks a suggested question; its payload goes to the advisor as the widget's button sends it.
        chosen = buttons[int(text) - 1] if text.isdigit() and 1 <= int(text) <= len(buttons) else None
        if chosen:
            console.print(Text(f"     {chosen['title']}", style="dim"))
        try:
            response = requests.post(
                f"{args.url}/webhooks/rest/webhook",
                json={"sender": sender, "message": chosen["payload"] if chosen else text},
                timeout=60,
            )
            response.raise_for_status()
        except requests.RequestException as problem:
            console.print(f"The advisor did not answer ({problem}). Is `make run` still running?")
            continue
        buttons = show(console, response.json())


if __name__ == "__main__":
    sys.exit(main())
