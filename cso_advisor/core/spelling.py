"""Misspelt words put right against a vocabulary of the project's own before names are looked up: "secuirty
enginner" is a security engineer. Only a word that English does not know changes, or a rare one far rarer than the
word a slip away ("security manger"), and only to the one word of the vocabulary a single slip away (a letter
missing, added, wrong or swapped), one with the same first letter first. Common words ("Active Directory",
"managed") and slips that could be either of two words ("CISP": CISSP or CISM?) stay as they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from spellchecker import SpellChecker

MIN_LENGTH = 4  # a shorter word is a slip away from too many others ("sec", "soc")
# A word English knows is taken as typed unless it is rare (seen fewer times than this in the word list's corpus)
# and the vocabulary word a slip away is many times more common: "manger" (585) is a manager (36,577).
RARE_WORD = 1000
MORE_COMMON = 30
_WORD = re.compile(r"[A-Za-z]+")


@functools.lru_cache(maxsize=1)
def _english() -> SpellChecker:
    """The English word list, loaded on first use (about 0.15 s)."""
    return SpellChecker(distance=1)


class Spelling:
    """Puts misspelt words of a text right, to words of `vocabulary`."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self._vocabulary = frozenset(word for word in vocabulary if len(word) >= MIN_LENGTH and word.isalpha())
        # The roadmap reads one message several times (its job, its plan request, its certifications).
        self.correct = functools.lru_cache(maxsize=64)(self._correct)

    def _correct(self, text: str) -> str:
        """The text with each misspelt word replaced by its vocabulary word; everything else as it was."""
        return _WORD.sub(lambda match: self._word(match.group(0)), text)

    def _word(self, word: str) -> str:
        lowered = word.lower()
        if len(lowered) < MIN_LENGTH or lowered in self._vocabulary:
            return word
        english = _english()
        frequency = english[lowered]  # 0 for a word English does not know
        if frequency >= RARE_WORD:
            return word
        candidates = english.edit_distance_1(lowered) & self._vocabulary
        if frequency:
            candidates = {candidate for candidate in candidates if english[candidate] >= MORE_COMMON * frequency}
        # A slip rarely hits the first letter: "crisk" is the CRISC, not risk.
        candidates = {candidate for candidate in candidates if candidate[0] == lowered[0]} or candidates
        return candidates.pop() if len(candidates) == 1 else word
