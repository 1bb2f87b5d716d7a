import pytest

from cso_advisor.core.spelling import Spelling

VOCABULARY = ["security", "engineer", "director", "manager", "cissp", "cism", "cisa", "crisc", "risk", "career"]


@pytest.mark.parametrize(
    ("text", "corrected"),
    [
        ("Secuirty enginner, 6 yrs", "security engineer, 6 yrs"),
        ("my carreer so far", "my career so far"),
        # The first letter decides between two slips: the CRISC, not risk.
        ("CISSP and CRISK", "CISSP and crisc"),
        # A rare word far rarer than the vocabulary word a slip away is that word.
        ("secuirty manger at a bank", "security manager at a bank"),
        # Common words, however close, and slips that could be either of two words stay.
        ("I run Active Directory and managed the team", "I run Active Directory and managed the team"),
        ("I hold the CISP", "I hold the CISP"),
        # Words too short to tell apart, and words the vocabulary has, stay.
        ("sec+ and the cism", "sec+ and the cism"),
    ],
)
def test_only_a_word_english_does_not_know_is_put_right(text: str, corrected: str) -> None:
    assert Spelling(VOCABULARY).correct(text) == corrected
