"""The personal roadmap: reading a background from messages, and the advice built from the knowledge base."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from cso_advisor.core.knowledge import KnowledgeBase, KnowledgeBaseError
from cso_advisor.core.roadmap import ROADMAP_FILE, InvalidAnswer, Profile, Roadmap
from tests.support.paths import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def roadmap() -> Roadmap:
    return Roadmap.load(KnowledgeBase.load(KNOWLEDGE_DIR), KNOWLEDGE_DIR)


def _read(roadmap: Roadmap, text: str) -> Profile:
    return Profile(
        role=roadmap.read_role(text),
        years=roadmap.read_years(text),
        degree=roadmap.read_degree(text),
        certifications=roadmap.read_certifications(text),
    )


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("I'm a network admin with 6 years and a Security+",
         Profile("network_administrator", 6, None, ("Security+",))),
        ("i work help desk, 2 yrs, no degree", Profile("it_support", 2, "none", None)),
        ("Security analyst with a CISSP and a bachelor's in CS",
         Profile("security_analyst", None, "bachelor", ("cissp",))),
        ("software developer, ten years, master's in computer science", Profile("developer", 10, "master", None)),
        ("I'm a senior network engineer", Profile("network_administrator", None, None, None)),
        ("I have an MBA and 15+ years as a Director of Security", Profile("director_of_security", 15, "mba", None)),
        ("18 months in IT support, no certs yet", Profile("it_support", 1.5, None, ())),
        ("SOC analyst, CEH and Certified Information Systems Security Professional",
         Profile("security_analyst", None, None, ("ceh", "cissp"))),
        ("actually I have a master's", Profile(None, None, "master", None)),
        ("sorry it's 8 years not 6", Profile(None, 8, None, None)),
        # Words that name the job and say there is no experience yet.
        ("2nd year computer science, no jobs yet, no certs", Profile("student", 0, None, ())),
        ("former cop, zero work experience in IT", Profile("law_enforcement", 0, None, None)),
        # A question is not a description: the CSO named as a goal or a subject is nobody's current job.
        ("what does a senior CSO earn?", Profile(None, None, None, None)),
        ("how do I get to CSO from where I am?", Profile(None, None, None, None)),
        ("I want to become a security director, I'm a sysadmin", Profile("system_administrator", None, None, None)),
        ("I'm the CISO of a small bank", Profile("chief_security_officer", None, None, None)),
        ("I'm already CSO at a mid-size bank, 3 years now", Profile("chief_security_officer", 3, None, None)),
        # A job, certification or degree asked about or wanted is not held.
        ("what does a security analyst do?", Profile(None, None, None, None)),
        ("whats the pay for a soc analyst", Profile(None, None, None, None)),
        ("should I get the CISSP or the CISM?", Profile(None, None, None, None)),
        ("I have a CISSP and want to get the CISM next", Profile(None, None, None, ("cissp",))),
        ("do I need a masters?", Profile(None, None, None, None)),
        ("is an MBA worth it for me", Profile(None, None, None, None)),
        ("is a master's still worth it at my age?", Profile(None, None, None, None)),
        # The school someone works at is no degree, nor the years a plan spans experience.
        ("I coach football at a high school", Profile(None, None, None, None)),
        ("security analyst, can you make me a 5 year plan", Profile("security_analyst", None, None, None)),
        # A certification wanted in one sentence says nothing of the next.
        ("do these certs need upkeep? got my CISM last year", Profile(None, None, None, ("cism",))),
        # "Sec" is security; "HS" is high school.
        ("sec manager at a bank", Profile("it_security_manager", None, None, None)),
        ("Senior in HS, need to pick a major soon", Profile("student", None, None, None)),
        # A school age with no job named is a student's; years into a career are not an age.
        ("I'm 16 and I want to be a CSO when I'm older", Profile("student", None, None, None)),
        ("I'm 12 years into infosec", Profile(None, 12, None, None)),
    ],
)  # fmt: skip
def test_a_message_gives_every_detail_it_names_and_nothing_else(
    roadmap: Roadmap, message: str, expected: Profile
) -> None:
    assert _read(roadmap, message) == expected


def _reader(roadmap: Roadmap, detail: str) -> Callable[..., object]:
    readers: dict[str, Callable[..., object]] = {
        "role": roadmap.read_role,
        "years": roadmap.read_years,
        "degree": roadmap.read_degree,
        "certifications": roadmap.read_certifications,
    }
    return readers[detail]


@pytest.mark.parametrize(
    ("detail", "reply", "expected"),
    [
        ("years", "6", 6),
        ("years", "six", 6),
        ("years", "about 4 years", 4),
        ("years", "2.5", 2.5),
        ("years", "none", 0),
        ("years", "just starting", 0),
        ("degree", "bachelor's", "bachelor"),
        ("degree", "BSc in computer science", "bachelor"),
        ("degree", "none", "none"),
        ("degree", "PhD", "doctorate"),
        ("certifications", "none", ()),
        ("certifications", "zero certs so far", ()),
        ("certifications", "CISSP and CEH", ("cissp", "ceh")),
        ("certifications", "comptia security+", ("Security+",)),
        ("role", "other field", "other_field"),
        ("role", "pen tester", "security_analyst"),
        ("role", "CISO", "chief_security_officer"),
        ("role", "i work in a soc, tier 2", "security_analyst"),
        # The job held now, not the one the person started in.
        (
            "role",
            "I started as a security guard and worked my way up; now I'm the corporate security manager",
            "it_security_manager",
        ),
        ("role", "i'm a security analyst, was a sysadmin before", "security_analyst"),
        ("role", "second year of a computer science degree", "student"),
    ],
)
def test_a_bare_reply_answers_the_question_asked(roadmap: Roadmap, detail: str, reply: str, expected: object) -> None:
    read = _reader(roadmap, detail)

    assert read(reply, asked=True) == expected
    if detail != "role" and expected not in (0, ()):
        assert read(reply) in (None, expected)  # outside the question a bare "6" or "none" means nothing


@pytest.mark.parametrize(
    ("detail", "reply", "understood", "says"),
    [
        ("years", "-3 years", True, "can't be negative"),
        ("years", "60 years", True, "more than a working life"),
        ("years", "banana", False, "didn't catch a number"),
        ("degree", "banana", False, "didn't catch a degree"),
        ("certifications", "banana", False, "didn't recognise a certification"),
        ("role", "banana", False, "didn't recognise that as a job"),
        # The goal is not the job held, even when the job was asked for.
        ("role", "what should my plan be to get to ciso?", False, "didn't recognise that as a job"),
    ],
)
def test_an_unusable_reply_is_refused_with_a_reason(
    roadmap: Roadmap, detail: str, reply: str, understood: bool, says: str
) -> None:
    read = _reader(roadmap, detail)

    with pytest.raises(InvalidAnswer, match=says) as refused:
        read(reply, asked=True)
    assert refused.value.understood is understood


@pytest.mark.parametrize("reply", ["skip", "Skip!", "I'd rather not say", "pass", "not sure"])
def test_skip_is_recognised(roadmap: Roadmap, reply: str) -> None:
    assert roadmap.is_skip(reply)


# Ten people, from a student to a CISO: where they stand, what to get next, and what to expect.
PROFILES = [
    pytest.param(
        Profile("network_administrator", 6, "bachelor", ("Security+",)),
        [
            r"before the guide's ladder, whose first rung is \*\*Security Analyst\*\*",
            # No CEH: six years running networks are past the early career the guide names it for.
            r"\*\*Certifications:\*\* next, CISSP, CISM and CRISC; later, CISA, RMP, CPP and PSP\.",
            r"Your Security\+ is a good base, though the guide does not name it",
            r"tips for Security Analyst:\n- \*\*Stay updated",
            r"With 6, expect roughly 4-9 more years",
            r"no pay figure for Security Analyst; for comparison, an entry-level CSO earns .*\$100,000 – \$120,000",
            r"Your bachelor's meets the guide's usual minimum",
        ],
        id="network admin, 6 years",
    ),
    pytest.param(
        Profile("student", 0, "none", ()),
        [
            r"as a student you are before the guide's ladder",
            r"next, CEH, CISSP and CISM",
            r"With 0, expect roughly 10-15 more years",
            r"Most CSOs hold a bachelor's degree.*possible but hard",
        ],
        id="student",
    ),
    pytest.param(
        Profile("other_field", 15, "bachelor", ()),
        [r"next, CEH, CISSP and CISM"],  # fifteen years of teaching start the field afresh: CEH still suits
        id="career changer, 15 years",
    ),
    pytest.param(
        Profile("security_analyst", 3, "bachelor", ("ceh", "cissp")),
        [
            r"Security Analyst is rung 1 of the guide's 5\. Your next rung is \*\*IT Security Manager\*\*",
            r"next, CISM, CRISC and CISA; later, RMP, CPP and PSP\.",
            r"tips for IT Security Manager:\n- \*\*Policy creation",
            r"With 3, expect roughly 7-12 more years",
            r"no pay figure for IT Security Manager",
        ],
        id="security analyst, 3 years",
    ),
    pytest.param(
        Profile("it_security_manager", 9, "master", ("cissp", "cism")),
        [
            r"rung 2 of the guide's 5\. Your next rung is \*\*Director of Security\*\*",
            r"next, CRISC, CISA and RMP; later, CPP and PSP\.",  # no CEH: it is for the first rung
            r"tips for Director of Security:\n- \*\*Strategic planning",
            r"With 9, expect roughly 1-6 more years",
            r"Your master's goes beyond",
        ],
        id="IT security manager, 9 years",
    ),
    pytest.param(
        Profile("director_of_security", 12, "mba", ("cissp", "cism", "cisa")),
        [
            r"Your next rung is \*\*Vice President of Security\*\*",
            r"next, CRISC, RMP and CPP; later, PSP\.",
            r"With 12, you are within that range",
            r"Pay at the next rung:\*\* At the top band, a principal CSO or Vice President of Security .*\$250,000",
            r"Your MBA covers the business side",
        ],
        id="director, 12 years",
    ),
    pytest.param(
        Profile("vp_of_security", 14, "bachelor", ("cissp", "cism", "cisa", "crisc", "rmp", "cpp", "psp")),
        [
            r"Your next rung is \*\*Chief Security Officer\*\*",
            r"you hold every certification the guide names",
            r"tips for Chief Security Officer:\n- \*\*Strategic leadership",
            r"A senior CSO earns a median salary of \*\*\$150,000 – \$200,000",
        ],
        id="VP of security, 14 years",
    ),
    pytest.param(
        Profile("vp_of_security", 9, "bachelor", ("cissp",)),
        [r"A mid-level CSO earns a median salary of \*\*\$120,000 – \$150,000"],
        id="VP of security, 9 years",
    ),
    pytest.param(
        Profile("chief_security_officer", 20, "doctorate", ("cissp", "cism")),
        [
            r"you are at the top of the guide's ladder already",
            r"\*\*Further on:\*\*",
            r"Your doctorate goes well beyond",
        ],
        id="CISO, 20 years",
    ),
    pytest.param(
        Profile("chief_security_officer", 6, None, ("cissp",)),
        [
            r"\*\*Further on:\*\* Further into their careers, CSOs can work as independent consultants",
            r"\*\*Pay at your rung:\*\* An entry-level CSO",
            r"“Chief Security Officer \(CSO\) Work Environment”",
        ],
        id="CSO, 6 years: what lies beyond the top, not a timeline to it",
    ),
    pytest.param(
        Profile("it_manager", 12, "bachelor", ("cisa",)),
        [
            r"your work as an IT manager counts as experience at the level of Security Analyst, rung 1 of the "
            r"guide's 5\. Your next rung is \*\*IT Security Manager\*\*",
            r"\*\*From your background:\*\* Step 5 of the guide",
            r"next, CISSP, CISM and CRISC;",  # no CEH: 12 years are past the early career
        ],
        id="IT manager, 12 years",
    ),
    pytest.param(
        Profile("it_manager", 2, None, None),
        [r"as an IT manager counts as experience at the level of Security Analyst", r"next, CEH, CISSP and CISM"],
        id="IT manager, 2 years",  # CEH still: the first years on the first rung
    ),
    pytest.param(
        Profile("system_administrator", 12, None, None),
        [r"as a system administrator you are before the guide's ladder", r"\*\*Security Analyst\*\*"],
        id="sysadmin, 12 years",  # running IT systems is step 3's base, however long
    ),
    pytest.param(
        Profile("security_analyst", 5, None, ("cissp",)),
        [r"next, CISM, CRISC and CISA;"],  # CEH suits the first years on the first rung only
        id="security analyst, 5 years, CISSP",
    ),
    pytest.param(
        Profile("law_enforcement", 10, "none", ()),
        [
            r"as a police or military officer you are before",
            r"\*\*From your background:\*\* Step 2 of the guide counts experience in law enforcement",
            r"With 10, you are within that range",
            r"possible but hard",
        ],
        id="police officer, 10 years",
    ),
    pytest.param(
        Profile(),
        [
            r"job not given · experience not given · degree not given · certifications not given",
            r"you didn't name a job I can place on the guide's ladder, so I start from the bottom",
            r"Tell me your years of experience for an estimate",
            r"\*\*Degree:\*\* you didn't say",
        ],
        id="everything skipped",
    ),
]


@pytest.mark.parametrize(
    ("text", "role", "years", "answers"),
    [
        # The role's step; the CSO pay band only for a CSO's years, not another job's.
        ("I was a police officer for 20 years, could I become a CSO?", "law_enforcement", 20.0, ["step_2"]),
        ("sysadmin here, 8 yrs. which certs next?", "system_administrator", 8.0, ["step_3"]),
        # A CSO's years point to the pay band, and say nothing of the writer.
        ("what's typical pay for a CSO with 12+ years of experience?", None, None, ["senior"]),
        ("I've been CISO at a bank for 9 years. Is my pay normal?", "chief_security_officer", 9.0, ["mid_level"]),
        ("I've been in hospital IT for 8 years. What would I make as a new CSO?", None, 8.0, []),
        (
            "Director of Security, 14 years. What would a CSO job pay at my experience level?",
            "director_of_security",
            14.0,
            ["senior"],
        ),
        ("Fresh grad with a BS, no work experience yet. How do I get to CISO?", "student", 0.0, ["step_1"]),
        ("what does a senior CSO earn?", None, None, []),
        # Years to come are no experience; "no experience" without a job gives no years.
        ("I want to be a CSO in 10 years. What are the steps?", None, None, []),
        ("I've never worked with a CISO. What does one do?", None, None, []),
        ("how long does it take to become a CSO in years?", None, None, []),
        # Time spent looking for work, or out of it, is no experience either.
        ("Job-hunting for eight months now. Is that normal?", None, None, []),
        ("Security analyst for 4 years, then out of work 3 years. Where do I restart?", "security_analyst", 4.0, []),
    ],
)
def test_a_message_s_background_is_read_without_asking(
    roadmap: Roadmap, text: str, role: str | None, years: float | None, answers: list[str]
) -> None:
    background = roadmap.background(text)

    assert (background.role.id if background.role else None, background.years) == (role, years)
    assert background.answers == answers
    assert background.described == (role is not None or years is not None)


@pytest.mark.parametrize(
    ("text", "described"),
    [
        ("I manage 5 sysadmins and get paged at 3am. Is a CSO on call too?", True),
        ("I'm a teacher thinking of switching careers. How much do CSOs make?", True),
        ("my boss says I'd make a good CISO. what does one do all day?", True),
        ("I'm 41 and switching from logistics. Will CSO still be a growing role?", True),
        ("I supervise the night guards at a warehouse. Which certs cover physical security?", True),
        ("I'm terrible at presenting. How much does a CISO talk to the board?", True),
        ("I own all of security at a clinic chain and report to the CFO. What does a CSO do that I don't?", True),
        ("I fix laptops and reset passwords at a dental practice. Could I ever be a CISO?", True),
        ("I came up through audit, not very hands on. How technical does a CISO need to be?", True),
        ("I coach my kid's soccer team most evenings. Do CSOs work normal hours?", True),
        ("I keep the lights on for a dental clinic's IT. How do CISOs stay current?", True),
        ("I take care of the servers at a car dealer. Do CSOs need to code?", True),
        # A degree held tells of the person; one asked about or held by someone else does not.
        ("I have a BSc in information systems. What does an entry-level CSO earn?", True),
        ("do I need a master's to be a CISO?", False),
        ("what does a CSO with an MBA earn?", False),
        ("What do I do next if I want to be a CSO?", False),
        # A question about the future is no story.
        ("How do I handle stress as a CISO?", False),
        ("Would I love being a CSO?", False),
        ("I want to become a CSO one day. What certifications do I need?", False),
        ("what would I need to study for a CISO role?", False),
    ],
)
def test_a_life_story_the_ladder_cannot_place_still_describes_the_person(
    roadmap: Roadmap, text: str, described: bool
) -> None:
    assert roadmap.background(text).described is described


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Network admin for 7 years. What should my roadmap look like?", True),
        ("I'm a student. Where do I start?", True),
        ("Director of Security, 14 years. What's left before I can be CSO?", True),
        ("Help desk tech, 3 years. How do I get from here to CISO?", True),
        ("Air Force veteran, no degree. Where do I even start?", True),
        ("I'm a police sergeant. What would I need to do to become a CSO?", True),
        ("IT manager, 12 years. Which path makes most sense for me?", True),
        # A question about the way to the role, in the first person or about the way itself.
        ("SOC analyst, 4 yrs. How can I make the jump toward the CISO seat?", True),
        ("VP of security, 20 years. How do I land the CSO role?", True),
        ("Police sergeant, 15 years. Is CSO realistic for me, and how would I get there?", True),
        ("i do devops, 6 yrs. is there a way for me to become a ciso?", True),
        ("Security consultant, CISSP. What's the smartest way to progress to CISO?", True),
        ("Help desk, 2 years. What route should I take to reach CSO?", True),
        ("Analyst, 3 years. What do you suggest I focus on to move toward CSO?", True),
        # The way named with where it ends, and a request made without a question mark.
        ("Threat hunter, 5 yrs. Route into the CISO chair?", True),
        ("Network engineer for 9 years. Kindly draw up a plan for me.", True),
        ("Head of IT security, 10 yrs. Roadmap please", True),
        ("Security architect | CISSP | 12 yrs | Next: CISO? Plan pls", True),
        ("Analyst, 2 years. How do I get the CISO job one day?", True),
        ("Sysadmin, 9 years. What would it take for me to become a CISO?", True),
        ("Pen tester, 7 years. How would I get from breaking things to being the CISO?", True),
        ("GRC analyst, CRISC. Which moves get me to the CSO seat fastest?", True),
        ("IT security manager, 3 years. Where should I go next and what should I work on?", True),
        ("Network engineer, 7 years. What would you recommend for someone like me who wants to be a CSO?", True),
        ("Network engineer, 7 years. How should I prepare for the CISO role?", True),
        ("Could you tell me how someone with my background, 7 years in networking, becomes a CISO?", True),
        # After a story that names the goal, a question asking nothing in particular asks what to do.
        ("IT security manager, 6 years, CSO chair a long way off. What would you recommend?", True),
        ("MSP tech, 3 years, Security+. Point me in the right direction? End goal is CSO.", True),
        ("VP security 2 yrs, before that director 5 yrs. how close am i to cso & what to do now", True),
        ("Detective, 12 yrs. Could someone like me end up as a CSO? Map it out for me.", True),
        ("Bookkeeper, 15 years, doing CTFs at night. Where would someone like me even begin?", True),
        ("Paramedic, 9 years. What should a person in my situation do first?", True),
        ("GRC lead | ISO 27001 | 6 yrs | grateful for tips on moving up to CISO", True),
        ("Security engineer at a bank, 8 years, CISSP. So what's next for me?", True),
        # The count of next steps asked for changes nothing.
        ("Help desk, 2 years, A+. What are my next 3 steps toward CISO?", True),
        ("Security consultant, 7 years. What are the next three things I should do on the road to CSO?", True),
        # A headline's last part, a general question after the job held.
        ("Cloud security architect | 6 yrs | CCSP - advice?", True),
        ("SOC lead, 5 years. What would you suggest for reaching the CISO seat?", True),
        ("VP of security, 15 yrs, CISSP. What does my final step look like?", True),
        ("I reset passwords at a school. Could someone like me become a CISO? Talk me through it.", True),
        ("Awareness coordinator, 2 years. Where does someone like me go next on the way to CISO?", True),
        # A detail corrected after a roadmap, asking whether it changes the plan.
        ("Actually I've been the IT security manager for two years. Does that change things?", True),
        # A request made of an emphasis word: "now" is no mere emphasis in "what now?".
        ("Network admin, 10 years, no certs. So what now?", True),
        # A plan told and put up for review: is it the right one?
        ("SOC team lead, 5 years, CEH. Am I on the right track to CISO or am I missing something?", True),
        ("IT auditor, 4 years, CISA. Plan is GRC, then security management, then CISO. What would you change?", True),
        # Plan words of every kind, a question asked without its apostrophe or question mark among them.
        ("Nurse, 11 years, did a cyber bootcamp. if so whats the plan to get into security", True),
        ("Director of IT security, 15 yrs. whats the next step up for me", True),
        ("Bartender for 8 years. Honestly, what should I be working on first?", True),
        ("Security consultant, 6 years. Is there a path for someone like me to run security in-house?", True),
        ("I lead a team of 5 analysts, 9 years. What gap do I still need to close for the next level?", True),
        ("Director of security, 13 years. What does the last stretch look like?", True),
        ("Infosec mgr, team of 4. What would you prioritise in my place to get to the next level?", True),
        # Word orders and move verbs of every kind: "how I can", "pivot toward", "grow into".
        ("Desktop support in Manila, 2 yrs. How I can become CISO?", True),
        ("Business analyst, 8 years. How do I pivot toward being a CSO?", True),
        ("Compliance officer, 5 years. How do I grow into a CISO role?", True),
        ("SOC analyst, 4 years. What should my next 2 years look like if CISO is the goal?", True),
        # "what do I do?" asks what to do; an emphasis phrase ("on earth") changes nothing.
        ("Night-shift guard, studying for Security+. The dream is CISO. what do i do", True),
        ("Retail worker with a sociology degree, want to be a CSO. Where on earth do I start?", True),
        ("Sysadmin, 3 years. CSO is the goal. What are the steps?", True),
        ("Cook for 12 years, just started a bootcamp. Is CISO possible at 40? need a plan", True),
        ("I manage 5 sysadmins. Is a CSO an on-call kind of job?", False),
        ("I'm a security analyst with a CISSP", False),
        # The goal named on the way to another question, or pay on the way, is no request for a plan.
        ("Senior engineer, no reports. How do I get leadership experience, since I want to be CISO?", False),
        ("Student here. If I want to become a CSO, which extra courses would help most?", False),
        ("SOC analyst, 3 years. How much would I earn once I get to CSO?", False),
        ("Sysadmin, 6 years. How do I get the CISSP?", False),
        ("SOC analyst, 2 years. Any tips on passing the CISSP?", False),
        # The CISO as someone to reach, not a role to reach.
        ("SOC analyst, 3 years. How do I get noticed by the CISO at my company?", False),
        ("Security analyst, 2 yrs. How do I get my CISO to mentor me?", False),
        ("Sysadmin, 5 years. How can I get top marks on the CISSP exam?", False),
        ("could anyone mentor me on my way to becoming a ciso?", False),
        ("I'm a sysadmin. Can you tell me what the CISSP covers? Please keep it short.", False),
        ("Sysadmin, 5 years. Can you walk me through what the CISSP covers?", False),
        ("Director of security, 12 years. How should I prepare for a CISO interview?", False),
        ("Director of security, 12 years. How should I prepare for the CISO job interview?", False),
        ("Analyst, 3 years. Which certification would you recommend to become a CISO?", False),
        # Whether, not how: answered from the guide.
        ("I was a police officer for 20 years. Could I become a CSO?", False),
        ("Teacher, 12 years. So is it realistic for someone like me to end up as a CSO?", False),
        ("Security manager, 5 years. What does the CSO focus on then?", False),
    ],
)
def test_a_request_for_a_plan_is_told_from_other_questions(roadmap: Roadmap, text: str, asks: bool) -> None:
    assert roadmap.asks_for_plan(text) is asks


@pytest.mark.parametrize(
    ("text", "requests"),
    [
        ("i want a roadmap to cso pls", True),
        ("Plz make me a carreer plan for CISO", True),
        ("Hello. Please prepare for me a roadmap.", True),
        ("A step-by-step plan would be great.", True),
        ("whats my next step? i want to be a ciso someday", True),
        ("What does a CSO plan for in a budget year?", False),
        ("I plan to become a CSO. Please tell me about the pay.", False),
    ],
)
def test_a_plan_asked_for_outright_is_a_request_in_any_sentence(roadmap: Roadmap, text: str, requests: bool) -> None:
    assert roadmap.requests_a_plan(text) is requests


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # Of several jobs named, the one held now; the nearest word that dates a job counts.
        ("I spent 15 years as a police officer and retired as a sergeant. Two years ago I started over as a "
         "security analyst at a bank.", "security_analyst"),
        ("Retired from the state police after 20 years, and for the last 5 I've been corporate security manager.",
         "it_security_manager"),
        ("I started in retail loss prevention and worked my way up; today I'm the corporate security manager.",
         "it_security_manager"),
        ("Used to be a network admin (4 years), moved into our SOC 18 months ago as an analyst.", "security_analyst"),
        ("I was a SOC analyst back in 2015, then left tech. For the last seven years I've been a sales rep.",
         "other_field"),
        ("I'm an incident response consultant. Before that, 2 years help desk.", "security_analyst"),
        # Several dated now: the last named, as a career told in order ends with the job held now.
        ("moved to sysadmin, then to security analyst, then in 2022 I got promoted to IT security manager.",
         "it_security_manager"),
        # A field named as the employer's is not the job, nor a duty named after the job.
        ("I'm now the corporate security manager for a retail chain.", "it_security_manager"),
        ("I'm now the corporate security manager, responsible for loss prevention and CCTV.", "it_security_manager"),
        ("Started on the help desk in 2016, moved up to Windows sysadmin in 2019.", "system_administrator"),
        # Titles written the HR way.
        ("Manager, Security Operations at a pharma company.", "it_security_manager"),
        ("Director, Cyber Defense. I oversee the SOC.", "director_of_security"),
        ("Associate CISO (basically the deputy) at a large bank.", "vp_of_security"),
        ("I finished my bachelor in informatics last year and now I am searching a job.", "student"),
        # Titles built from a level and a field, in either order; the level named last is the job's.
        ("VP, Cyber Risk at an insurer", "vp_of_security"),
        ("Head, Information Risk, 11 years", "director_of_security"),
        ("Threat Intelligence Lead at a telco", "it_security_manager"),
        ("lead cyber analyst in a utility", "security_analyst"),
        # A field named with the level it is worked at; as a goal, no job held.
        ("I run security as Director for a logistics company.", "director_of_security"),
        ("I work in cybersecurity as an analyst, 3 years", "security_analyst"),
        ("I want to work in security as a manager one day", None),
        # Just out of school, no job yet.
        ("Just finished a BS in cybersecurity, no job yet.", "student"),
        ("Finishing my BSc in information systems this spring.", "student"),
        ("im in uni and want to be a ciso", "student"),
        # Only the field worked in: a job in it; experience wanted or missing is none.
        ("8 years in infosec, CISSP", "security_analyst"),
        ("I have worked in information security for 6 years", "security_analyst"),
        ("I have no experience in cybersecurity", None),
        ("how do I get some experience in security?", None),
        # A job told as what the person leads.
        ("I manage the security operations team at a hospital", "it_security_manager"),
        ("I run a team of 7 security analysts at a bank", "it_security_manager"),
        ("My boss runs the security team; I'm a sysadmin", "system_administrator"),
        ("I manage information security at a logistics firm", "it_security_manager"),
        ("I'm responsible for the security operations team", "it_security_manager"),
        # The whole department led: the guide's Director of Security is in charge of it.
        ("I'm in charge of the whole security department for three hospitals", "director_of_security"),
        ("I own the entire security function at our firm and report to the COO", "director_of_security"),
        ("I'd love to end up leading security for a hospital", None),
        ("I fix the printers for a law office. I'd like to end up running security somewhere.", None),
        # People who report to the writer place them, over a title that says less: a manager of managers directs.
        ("Three security engineers report to me at a fintech", "it_security_manager"),
        ("I supervise 12 guards on the site security night shift", "it_security_manager"),
        ("My title says Cyber Lead, but two managers report to me in the security group", "director_of_security"),
        # A team joined is not led, and a job off the ladder keeps its place.
        ("SOC analyst here; my team of 8 analysts covers the night shift", "security_analyst"),
        ("IT manager at a school, I lead a team of 4 techs and do security on the side", "it_manager"),
        # Second to the top of the ladder: the guide's Vice President of Security.
        ("I'm number two to the CISO at an insurer", "vp_of_security"),
        ("I stand in for our CSO when she travels", "vp_of_security"),
        # The work told instead of the title.
        ("I watch the SIEM all night and triage the alerts, 2 years now at an MSSP.", "security_analyst"),
        # A group led, its field told elsewhere in the message; without the field, nothing.
        ("I hire and lead the six-person team that monitors our network. 12 years in security.", "it_security_manager"),
        ("I lead the six-person team that runs our warehouse", None),
        ("I'm an engineer with a security clearance", None),
        # Misspelt titles, put right against the roadmap's own words.
        ("Senoir secuirty enginner at a bank", "security_analyst"),
        ("Directr of infromation security, 15 yrs", "director_of_security"),
        # A rare word a slip from a far commoner title word is that word; "info sec" is infosec.
        ("Secuirty manger at a credit union", "it_security_manager"),
        ("ISSO on a defense contract, 4 years", "security_analyst"),
        ("Information assurance officer at a state agency", "security_analyst"),
        ("blue teamer at an MSSP", "security_analyst"),
        ("Sr. InfoSec Eng at a bank", "security_analyst"),
        ("Section chief, information security. I manage a section of four.", "it_security_manager"),
        # A career told in order: the job of "the last" months or of "now" is the one held.
        ("Two years on the service desk, and the last year as a SOC analyst.", "security_analyst"),
        ("Ex-army, then a guard, and now I manage the plant's physical security team.", "it_security_manager"),
        ("info sec manager in a hospital group", "it_security_manager"),
        # A real word stays what it is: Active Directory is no director.
        ("I'm a sysadmin, I look after Active Directory", "system_administrator"),
        # A year in place of "I got": the job it was promoted to is held, not wanted.
        ("2012 help desk, 2017 security analyst, 2021 promoted to IT security manager, which I still am.",
         "it_security_manager"),
        # A job told with its years that no name matches is one outside IT; without its years it is no job.
        ("I've been a claims adjuster for 6 years.", "other_field"),
        ("I'm an HR generalist, 5 years, no certs.", "other_field"),
        ("10 years as an emergency manager for a county.", "other_field"),
        ("I'm a big fan of security podcasts.", None),
        ("I'm a CTO with 10 years in startups.", "it_manager"),
        # Undated, the first job named.
        ("Sysadmin who also covers the help desk", "system_administrator"),
        # A career listed with its years: the job held since a year, or to the present, is the one held now.
        ("pentester from 2012, security engineer 2015, soc manager since 2021 at a telco", "it_security_manager"),
        ("engineer 2005-2010, security manager 2010-2018, head of security 2018-present", "director_of_security"),
        # The field worked in since a year is no job: the title named stays.
        ("Head of Security at a port. Been in security since 2004.", "director_of_security"),
        # An abbreviated title is one sentence, not two.
        ("Sr. dir. of information security at a utility", "director_of_security"),
        # The top job told without "I'm": promoted to it, or named as a headline with the years.
        ("Just got promoted to CISO at a logistics firm!", "chief_security_officer"),
        ("CISO at a regional bank, 18 years in the field.", "chief_security_officer"),
        ("been CSO at three startups and now bored", "chief_security_officer"),
        ("I'm 52 and have been CISO at two companies.", "chief_security_officer"),
        ("I'm a sitting CISO at a mid-size hospital system.", "chief_security_officer"),
        ("Interim CISO (got it because my boss left), 6 months in.", "chief_security_officer"),
        ("what does an interim CISO earn?", None),
        # Titles the roadmap's names hold.
        ("I am VAPT consultant in Bangalore, 3 years exp", "security_analyst"),
        ("MSP technician, 3 years, I manage endpoints for 40 small clients.", "it_support"),
        ("Bank teller, 2 years, doing a cybersecurity certificate.", "other_field"),
        ("CISO at a 150-person startup. Can you build me a plan?", "chief_security_officer"),
        ("CISO at a big bank vs a startup: which pays more?", None),
        ("CSO at a bank is my dream. How do I get there?", None),
        ("ciso at a bank salary", None),
        # A job told in what someone did for years.
        ("I've taught chemistry at a high school for 9 years.", "other_field"),
        # Titles written either way round, and one a slip away from the top job's name.
        ("Director of IT at a hospital, 11 years", "it_manager"),
        ("BISO for the retail division of a bank", "director_of_security"),
        # Studying named as a chore is no student's life.
        ("Director of Security for 5 years, and honestly I'm tired of studying.", "director_of_security"),
        ("I'm studying cybersecurity at a community college", "student"),
    ],
)  # fmt: skip
def test_the_job_held_now_is_read_from_a_career_story(roadmap: Roadmap, text: str, role: str | None) -> None:
    assert roadmap.read_role(text) == role


@pytest.mark.parametrize(
    "text",
    [
        # The question asks nothing of its own; the sentences before it ask for the plan.
        "Help desk, 2 years. I have no clue what my next move should be. What is it?",
        "Chef for 13 years, doing tryhackme at night. I don't know where to even begin. help?",
        "Junior analyst, 1 year. My boss says I should think about my long term plan so... what now?",
        # A story naming the goal, with a question that asks nothing in particular.
        "Pen tester, 6 yrs in consulting. starting to think about the leadership route. is CSO realistic and how?",
        "Security engineer, 12 yrs, zero reports. I want to be CISO in 10 years. Thoughts?",
    ],
)
def test_a_short_question_leans_on_the_sentences_before_it(roadmap: Roadmap, text: str) -> None:
    assert roadmap.asks_for_plan(text)


@pytest.mark.parametrize(
    ("text", "known", "role"),
    [
        # Careers climb: a lower job mentioned later replaces the known one only when it is held now.
        ("Been in security 19 years. CISSP, CISM.", "vp_of_security", "vp_of_security"),
        ("Ex-Marine. No IT background at all.", "it_security_manager", "it_security_manager"),
        ("After that I went into pen testing, 4 years now.", "law_enforcement", "security_analyst"),
        ("I'm now a security analyst again after a stint managing.", "it_security_manager", "security_analyst"),
        ("No degree, just a Network+.", "system_administrator", "system_administrator"),
        # A job held before never replaces the known one, nor does one told only with its years.
        ("Before that I was a teacher for 3 years.", "law_enforcement", "law_enforcement"),
        ("Before that I did 4 years as a patrol officer.", "law_enforcement", "law_enforcement"),
        ("I also did 2 years as a gardener.", "system_administrator", "system_administrator"),
        ("Now I work as a teacher.", "law_enforcement", "other_field"),
    ],
)
def test_a_job_named_later_replaces_the_known_one_only_going_up_or_when_held_now(
    roadmap: Roadmap, text: str, known: str, role: str
) -> None:
    assert roadmap.role_over(text, known) == role


def test_a_message_adds_to_what_the_person_said_before(roadmap: Roadmap) -> None:
    known = Profile("security_analyst", 3.0, None, ("ceh",))

    profile = roadmap.profile_from("I also got my CISSP last month, and I have a bachelor's", known)
    recalled = roadmap.background("What should I be doing next?", known)

    assert profile == Profile("security_analyst", 3.0, "bachelor", ("ceh", "cissp"))
    assert (recalled.role.id if recalled.role else None, recalled.years) == ("security_analyst", 3.0)
    assert not roadmap.background("what does a CSO earn?", known).described  # not about the writer
    assert roadmap.background("roadmap to CSO?", known).role is not None  # a plan asked for is theirs
    studying = roadmap.background("once I get there can I stop studying?", known).role  # not a student now
    assert (studying.id if studying else None) == "security_analyst"
    vp = Profile("vp_of_security", 19.0, None, None)
    assert roadmap.background("and what does my current level pay?", vp).answers == ["principal"]


def test_one_message_gives_a_whole_profile(roadmap: Roadmap) -> None:
    profile = roadmap.profile_from("Director of Security, 14 years, CISSP, CISM and an MBA. What's left?")

    assert profile == Profile("director_of_security", 14.0, "mba", ("cissp", "cism"))


@pytest.mark.parametrize(("profile", "advice"), PROFILES)
def test_the_roadmap_fits_the_person(roadmap: Roadmap, profile: Profile, advice: list[str]) -> None:
    reply = roadmap.advise(profile)

    for pattern in advice:
        assert re.search(pattern, reply.text), f"{pattern!r} not in roadmap:\n{reply.text}"
    assert reply.text.startswith("**Your roadmap to CSO**")
    assert "_Source: the career guide, “" in reply.text
    assert reply.buttons[-1].payload == "/start_over"


def test_the_roadmap_timeline_matches_the_knowledge_base(roadmap: Roadmap) -> None:
    span = roadmap.settings.years_to_cso
    duration = roadmap.knowledge.answer(span.source).to_markdown()

    assert f"{span.minimum}-{span.maximum} years" in duration


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(KNOWLEDGE_DIR, tmp_path / "knowledge"))


@pytest.mark.parametrize(
    ("find", "replace", "problem"),
    [
        ("certification_order: [ceh,", "certification_order: [cehh,",
         "certification_order: 'cehh' is not an entry of the 'certifications' topic"),
        ("first_cso_band: entry_level", "first_cso_band: cissp",
         "first_cso_band: 'cissp' is not an entry of the 'salary' topic"),
        ("    rung: director_of_security\n", "    rung: chief_of_staff\n",
         "role 'director_of_security': rung 'chief_of_staff' is not on the ladder"),
        ("next_certifications: 3", "next_certifications: three", "next_certifications: value is not a valid integer"),
        ("way_answers: [steps,", "way_answers: [stepz,", "way_answers: 'stepz' is not a topic or entry id"),
        ("    it_security_manager: [manage,", "    sec_boss: [manage,", "titles: 'sec_boss' is not a role id"),
        ("  - road map\n", "  - road map\n  - plan\n", "plan_requests: the list has duplicated items"),
    ],
)  # fmt: skip
def test_a_broken_roadmap_file_is_refused_naming_the_problem(
    knowledge_copy: Path, find: str, replace: str, problem: str
) -> None:
    path = knowledge_copy / ROADMAP_FILE
    path.write_text(path.read_text(encoding="utf-8").replace(find, replace, 1), encoding="utf-8")

    with pytest.raises(KnowledgeBaseError) as refused:
        Roadmap.load(KnowledgeBase.load(knowledge_copy), knowledge_copy)

    assert any(problem in line and str(path) in line for line in refused.value.problems), refused.value.problems
