"""Personal data is masked in what operators see; career questions are left as typed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cso_advisor.insights.masking import has_personal_data, mask


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("you can reach me at jane.doe@example.com thanks", "you can reach me at {{EMAIL}} thanks"),
        ("jane dot doe at gmail dot com", "{{EMAIL}}"),
        ("mail j_doe+cso@mail.example.co.uk", "mail {{EMAIL}}"),
        ("john at gmail dot com", "{{EMAIL}}"),
        ("call me on 415-555-0132", "call me on {{PHONE}}"),
        ("+44 20 7946 0018 is my mobile", "{{PHONE}} is my mobile"),
        ("ring 0151 23456789 after six", "ring {{NUMBER}} after six"),  # a German mobile number
        ("my card 4111 1111 1111 1111", "my card {{NUMBER}}"),
        ("ssn 123-45-6789", "ssn {{SOCIAL_SECURITY_NUMBER}}"),
        ("my profile: https://www.linkedin.com/in/jane-doe-123", "my profile: {{URL}}"),
        ("see linkedin.com/in/janedoe please", "see {{URL}} please"),
        ("i'm @janedoe on twitter", "i'm {{TWITTER}} on twitter"),
        ("a@b.com and c@d.org", "{{EMAIL}} and {{EMAIL}}"),
    ],
)
def test_personal_data_is_masked_by_kind(text: str, masked: str) -> None:
    assert mask(text) == masked
    assert has_personal_data(text)


@pytest.mark.parametrize(
    "text",
    [
        "what does a senior cso earn, $150,000 to $200,000?",
        "cso salary 120000 eur",
        "i have 10 years in security since 2014",
        "soc analyst 2018-2023, then 2019 – 2024 at a bank",
        "what do cisos earn at U.S. firms",
        "pay at 3.5 years in",
        "i worked at J.P. Morgan for 5 years",
        "salary at e.g. amazon",
        "is the pay at big tech better",
        "is the CISSP worth it at 50",
        "step 6 of 10",
        "",
    ],
)
def test_career_questions_are_left_as_typed(text: str) -> None:
    assert mask(text) == text
    assert not has_personal_data(text)


def test_masking_needs_no_network() -> None:
    """Imported and run in a fresh interpreter whose sockets refuse to connect."""
    program = (
        "import socket\n"
        "def refuse(*args): raise SystemExit(f'a network connection was attempted: {args}')\n"
        "socket.socket.connect = refuse\n"
        "from cso_advisor.insights.masking import mask\n"
        "print(mask('reach me at jane.doe@example.com or +1 415 555 0132'))\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False)

    assert (result.returncode, result.stdout.strip()) == (0, "reach me at {{EMAIL}} or {{PHONE}}"), result.stderr
