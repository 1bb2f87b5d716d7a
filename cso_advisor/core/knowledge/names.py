"""How names are compared: an entry's names, a job title, a degree, as an editor or a visitor may write them."""

from __future__ import annotations

import re
import unicodedata


def normalise(name: str) -> str:
    """Lowercase, accents and punctuation folded, so 'Entry-Level' matches 'entry level'."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    words = re.sub(r"[^a-z0-9+]+", " ", folded).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)
