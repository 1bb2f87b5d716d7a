"""The shipped knowledge base carries the guide's facts, cites real sections, and is written anew."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from cso_advisor.core.knowledge import Answer, KnowledgeBase
from cso_advisor.core.roadmap import Roadmap
from tests.support.paths import KNOWLEDGE_DIR, PROJECT_DIR

GUIDE_IN_WORKSPACE = Path("shared/guide/how-to-become-a-cso.txt")


def _guide_path() -> Path:
    """The guide: CSO_GUIDE, else beside this checkout, else beside the repository it was cloned from (CI clones
    the project to a fresh directory, `git clone . /tmp/x`, away from the workspace's shared folder)."""
    if "CSO_GUIDE" in os.environ:
        return Path(os.environ["CSO_GUIDE"])
    origin = subprocess.run(
        ["git", "-C", str(PROJECT_DIR), "config", "--get", "remote.origin.url"], capture_output=True, text=True
    ).stdout.strip()
    places = [PROJECT_DIR.parent, *([Path(origin).resolve().parent] if origin and Path(origin).is_dir() else [])]
    return next((place / GUIDE_IN_WORKSPACE for place in places if (place / GUIDE_IN_WORKSPACE).exists()),
                places[0] / GUIDE_IN_WORKSPACE)  # fmt: skip


@pytest.fixture(scope="module")
def guide() -> str:
    path = _guide_path()
    if not path.exists():
        pytest.fail(f"the career guide is not at {path}; set CSO_GUIDE to its path")
    return path.read_text(encoding="utf-8")


def _answers(knowledge: KnowledgeBase) -> list[Answer]:
    answers: list[Answer] = []
    for topic in knowledge.topics:
        answers.append(topic.overview)
        answers.extend(topic.entries)
    return answers


@pytest.fixture(scope="module")
def all_text(knowledge: KnowledgeBase) -> str:
    parts = []
    for answer in _answers(knowledge):
        parts.append(answer.to_markdown())
        parts.extend(getattr(answer, "aliases", []))
    return "\n".join(parts)


def _written(knowledge: KnowledgeBase) -> list[tuple[str, list[str], str]]:
    """Every text users read, as (title, the guide sections it cites, its summary and points): each answer,
    each answer's `more`, and the roadmap's degree advice."""
    texts: list[tuple[str, list[str], str]] = []
    for answer in _answers(knowledge):
        texts.append((answer.title, answer.source, "\n".join([answer.summary, *answer.points])))
        if answer.more is not None:
            sections = answer.more.source or answer.source
            texts.append((answer.more.title, sections, "\n".join([answer.more.summary, *answer.more.points])))
    roadmap = Roadmap.load(knowledge, KNOWLEDGE_DIR)
    texts.extend((f"roadmap advice: {degree.title}", [], degree.advice) for degree in roadmap.settings.degrees)
    return texts


def test_every_source_is_a_section_of_the_guide(knowledge: KnowledgeBase, guide: str) -> None:
    lines = {line.strip() for line in guide.splitlines()}
    for title, sources, _ in _written(knowledge):
        for source in sources:
            assert source in lines, f"{title!r} cites {source!r}, which is no line of the guide"


def test_no_sentence_is_copied_from_the_guide(knowledge: KnowledgeBase, guide: str) -> None:
    guide_words = " ".join(re.findall(r"[a-z0-9$,+]+", guide.lower().replace("’", "'")))
    for _, _, text in _written(knowledge):
        for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
            words = re.findall(r"[a-z0-9$,+]+", sentence.lower().replace("’", "'"))
            if len(words) >= 10:
                assert " ".join(words) not in guide_words, f"copied from the guide: {sentence!r}"


FACTS = [
    # salary bands: ranges and experience
    r"\$100,000",
    r"\$120,000",
    r"\$150,000",
    r"\$200,000",
    r"\$250,000\+",
    r"\$350,000\+",
    r"5\s*(?:-|–|to)\s*7 years",
    r"8\s*(?:-|–|to)\s*12 years",
    r"12\+ years",
    # timeline and work environment
    r"10\s*(?:-|–|to)\s*15 years",
    r"24/7",
    # certifications, by full name
    "Certified Information Systems Security Professional",
    "Certified Information Security Manager",
    "Certified Information Systems Auditor",
    "Certified in Risk and Information Systems Control",
    "Certified Protection Professional",
    "Physical Security Professional",
    "Certified Ethical Hacker",
    "Risk Management Professional",
    # organizations
    "Information Systems Security Association",
    "International Association of Privacy Professionals",
    "Association of Chief Security Officers",
    # career ladder
    "Security Analyst",
    "IT Security Manager",
    "Director of Security",
    "Vice President of Security",
    # the 15 skills
    "Risk Management",
    "Leadership",
    "Communication",
    "Technical Knowledge",
    "Regulatory Compliance",
    "Disaster Recovery",
    "Incident Response",
    "Strategic Planning",
    "Financial Acumen",
    "Teamwork",
    "Vendor Management",
    "Policy Development",
    "Training and Education",
    "Flexibility",
    "Problem-solving",
    # responsibility areas
    "Security Management",
    "Compliance and Governance",
    "Cyber Security",
    "Physical Security",
    "Budget",
    # work environment and outlook details
    "technology",
    "finance",
    "healthcare",
    "government",
    "consultant",
    "advisory board",
    r"\bAI\b",
    r"\bIoT\b",
    "MBA",
]


@pytest.mark.parametrize("fact", FACTS)
def test_the_guide_fact_is_in_the_knowledge_base(all_text: str, fact: str) -> None:
    # Acronyms must match as written; names and words in any case.
    flags = 0 if fact.startswith(r"\b") else re.IGNORECASE
    assert re.search(fact, all_text, flags=flags), f"{fact!r} is missing from knowledge/"
