"""What is known of a person: their profile as the roadmap form gathers it, and the background a message tells."""

from __future__ import annotations

from dataclasses import dataclass

from cso_advisor.core.roadmap.settings import Role


class InvalidAnswer(ValueError):
    """A reply that cannot be the detail asked for; the message says why. `understood` is False when the
    reply holds nothing that looks like the detail at all (it may be another question)."""

    def __init__(self, message: str, understood: bool = True) -> None:
        super().__init__(message)
        self.understood = understood


@dataclass(frozen=True)
class Background:
    """What a message says about the person who wrote it, read without asking: the job, years, certifications."""

    role: Role | None = None
    years: float | None = None
    certifications: tuple[str, ...] = ()
    degree: str | None = None  # a degree held ("I have a BSc in information systems"), not one wanted
    # The message tells of the person's working life in words the roadmap cannot place: "I manage 5 sysadmins".
    story: bool = False
    pay_band: str | None = None  # the CSO pay band for the years it gives ("a CSO with 12+ years": senior)

    @property
    def described(self) -> bool:
        return (
            self.role is not None
            or self.years is not None
            or bool(self.certifications)
            or self.degree is not None
            or self.story
        )

    @property
    def answers(self) -> list[str]:
        """The knowledge answers that speak to this background: the role's `about`, and the pay band for its years."""
        return [*(self.role.about if self.role else []), *([self.pay_band] if self.pay_band else [])]

    @property
    def note(self) -> str:
        """A line for the end of an answer, tailored to the job, with the roadmap on offer."""
        advice = (
            f"\n\n**For you, as {with_article(self.role.title)}:** {self.role.advice}"
            if self.role and self.role.advice
            else ""
        )
        return advice + "\n\nFor a plan from where you stand today, ask for your personal roadmap."

    @property
    def offer(self) -> str:
        """The reply when the guide has no answer to the question as such: the roadmap is the way to answer it."""
        start = f"As {with_article(self.role.title)}: {self.role.advice}\n\n" if self.role and self.role.advice else ""
        return start + (
            "A personal roadmap answers that best: where you stand on the guide's ladder, what to do next "
            "and how long it may take."
        )


@dataclass(frozen=True)
class Profile:
    """What someone told the advisor; None where they did not say or skipped it."""

    role: str | None = None
    years: float | None = None
    degree: str | None = None
    certifications: tuple[str, ...] | None = None  # certification ids, or titles of others the guide does not name


def with_article(title: str) -> str:
    return title if title.startswith(("a ", "an ")) else ("an " if title[0].lower() in "aeiou" else "a ") + title
