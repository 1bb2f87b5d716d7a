"""The personal roadmap: where someone stands on the guide's ladder, the way up, certifications, timeline and pay,
built from their profile and the knowledge base's answers."""

from __future__ import annotations

from collections.abc import Sequence

from cso_advisor.core.knowledge import Button, Entry, Reply, cited
from cso_advisor.core.roadmap.profile import Profile, with_article
from cso_advisor.core.roadmap.settings import Ladder


class Adviser(Ladder):
    """Builds the roadmap for a profile."""

    def rung_of(self, profile: Profile) -> int:
        """The index on the ladder of someone's job, or of the rung a neighbouring job counts as; -1 before the
        ladder or when unknown."""
        return self.rung_index(profile.role) if profile.role is not None and profile.role in self.role_by_id else -1

    def advise(self, profile: Profile) -> Reply:
        """The roadmap for this profile, as markdown with follow-up buttons."""
        ladder = [self.knowledge.entry(stage) for stage in self.settings.ladder]
        rung = self.rung_of(profile)
        next_stage = ladder[rung + 1] if rung + 1 < len(ladder) else None
        missing = self.missing_certifications(profile)
        focus = next_stage or ladder[-1]
        degree = self.degree_by_id.get(profile.degree or "")
        # Blank lines between sections: markdown would otherwise run a paragraph on into the list before it.
        sections = [
            f"**Your roadmap to CSO**\n_From what you told me: {self.describe(profile)}._",
            f"**Where you stand:** {self._standing(profile, rung, ladder)}",
            *self._way_up(ladder[rung + 1 :]),
            *self._background_advice(profile),
            f"**Certifications:** {self._certification_advice(profile, missing)}",
            f"**Build next,** the guide's tips for {_stage_name(focus)}:\n" + "\n".join(f"- {p}" for p in focus.points),
            self._timeline_section(profile, next_stage),
            f"**Pay at {'the next' if next_stage else 'your'} rung:** {self._pay(profile, next_stage)}",
            "**Degree:** "
            + (degree.advice if degree else "you didn't say. The guide calls a bachelor's degree the usual minimum."),
            'To change a detail, just tell me ("actually I have a master\'s"), or say start over.\n\n'
            + cited(self._sources(focus, at_the_top=next_stage is None)),
        ]
        buttons = [self.knowledge.button_to(focus.id)]
        if missing:
            buttons.append(self.knowledge.button_to(missing[0]))
        buttons.append(Button(title="Start over", payload="/start_over"))
        # The rung it points to is what "what should I focus on at that level?" asks about next.
        return Reply(text="\n\n".join(sections), buttons=buttons, answer_id=focus.id)

    def describe(self, profile: Profile) -> str:
        role = self.role_by_id.get(profile.role or "")
        parts = [role.title if role else "job not given"]
        parts.append("experience not given" if profile.years is None else f"{profile.years:g} years' experience")
        degree = self.degree_by_id.get(profile.degree or "")
        parts.append(degree.title if degree else "degree not given")
        if profile.certifications is None:
            parts.append("certifications not given")
        else:
            parts.append(", ".join(self._certification_title(c) for c in profile.certifications) or "no certifications")
        return " · ".join(parts)

    def missing_certifications(self, profile: Profile) -> list[str]:
        """The guide's certifications not held yet, in the recommended order; early-career ones only early on."""
        skipped = set(profile.certifications or ())
        rung = self.rung_of(profile)
        experienced = (profile.years or 0) >= self.settings.early_career_years
        in_the_field = profile.role is not None and profile.role not in self.settings.fresh_start_roles
        if rung >= 1 or (experienced and in_the_field):
            # "An IT manager of 12 years told to take the CEH next": the guide names it for new analysts.
            skipped |= set(self.settings.early_career_certifications)
        return [certification for certification in self.settings.certification_order if certification not in skipped]

    def _standing(self, profile: Profile, rung: int, ladder: list[Entry]) -> str:
        role = self.role_by_id.get(profile.role or "")
        if rung == len(ladder) - 1:
            return "you are at the top of the guide's ladder already. The advice below is for growing in the role."
        next_stage = _stage_name(ladder[rung + 1])
        if rung >= 0 and role is not None and role.id != ladder[rung].id:
            stage = _stage_name(ladder[rung])
            return (
                f"your work as {with_article(role.title)} counts as experience at the level of {stage}, rung "
                f"{rung + 1} of the guide's {len(ladder)}. Your next rung is **{next_stage}**."
            )
        if rung >= 0:
            stage = _stage_name(ladder[rung])
            return f"{stage} is rung {rung + 1} of the guide's {len(ladder)}. Your next rung is **{next_stage}**."
        if role is None:
            return (
                f"you didn't name a job I can place on the guide's ladder, so I start from the bottom: the first "
                f"rung is **{next_stage}**. If you work in IT or security, tell me your job title."
            )
        return (
            f"as {with_article(role.title)} you are before the guide's ladder, whose first rung is "
            f"**{next_stage}**, the usual starting point in security."
        )

    @staticmethod
    def _way_up(stages: list[Entry]) -> list[str]:
        """The rungs still ahead, as a section, when there is more than the next one."""
        if len(stages) < 2:
            return []
        return ["**The way up:** " + " → ".join(_stage_name(stage) for stage in stages)]

    def _background_advice(self, profile: Profile) -> list[str]:
        """What the guide says to someone from this job, as a section, if the roadmap settings hold it."""
        role = self.role_by_id.get(profile.role or "")
        if role is None or role.advice is None:
            return []
        return [f"**From your background:** {role.advice[0].upper()}{role.advice[1:]}"]

    def _certification_advice(self, profile: Profile, missing: list[str]) -> str:
        count = self.settings.next_certifications
        names = [self._certification_title(c) for c in missing]
        if not names:
            text = "you hold every certification the guide names."
        elif len(names) <= count:
            text = f"next, {_join(names)}."
        else:
            text = f"next, {_join(names[:count])}; later, {_join(names[count:])}."
        others = [c for c in profile.certifications or () if c not in self.settings.certification_order]
        if others:
            text += f" Your {_join(others)} is a good base, though the guide does not name it."
        return text

    def _timeline_section(self, profile: Profile, next_stage: Entry | None) -> str:
        """How long the way ahead may take; at the top of the ladder, where the guide says a CSO may go later."""
        if next_stage is None and self.settings.beyond_the_ladder:
            return f"**Further on:** {self.knowledge.answer(self.settings.beyond_the_ladder).summary}"
        return f"**Timeline:** {self._timeline(profile)}"

    def _timeline(self, profile: Profile) -> str:
        span = self.settings.years_to_cso
        text = f"the guide puts the road to CSO at about {span.minimum}-{span.maximum} years of experience."
        if profile.years is None:
            return text + " Tell me your years of experience for an estimate."
        if profile.years >= span.maximum:
            return text + f" With {profile.years:g}, you have the years; the next rungs are what's left."
        if profile.years >= span.minimum:
            return text + f" With {profile.years:g}, you are within that range; the next rungs matter more than time."
        low, high = span.minimum - profile.years, span.maximum - profile.years
        return text + f" With {profile.years:g}, expect roughly {low:g}-{high:g} more years."

    def _pay(self, profile: Profile, next_stage: Entry | None) -> str:
        stage_id = next_stage.id if next_stage else self.settings.ladder[-1]
        band_id = self.band_at(stage_id, profile.years or 0)
        if band_id is None:
            band = self.knowledge.entry(self.settings.first_cso_band)
            return (
                f"the guide gives no pay figure for {_stage_name(next_stage or self.knowledge.entry(stage_id))}; "
                f"for comparison, {band.summary[0].lower()}{band.summary[1:]}"
            )
        return self.knowledge.entry(band_id).summary

    def _sources(self, focus: Entry, at_the_top: bool = False) -> list[str]:
        """The guide sections the roadmap draws on: the stage, certifications, timeline (or what lies beyond the
        top) and pay."""
        beyond = self.settings.beyond_the_ladder if at_the_top else None
        answers = [
            focus,
            self.knowledge.topic_of(self.settings.certification_order[0]).overview,
            self.knowledge.answer(beyond or self.settings.years_to_cso.source),
            self.knowledge.topic_of(self.settings.first_cso_band).overview,
        ]
        return list(dict.fromkeys(answer.source[0] for answer in answers))

    def _certification_title(self, certification: str) -> str:
        if self.knowledge.has(certification):
            return self.knowledge.entry(certification).title.split(":")[0]
        return certification


def _stage_name(stage: Entry) -> str:
    return stage.title.split(":")[0]


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
