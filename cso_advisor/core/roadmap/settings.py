"""The roadmap's settings, from knowledge/roadmap/roadmap.yml: the ladder, the jobs, degrees and certifications
it knows, and its advice rules, checked against the knowledge base they point into. Content editors change them
without code."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import Field, ValidationError, conlist, validator

from cso_advisor.core.knowledge import Identifier, KnowledgeBase, KnowledgeBaseError, NonEmptyText, StrictModel

ROADMAP_FILE = Path("roadmap") / "roadmap.yml"  # inside the knowledge directory


class Role(StrictModel):
    id: Identifier
    title: NonEmptyText
    # A ladder stage, or None for jobs before the ladder. A neighbouring job may count as a stage: an IT manager's
    # experience is at the Security Analyst's level.
    rung: Identifier | None
    names: conlist(NonEmptyText, min_items=1)  # type: ignore[valid-type]
    # What the guide says to someone from this job, and the answers it comes from.
    advice: NonEmptyText | None = None
    about: tuple[Identifier, ...] = ()


class Degree(StrictModel):
    id: Identifier
    title: NonEmptyText
    names: conlist(NonEmptyText, min_items=1)  # type: ignore[valid-type]
    advice: NonEmptyText


class OtherCertification(StrictModel):
    title: NonEmptyText
    names: conlist(NonEmptyText, min_items=1)  # type: ignore[valid-type]


class YearsToCso(StrictModel):
    minimum: int
    maximum: int
    source: Identifier


class Band(StrictModel):
    from_years: int
    band: Identifier


class Titles(StrictModel):
    """Titles built from a level and a security field, in either order ("VP, Cyber Risk", "Director of Physical &
    Corporate Security", "security engineering manager"), for jobs no role's names list."""

    fields: conlist(NonEmptyText, min_items=1)  # type: ignore[valid-type]
    levels: dict[Identifier, conlist(NonEmptyText, min_items=1)]  # type: ignore[valid-type]  # role id: level words
    # A job told as what the person leads: "I manage the security operations team", "I run a team of 7 security
    # analysts". `leads`: the verbs, by role id; `groups`: what is led.
    leads: dict[Identifier, conlist(NonEmptyText, min_items=1)] = Field(default_factory=dict)  # type: ignore[valid-type]
    groups: tuple[NonEmptyText, ...] = ()
    # A group led whole is led at a higher level: "I'm in charge of the entire security department". `whole`: the
    # words that say so, by role id.
    whole: dict[Identifier, conlist(NonEmptyText, min_items=1)] = Field(default_factory=dict)  # type: ignore[valid-type]
    # People who report to the writer place them above those people: "4 analysts report to me", "3 managers under
    # me", "I supervise 9 security officers", "a team of 6". `reports`: who reports, by the writer's role id; a team
    # whose members go unnamed places the writer at the lead verbs' role.
    reports: dict[Identifier, conlist(NonEmptyText, min_items=1)] = Field(default_factory=dict)  # type: ignore[valid-type]
    # Second to the top of the ladder: "number two to our CISO", "I stand in for the CSO". `seconds`: the words that
    # say so, by role id.
    seconds: dict[Identifier, conlist(NonEmptyText, min_items=1)] = Field(default_factory=dict)  # type: ignore[valid-type]
    # Someone who names only the field they work in ("6 years in infosec", "10 years of security experience", "a
    # cybersecurity professional") holds a job of this role.
    field_role: Identifier | None = None


class RoadmapSettings(StrictModel):
    ladder: conlist(Identifier, min_items=2)  # type: ignore[valid-type]
    roles: conlist(Role, min_items=1)  # type: ignore[valid-type]
    degrees: conlist(Degree, min_items=1)  # type: ignore[valid-type]
    certification_order: conlist(Identifier, min_items=1)  # type: ignore[valid-type]
    early_career_certifications: tuple[Identifier, ...] = ()
    early_career_years: float = 3  # working this long, early-career certifications are behind you
    # Jobs whose years are no experience in the field: early-career certifications still suit people from them.
    fresh_start_roles: tuple[Identifier, ...] = ()
    # Someone of school age who names no job ("I'm 16 and want to be a CSO") holds this role.
    school_age_role: Identifier | None = None
    # What the guide says comes after the top of the ladder (an answer id), told to someone there instead of a timeline.
    beyond_the_ladder: Identifier | None = None
    # A job told with its years that no name matches ("I've been a claims adjuster for 6 years") is of this role.
    unnamed_job_role: Identifier | None = None
    next_certifications: int
    other_certifications: tuple[OtherCertification, ...] = ()
    years_to_cso: YearsToCso
    # Words that ask for a personal plan ("what should my roadmap look like?", "where do I start?").
    plan_requests: conlist(NonEmptyText, min_items=1, unique_items=True)  # type: ignore[valid-type]
    titles: Titles | None = None
    way_answers: conlist(Identifier, min_items=1)  # type: ignore[valid-type]
    salary_at_rung: dict[Identifier, conlist(Band, min_items=1)]  # type: ignore[valid-type]
    first_cso_band: Identifier

    @validator("years_to_cso")
    def _range(cls, years: YearsToCso) -> YearsToCso:
        if not 0 < years.minimum <= years.maximum:
            raise ValueError("minimum must be above 0 and at most maximum")
        return years


def _reference_problems(settings: RoadmapSettings, knowledge: KnowledgeBase) -> list[str]:
    """Every id the settings use must exist in the knowledge base, as the right kind of thing."""
    problems = []

    def check(where: str, reference: str, topic: str) -> None:
        if not knowledge.has(reference) or knowledge.topic_of(reference).id != topic:
            problems.append(f"{where}: '{reference}' is not an entry of the '{topic}' topic")

    for stage in settings.ladder:
        check("ladder", stage, "career_path")
    for role in settings.roles:
        if role.rung is not None and role.rung not in settings.ladder:
            problems.append(f"roles: role '{role.id}': rung '{role.rung}' is not on the ladder")
        for reference in role.about:
            if not knowledge.has(reference):
                problems.append(f"roles: role '{role.id}': about '{reference}' is not a topic or entry id")
    roles = {role.id for role in settings.roles}
    if settings.titles:
        problems += [
            f"titles: '{role}' is not a role id"
            for role in [
                *settings.titles.levels,
                *settings.titles.leads,
                *settings.titles.whole,
                *filter(None, [settings.titles.field_role]),
            ]
            if role not in roles
        ]
    problems += [
        f"fresh_start_roles: '{role}' is not a role id" for role in settings.fresh_start_roles if role not in roles
    ]
    if settings.school_age_role and settings.school_age_role not in roles:
        problems.append(f"school_age_role: '{settings.school_age_role}' is not a role id")
    if settings.beyond_the_ladder and not knowledge.has(settings.beyond_the_ladder):
        problems.append(f"beyond_the_ladder: '{settings.beyond_the_ladder}' is not a topic or entry id")
    if settings.unnamed_job_role and settings.unnamed_job_role not in roles:
        problems.append(f"unnamed_job_role: '{settings.unnamed_job_role}' is not a role id")
    problems += [
        f"way_answers: '{answer}' is not a topic or entry id"
        for answer in settings.way_answers
        if not knowledge.has(answer)
    ]
    for certification in settings.certification_order:
        check("certification_order", certification, "certifications")
    for certification in settings.early_career_certifications:
        if certification not in settings.certification_order:
            problems.append(f"early_career_certifications: '{certification}' is not in certification_order")
    for stage, bands in settings.salary_at_rung.items():
        if stage not in settings.ladder:
            problems.append(f"salary_at_rung: '{stage}' is not on the ladder")
        for band in bands:
            check(f"salary_at_rung: {stage}", band.band, "salary")
    check("first_cso_band", settings.first_cso_band, "salary")
    if not knowledge.has(settings.years_to_cso.source):
        problems.append(f"years_to_cso: source '{settings.years_to_cso.source}' is not a topic or entry id")
    return problems


def load_settings(knowledge: KnowledgeBase, directory: str | Path) -> RoadmapSettings:
    """`roadmap/roadmap.yml` from the knowledge directory; raise KnowledgeBaseError naming every problem."""
    path = Path(directory) / ROADMAP_FILE
    try:
        settings = RoadmapSettings.parse_obj(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeBaseError([f"{path}: cannot read the roadmap settings: {error}"]) from error
    except ValidationError as error:
        raise KnowledgeBaseError(
            [f"{path}: {'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()]
        ) from error
    problems = _reference_problems(settings, knowledge)
    if problems:
        raise KnowledgeBaseError([f"{path}: {problem}" for problem in problems])
    return settings


class Ladder:
    """The settings with the knowledge base they point into, indexed: what reading a profile and advising share."""

    def __init__(self, settings: RoadmapSettings, knowledge: KnowledgeBase) -> None:
        self.settings = settings
        self.knowledge = knowledge
        self.role_by_id = {role.id: role for role in settings.roles}
        self.degree_by_id = {degree.id: degree for degree in settings.degrees}

    def band_at(self, stage_id: Identifier, years: float) -> str | None:
        """The pay band at a rung for this many years of experience (`salary_at_rung`); None where it gives none."""
        bands = self.settings.salary_at_rung.get(stage_id) or []
        fitting = [band.band for band in bands if band.from_years <= years]
        return fitting[-1] if fitting else None

    def rung_index(self, role_id: str) -> int:
        rung = self.role_by_id[role_id].rung
        return self.settings.ladder.index(rung) if rung else -1
