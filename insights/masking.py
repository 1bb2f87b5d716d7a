"""Mask personal data in the messages an operator sees: email addresses, phone and other long numbers, URLs,
social media handles, credit card and social security numbers, credentials.

scrubadub's detectors are rules and checksums, with no model to download. Its email rule also reads
"me at jane.doe" as an address, which would leave the real address's domain showing in "reach me at
jane.doe@example.com"; a strict detector for addresses with an "@" runs beside it, and overlapping finds
are masked as one. Its phone rule knows one country's numbering plan, so any run of 7 or more digits is
masked as well: in a question about careers, such a number is far more likely a phone or an id than a fact.
Names are not found: that needs a language model (docs/privacy.md).
"""

from __future__ import annotations

import functools
import re

import scrubadub
import scrubadub.detectors
import scrubadub.filth


class NumberFilth(scrubadub.filth.Filth):  # type: ignore[misc]
    type = "number"


class StrictEmailDetector(scrubadub.detectors.RegexDetector):  # type: ignore[misc]
    filth_cls = scrubadub.filth.EmailFilth
    name = "strict_email"
    regex = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


class BareUrlDetector(scrubadub.detectors.RegexDetector):  # type: ignore[misc]
    """Addresses written without http:// or www, such as linkedin.com/in/jane-doe: a path makes them a page."""

    filth_cls = scrubadub.filth.UrlFilth
    name = "bare_url"
    regex = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S+", re.IGNORECASE)


class LongNumberDetector(scrubadub.detectors.RegexDetector):  # type: ignore[misc]
    filth_cls = NumberFilth
    name = "long_number"
    # Seven or more digits, optionally spaced or punctuated as phone and card numbers are written.
    regex = re.compile(r"\+?\(?\d(?:[\s().-]{0,2}\d){6,}")


@functools.lru_cache(maxsize=1)
def _scrubber() -> scrubadub.Scrubber:
    scrubber = scrubadub.Scrubber(locale="en_US")
    scrubber.add_detector(StrictEmailDetector)
    scrubber.add_detector(LongNumberDetector)
    scrubber.add_detector(BareUrlDetector)
    return scrubber


def mask(text: str) -> str:
    """`text` with each piece of personal data replaced by its kind, such as {{EMAIL}} or {{PHONE}}."""
    pieces, position = [], 0
    for filth in _scrubber().iter_filth(text):  # in order, overlapping finds merged
        pieces += [text[position : filth.beg], f"{{{{{_kind(filth)}}}}}"]
        position = filth.end
    return "".join(pieces) + text[position:]


def _kind(filth: scrubadub.filth.Filth) -> str:
    """The most specific kind among overlapping finds: PHONE rather than NUMBER for a phone number."""
    kinds = [part.type for part in getattr(filth, "filths", [filth])]
    return str(next((kind for kind in kinds if kind != NumberFilth.type), kinds[0])).upper()


def has_personal_data(text: str) -> bool:
    return any(True for _ in _scrubber().iter_filth(text))
