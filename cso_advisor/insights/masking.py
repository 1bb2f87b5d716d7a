"""Mask personal data in the messages an operator sees: email addresses, phone and other long numbers, URLs,
social media handles, credit card and social security numbers, credentials.

scrubadub's detectors are rules and checksums, with no model to download. Its own email rule takes any
" at " before a dot for an address ("pay at 3.5 years", "at U.S. firms", and "me at jane.doe" in "reach me
at jane.doe@example.com", leaving the real domain showing), so two narrower rules replace it: addresses
with an "@", and addresses spelt out with " at " and " dot ". Its phone rule knows one country's numbering
plan, so any other run of 7 or more digits is masked too: in a question about careers, such a number is far
more likely a phone or an id than a fact. Year ranges ("2018-2023") are left alone. Names are not found:
that needs a language model (docs/insights.md).
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


class SpeltOutEmailDetector(scrubadub.detectors.RegexDetector):  # type: ignore[misc]
    """ "jane dot doe at gmail dot com": a domain spelt with " dot " tells it from "at U.S. firms"."""

    filth_cls = scrubadub.filth.EmailFilth
    name = "spelt_out_email"
    regex = re.compile(r"\b[\w.+-]+(?:\s+dot\s+[\w+-]+)*\s+at\s+[\w-]+(?:\s+dot\s+[\w-]+)+\b", re.IGNORECASE)


class BareUrlDetector(scrubadub.detectors.RegexDetector):  # type: ignore[misc]
    """Addresses written without http:// or www, such as linkedin.com/in/jane-doe: a path makes them a page."""

    filth_cls = scrubadub.filth.UrlFilth
    name = "bare_url"
    regex = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/\S+", re.IGNORECASE)


class LongNumberDetector(scrubadub.detectors.RegexDetector):  # type: ignore[misc]
    filth_cls = NumberFilth
    name = "long_number"
    # Seven or more digits, optionally spaced or punctuated as phone and card numbers are written; not a range
    # of years.
    regex = re.compile(r"(?<!\w)(?!(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\b)\+?\(?\d(?:[\s().-]{0,2}\d){6,}")


@functools.lru_cache(maxsize=1)
def _scrubber() -> scrubadub.Scrubber:
    scrubber = scrubadub.Scrubber(locale="en_US")
    scrubber.remove_detector("email")
    scrubber.add_detector(StrictEmailDetector)
    scrubber.add_detector(SpeltOutEmailDetector)
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
