"""How a message and the knowledge base are worded before the models read them: the role's many names as one,
"IT" and the degrees spelled out. Both the search and DIET's sentence features use it, so a change here needs
retraining (the Makefile's model depends on this file); wording the ranking alone reads lives in search.py.
"""

from __future__ import annotations

import functools
import re

from nltk.stem.snowball import SnowballStemmer

# The role goes by many names; one spelling keeps "CISO" from reading as "CISA" and "chief security officers"
# from matching the Association of Chief Security Officers on its words alone. "Security exec" too: read as itself,
# "how much law does a security exec need to know?" is nearer to any skill than to the legal step.
_ROLE_NAMES = re.compile(
    r"\b(chief (information |cyber ?)?security officers?|c\.?i\.?s\.?o\.?s?"
    r"|(cyber ?)?security (chiefs?|execs?|executives?))\b",
    re.IGNORECASE,
)


# Typed in lower case, "IT" reads as the pronoun "it" (and is a stop word), and "masters" is no degree to either
# model: "what it skills does a cso need?", "do I need a masters?".
_INFORMATION_TECHNOLOGY = re.compile(
    r"\bIT\b|\bit(?= (skills?|knowledge|background|support|experience|department|manager|team|jobs?|roles?|work)\b)"
)
_DEGREES = re.compile(r"\b(master|bachelor)s\b(?! degree)", re.IGNORECASE)
# Chat shorthand that neither model reads as the words it stands for: "do u need to manage ppl?", "wat it jobs help?".
_SHORTHAND = {
    "u": "you", "ur": "your", "r": "are", "ppl": "people", "bc": "because", "abt": "about", "wat": "what",
    "wats": "what is", "whats": "what is",
}  # fmt: skip
_SHORTHAND_WORD = re.compile(r"(?<![\w.'])(" + "|".join(_SHORTHAND) + r")(?![\w.'])", re.IGNORECASE)


def canonical(text: str) -> str:
    """The text with every name of the role written as CSO, and "IT", the degrees and chat shorthand spelled out."""

    def replace(match: re.Match[str]) -> str:
        return "CSOs" if match.group(0).lower().rstrip(".").endswith("s") else "CSO"

    text = _SHORTHAND_WORD.sub(lambda match: _SHORTHAND[match.group(1).lower()], text)
    text = _INFORMATION_TECHNOLOGY.sub("information technology", text)
    text = _DEGREES.sub(lambda match: f"{match.group(1)}'s degree", text)
    return _ROLE_NAMES.sub(replace, text)


# Words before the question that only frame it ("switching topics, do I need a master's?", "Honest question: ...",
# "Quora: ..."): they carry no meaning of their own and dilute the question's.
_PREAMBLE = re.compile(
    r"^\W*(?:(?:hi|hey|hello|ok(?:ay)?|so|also|btw|by the way|quora|reddit|question|just curious|out of curiosity|"
    r"(?:switching|changing|change of|new|different|another) (?:topics?|subject|question)|"
    r"(?:quick|honest|serious|random|dumb|silly|stupid|simple|general|side|follow-up) question|"
    r"one (?:more|last) (?:thing|question))\s*[,:;.!-]\s*)+",
    re.IGNORECASE,
)


def without_preamble(text: str) -> str:
    """The message without the words that frame its question; the whole message if nothing else is left."""
    return _PREAMBLE.sub("", text) or text


# "What do CISOs earn?", "how much does a CSO make?", "CSO salary?": pay asked about. "Earn the CISSP", "what skills
# make a good CISO", "does it pay off?" and "my company pays for one" (a course paid for) are not.
_PAY = re.compile(
    r"\b(salar(y|ies)|pay(?! off\b)(?! for (it|one|them|this|that|my|our|your|his|her)\b)|pays(?! off\b| for\b)|"
    r"paying(?! (dues|fees?|for|off|attention)\b)|paid|compensation|income|wages?)\b"
    # "make" as pay only where the sentence could end after it: not "make VP", "make up for it", "make you CSO".
    r"|\b(how much|what|what'?s)\b.*\b(make|makes|earn|earns)\b"
    r"(?=\s*([?.!,;]|$|(a|per|each|every) (year|month)|annually|yearly|in|as|at|on|now|today|there|then|starting|"
    r"to start|typically|usually|normally|and|or|after|once|when|if|compared|vs|versus|these days|right|over))"
    r"|\b(earn|earns|earning)\b(?! (a|an|the|my|your|their)\b)",
    re.IGNORECASE,
)


def asks_about_pay(text: str) -> bool:
    """Whether the text speaks of pay."""
    return bool(_PAY.search(text))


_STEMMER = SnowballStemmer("english")


@functools.lru_cache(maxsize=8192)
def stem(word: str) -> str:
    """The word's Snowball stem: "applying", "applications" and "apply" are one; "interview" is not "international"."""
    return str(_STEMMER.stem(word))
