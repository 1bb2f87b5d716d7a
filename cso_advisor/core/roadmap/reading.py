"""Reading a profile from what someone writes: their job, years, degree and certifications, whether they ask for a
plan, and what a message tells of their working life, in the vocabulary of the roadmap settings."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from cso_advisor.core.knowledge import Identifier, KnowledgeBase, normalise
from cso_advisor.core.roadmap.profile import Background, InvalidAnswer, Profile
from cso_advisor.core.roadmap.settings import Ladder, RoadmapSettings
from cso_advisor.core.search import asking_sentences, sentences, speaks_of_self
from cso_advisor.core.spelling import Spelling
from cso_advisor.core.wording import asks_about_pay, canonical

MAX_YEARS = 50

# Bare replies to one of the form's questions, matched against the whole normalised reply.
STOP_REPLIES = frozenset(
    ["stop", "cancel", "quit", "enough", "never mind", "nevermind", "forget it", "skip the rest", "no more questions"]
)

SKIP_REPLIES = frozenset(
    [
        "skip",
        "pass",
        "next",
        "skip it",
        "skip that",
        "skip this one",
        "next question",
        "rather not say",
        "i d rather not say",
        "prefer not to say",
        "dont know",
        "don t know",
        "i dont know",
        "i don t know",
        "not sure",
        "no idea",
    ]
)

NONE_REPLIES = frozenset(
    [
        "none",
        "no",
        "nope",
        "nothing",
        "not yet",
        "none yet",
        "none so far",
        "nothing yet",
        "zero",
        "n a",
        "no certs",
        "no certifications",
        "i dont have any",
        "i don t have any",
    ]
)

NO_EXPERIENCE = frozenset(
    [
        "none",
        "no",
        "zero",
        "nothing",
        "none yet",
        "not yet",
        "no experience",
        "just starting",
        "i m just starting",
        "less than a year",
        "under a year",
    ]
)

# Said in passing: "2nd year computer science, no jobs yet", "zero work experience so far".
_NO_EXPERIENCE_SAID = re.compile(
    r"\b(no|zero) (real |work |professional |full[- ]time |job )?(experience|jobs?)\b"
    r"|\bnever (had a job|worked)\b(?! (with|for|under|alongside))"
)

NUMBER_WORDS = {
    **{
        word: value
        for value, word in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            ]
        )
    },
    "a": 1,
    "an": 1,
    "thirty": 30,
    "forty": 40,
}

_NUMBER = r"(-?\s*\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"

# Without a unit, "a" and "an" are articles, not numbers.
_BARE = r"(-?\s*\d+(?:[.,]\d+)?|" + "|".join(sorted(set(NUMBER_WORDS) - {"a", "an"}, key=len, reverse=True)) + ")"

_YEARS = re.compile(_NUMBER + r"\s*\+?\s*(?:-\s*)?(years?|yrs?|months?)\b")

_GOAL = re.compile(
    r"\b(become|becoming|be|to|reach|reaching|into|toward|towards|aim for|promoted to|join|joining|land|landing|"
    r"apply for|applying for|target|targeting|end up|ending up|interview\w*( \w+){0,3} for|applied (to|for)( \d+)?|"
    r"shortlisted for|candidate for|"
    r"(want|wanna|hope|hoping|plan|planning|like|wish|aspire|aspiring|aim|aiming) to (work|get|move|break) in(to)?)"
    r"( an?| the)?$"
)

# "I got promoted to IT security manager", "2021 promoted to security manager" name the job held, not the goal; "I used
# to be a network admin" one held before.
_PROMOTED = re.compile(
    r"\b((got|was|been|just|recently|i m|im|then|later|\d{4}) promoted to|used to be|"
    r"(went|moved|switched|transitioned|stepped|changed careers?|worked my way)( up)? (into|to))( an?| the)?$"
)

# Words that date a job named after them in the same sentence, the nearest one counting: "I spent 15 years as a police
# officer", "for the last 5 I've been corporate security manager", "the last 18 months as a junior analyst", "two years
# ago I started over as an analyst".
_NOW_OR_BEFORE = re.compile(
    r"\b(?:(?P<now>now|currently|today|these days|at the moment|at present|(?:for )?the (?:last|past)|since|"
    r"started over|(?:switched|moved|transitioned)(?! from)|promoted|went into|after that|i m|im|i am|i work|i ve been|"
    r"i have been|my current)|"
    r"(?P<before>was|were|used to|former|formerly|ex|previously|before that|before this|spent|retired|started|starting|"
    r"began|back in|left|quit|(?:switched|moved|transitioned|came|coming) from))\b"
)

# "I've been a claims adjuster for 6 years", "I'm an HR generalist, 5 years", "8 years as an emergency manager": a job
# told with its years, in any words.
_UNNAMED_JOB = re.compile(
    r"\b(i m|im|i am|i ve been|i have been|i was|i work as|i worked as|worked as|working as) an?( \w+){1,3}? "
    rf"((for|with)( about| over| nearly| almost| around)? )?{_NUMBER} (years?|yrs?)\b"
    rf"|\b{_NUMBER} (years?|yrs?)( \w+){{0,2}} as an?( \w+){{1,3}}"
)

# "I'm the CISO", "I'm already CSO at a bank", "been CISO at two companies", "I'm 52 and have been CISO at two banks",
# "I'm a sitting CISO", "Interim CISO (my boss left)", "Former CISO, took 2 years off": the writer's own job, not the
# goal.
_FIRST_PERSON = re.compile(
    r"(\b(i m|i am|im|i work as|i ve been|i have been|and have been|and ve been|i was|working as|work as)"
    r"|^(been|was|have been|ve been))"
    r"( (already|now|currently|still|finally|officially|actually))?( an?| the)?( (sitting|acting|interim|current))?$"
    r"|^(currently|now|still|already|sitting|acting|interim|current|former|ex)$"
)

# When a job is held, by the group of the words that date it: now 0, before 2 (undated 1, see `_Job`).
_WHEN = {"now": 0, "before": 2}

# Years told after a job in a career listed in order: "infosec manager since 2020", "director 2016-present" hold it now;
# "analyst 2008-2011" held it before.
_DATED_AFTER = re.compile(
    r"^(?: (?![0-9])[a-z]+){0,2} "
    r"(?:(?P<now>since \d{4}|(?:from )?\d{4} (?:to |till |until )?(?:now|present|today|date))"
    r"|(?P<before>(?:from )?\d{4} (?:to |till |until )?\d{4}|until \d{4}|till \d{4}))\b"
)

# "CSO at a manufacturer, 22 years in the field": a headline that names the job held without "I'm".
_HEADLINE_EMPLOYER = re.compile(r"^ (at|with|for) ")

# "CSO at a bank is my dream", "CISO at a big firm would pay well": a sentence about the job, not a headline.
_SAYS_OF_IT = re.compile(r"\b(is|are|was|were|would|will|could|seems?|sounds?|earns?|makes?|pays?|gets?|looks?)\b")

# A title's abbreviations end no sentence: "dir. of cyber defense", "sr. analyst".
_ABBREVIATIONS = ("dir", "sr", "jr", "mgr", "asst", "assoc", "dept", "approx", "vs", "eng")

_SENTENCES = re.compile("".join(rf"(?<!\b{word}\.)" for word in _ABBREVIATIONS) + r"(?<=[.!?;\n])\s*|\s+-\s+")

_BARE_NUMBER = re.compile(r"(?<![\w.])" + _BARE + r"(?![\w.])")

# "What does a security analyst do?", "the pay for an IT security manager": a job asked about, not held, in a message
# that says nothing of its writer.
_ABOUT_A_JOB = re.compile(
    r"(\b(what|how|which|who|where|why|when)\b( \w+){0,4} (does|do|is|are|would|will|can|should|did)|"
    r"\b(for|of|about|like|than))( an?| the)?$"
)

# "at my experience level", "given my experience", "with my years": pay asked for the writer's own experience.
_AT_MY_EXPERIENCE = re.compile(
    r"\b((at|for|with|given) my (current )?(experience|level|years|background|seniority)|"
    r"my (current )?(experience |seniority )?level|"
    r"someone (with|of) my (experience|years|background))\b"
)

# The goal named in a story: "I want to be CISO in 10 years", "I want to be the one in charge someday".
# Looked for in canonical text, where every name of the role is "CSO".
_GOAL_NAMED = re.compile(
    r"\b(cso|in charge|lead security|run security|running security|security leadership|leadership route|the top job|"
    r"the top)\b",
    re.IGNORECASE,
)

# The role and the ladder's words, which a misspelt message may name ("carreer path to ciso").
_GOAL_WORDS = ("ciso", "chief", "security", "officer", "career", "path", "roadmap", "ladder")

# Words of the way that English counts rare, kept as typed: "pivot toward CISO" is no airline pilot.
_WAY_WORDS = ("pivot", "pivoting")

# The words of a question that asks nothing in particular: what to do ("Thoughts?", "What should I focus on?",
# "What would you recommend?", "Point me in the right direction?"), whether ("is CSO realistic?") and the words
# around them.
_WHAT_TO_DO = {
    "how", "steps", "step", "way", "focus", "focusing", "thoughts", "thought", "ideas", "advice", "tips", "next",
    "start", "begin", "go", "help", "recommend", "suggest", "advise", "direction", "map", "rung", "road", "stop",
    "order", "prepare", "close", "prioritise", "prioritize", "priority", "priorities",
}  # fmt: skip

_WHETHER = {"could", "can", "realistic", "possible", "doable", "feasible"}

_GENERAL_QUESTION_WORDS = _WHAT_TO_DO | {
    "what", "whats", "s", "should", "i", "be", "on", "any", "is", "it", "and", "would", "that", "work", "for", "me",
    "someone", "like", "become", "a", "an", "the", "cso", "ciso", "please", "do", "now", "where", "from", "here",
    "then", "so", "ok", "okay", "you", "think", "as", "end", "up", "moving", "over", "to", "in", "must", "which",
    "point", "right", "first", "realistically", "this", "one", "after", "if", "want", "am", "before", "logical",
    "position", "out", "even", "table", "all", "with", "path", "toward", "towards", "getting", "there", "come",
    "about", "my", "place", "get", "level", "are",
}  # fmt: skip

# "What do I do?", "what should I do now?": what to do, in words that each ask nothing.
_WHAT_TO_DO_PHRASE = re.compile(r"\bwhat (do|should|can|must|would|could) i do\b|\bwhat to do\b")

# "I've been job-hunting for eight months", "then out of work 5 years": time spent not working is no experience.
_NOT_WORKING = re.compile(
    r"\b(job[- ]?hunting|hunting|applying|searching|looking for (a )?(job|work|role|position)s?|unemployed|"
    r"out of work|between jobs|laid off|on leave|off work|career break)( \w+){0,2}( for)?\s*$"
)

# "the security manager for a retail chain": a field named as the employer's, not the job.
_EMPLOYER = re.compile(
    r" (chains?|compan(y|ies)|firms?|stores?|shops?|business(es)?|groups?|banks?|organi[sz]ations?|orgs?|"
    r"corp(oration)?s?|giants?|sectors?|industr(y|ies)|clients?|brands?|agenc(y|ies)|outlets?)\b"
)

# "should I get the CISSP or the CISM?", "I'm studying for the CISM": a certification wanted, not held.
_WANTED = re.compile(
    r"\b(get|getting|earn|earning|take|taking|pursue|pursuing|study(ing)? for|go(ing)? for|need|needs|worth|"
    r"recommend|consider(ing)?|want|wanting|aim(ing)? for|prepar(e|ing) for|work(ing)? (on|toward|towards)|"
    r"sit(ting)?|do i|should i|next)( \w+){0,4}$"
)

# "is an MBA worth it?", "CISSP or CISM?": asked about, not held.
_WEIGHED = re.compile(
    r"^ ?((still|really|even|actually) )?(worth|or|vs|versus|necessary|needed|required|enough|a must)\b"
)

# First-person words about one's own work or studies ("I'm a teacher", "I've been in IT", "I manage a team",
# "my boss"): wanting to become a CSO ("I want to") is not a story.
_LIFE_STORY = re.compile(
    # Not a question about the future: "how do I handle stress as a CISO?", "would I love being a CSO?".
    r"(?<!do )(?<!would )(?<!will )(?<!should )(?<!can )(?<!could )(?<!did )(?<!might )"
    r"\b(i'?m (an?|the|\d+|being|switching|moving|working)|i am (an?|the|\d+)|i'?ve been|i have been|i work(ed)?|"
    r"i manage[d]?|i run|i ran|i lead|i led|i was an?|i studied|i'?m studying|i'?m currently|"
    r"i left|i quit|i did|i'?ve started|i started|i'?ve done|i'?ve worked|i'?ve spent|i spent|before that i|"
    r"i supervise[d]?|i oversee|i oversaw|i handle[d]?|i teach|i('?ve)? taught|i'?m (responsible for|in charge of)|"
    r"i own|i report(ed)? to|i fix|i support|i look after|i take care of|i keep the lights on|i maintain|i came up|"
    r"i coach|i mentor|i follow|i do|i got|"
    r"i made|i applied|i build|i write|i volunteer|i moved|i switched|i earned|i passed|i finished|i completed|i hold|"
    r"i'?m (good|bad|great|terrible|not great) at|i (hate|love|struggle with)|"
    r"my (job|role|boss|manager|team|company|employer|degree|background))\b",
    re.IGNORECASE,
)

SCHOOL_AGES = "1[0-8]"  # the ages of someone still at school

VAGUE_QUESTION_WORDS = 3  # "what is it?", "any thoughts?": a question this short leans on the sentences before it

_EMPHASIS = re.compile(
    r"\b(even|actually|really|exactly|honestly|possibly|ever|now|realistically|still|on earth|the heck|the hell)\b"
)

# "I'm 16 and ...", "im 17", "a 15 year old": an age at school, not years of experience ("I'm 12 years into infosec").
_SCHOOL_AGE = re.compile(
    rf"\b(?:(?:i m|im|i am|aged?) (?:{SCHOOL_AGES})\b(?! (?:years?|yrs?)\b(?! old))"
    rf"|(?:{SCHOOL_AGES}) (?:years? old|yo)\b)"
)

# "My next 3 steps" asks what "my next steps" does.
_COUNT_AFTER_NEXT = re.compile(r"\bnext (\d+|two|three|four|five|few|couple of|couple)\b")

# "Where would someone like me begin?" asks for the writer's own plan, as "where would I begin?" does.
_THE_WRITER = re.compile(r"\b(someone|somebody|a person|anyone|people) (like me|in my (position|situation|shoes))\b")

# A question about the way to the role ("how would I get there?", "what's the smartest way to progress to CISO?",
# "how can I make the jump to the CISO seat?", "where would I begin?"): the way words govern the goal, so a goal named
# in passing ("how do I get leadership experience, since I want to be CISO?") is not one. From someone who said where
# they stand, the roadmap answers it; a question about pay on the way ("what would I earn once I get there?") it
# does not.
_THE_ROLE = r"(cso|ciso|chief|seat|chair|title)"

# "I want a roadmap to CSO", "make me a plan", "what's my next step?": a request for the person's own plan, in any
# question or none.
_REQUESTS_A_PLAN = re.compile(
    r"\b(i (want|need|would like|'?d like)|give me|make me|build me|draw me|show me|can i (get|have)|"
    r"can you (make|give|build|draw|create|write)( me)?|create|pls|please)\b( \w+){0,3} (road ?map|plan)\b"
    r"|\b(road ?map|plan) for me\b|\bmy (own |personal )?(road ?map|plan|next steps?|next moves?)\b",
    re.IGNORECASE,
)

# "Please make for me a plan.", "roadmap pls", "A plan would be great.": a request made without a question.
_REQUEST = re.compile(
    r"\b(please|pls|plz|kindly|thanks in advance|would be (great|helpful|appreciated)|much appreciated)\b"
    r"|^(can|could|would|will) (you|someone|anyone|somebody)\b"
    r"|^(make|give|build|draw|create|write|prepare|trace|map|lay|show|help|guide|suggest|send|walk|talk) "
    r"(me|us|a|an|my|out|it)\b"
    r"|^((i|we) (need|want|would like|d like)|(i m |i am )?looking for|need|want) "
    r"(a|an|some|my|the|your|help|advice|guidance)\b"
)

# "A plan", "roadmap": the plan itself, not "I plan to apply".
_PLAN_NOUN = re.compile(r"\b(road ?map|plan)\b(?! to\b)")

_WAY_TO_THE_ROLE = re.compile(
    # "path to CISO?", "looking for a road into the CSO seat": the way named with where it ends. "On my way to
    # becoming a CISO, ..." names the goal in passing.
    r"(?<!on my )(?<!on the )(?<!on your )(?<!on their )\b(path|pathway|road|route|way|journey|climb)( \w+){0,2} "
    rf"(to|toward|towards|into|up to)( \w+){{0,2}} {_THE_ROLE}\b|"
    r"\b(how (do|can|could|would|should|might|will|does) (i|one)|how (i|one) (can|could|should|would|might|will)|"
    r"how to|(advice|tips|guidance) on|"
    r"(recommend|suggest|advise) for|"
    r"(?<!on my )(?<!on the )(?<!on your )(?<!on their )(way|path|route|road|steps)( for me)?)( \w+){0,4} "
    # "become a CSO", "land the CSO role": the goal is the verb's object.
    rf"((become|becoming|reach|reaching|land|landing|get the|get a|grab the|win the)( \w+){{0,2}} {_THE_ROLE}"
    # "get to CSO", "make the jump toward the CISO seat", "get there": the goal is where the move ends.
    r"|(get|getting|go|move|moving|climb|jump|transition|progress|advance|rise|work my way|make my way|step|break|"
    r"make it|end up|pivot|pivoting|grow|growing|switch|switching|shift|shifting)"
    rf"(( \w+){{0,3}} (to|into|toward|towards|as|up to)( \w+){{0,2}} ({_THE_ROLE}|top)| there))\b"
    # "what would it take for me to become a CSO?", "which moves get me to CISO?": what the way asks of them.
    r"|\bwhat (would|will|does|do) it take( for me| for someone like me)? to (become|be|get|reach|make)\b"
    rf"|\b(get|gets|take|takes|bring|brings) me (to|into|toward|towards|up to)( \w+){{0,2}} ({_THE_ROLE}|top)\b"
    r"|\b(what|which)\b.*\b(recommend|suggest|advise)\b.*\b((move|get|go|climb|progress)( \w+){0,2} "
    r"(to|into|toward|towards)( \w+){0,2}|(wants?|wanting|aiming|hoping) to (be|become)( an?| the)?) "
    rf"{_THE_ROLE}\b"
    # "How should I prepare for the CISO role?", not for a CISO interview.
    rf"|\bprepare( myself)? for(?![^.?!]*\binterviews?\b)( \w+){{0,2}} {_THE_ROLE}\b"
    # "could you tell me how someone with my background becomes a CISO?": the way, asked of the writer's kind.
    r"|\bhow (someone|somebody|a person|people) (like me|with my)\b.*\b(becomes?|gets?|reach(es)?|makes?)"
    rf"( \w+){{0,2}} {_THE_ROLE}\b"
)


def _alternatives(names: Sequence[str]) -> str:
    """The names, normalised, as one regular-expression alternation, longest first."""
    return "|".join(sorted({re.escape(normalise(name)) for name in names}, key=len, reverse=True))


def _pattern(names: Sequence[str]) -> re.Pattern[str]:
    """Any of the names as whole words of normalised text, longest first."""
    return re.compile(r"(?<![a-z0-9+])(" + _alternatives(names) + r")(?![a-z0-9+])")


# Words between a title's level and its field are the field's own ("physical & corporate"), not a place or a link.
_NOT_IN_A_TITLE = r"(?:at|in|on|with|from|to|and|or|a|an|as|by|who|that|i|my|is|was)"


def _titles(fields: Sequence[str], levels: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns of titles built from a level and a field: "security engineering manager" (the field first) and
    "director of physical corporate security", "vp cyber risk" (the level first)."""
    field, level = _alternatives(fields), _alternatives(levels)
    between = rf"(?: (?!{_NOT_IN_A_TITLE}\b)[a-z0-9+]+){{0,2}}"
    edge, end = r"(?<![a-z0-9+])", r"(?![a-z0-9+])"
    return (
        re.compile(rf"{edge}(?P<field>{field}){between} (?P<level>{level}){end}"),
        re.compile(rf"{edge}(?P<level>{level})(?: of| for)?(?: our)?{between} (?P<field>{field}){end}"),
    )


def _worked_as(fields: Sequence[str], levels: Sequence[str]) -> re.Pattern[str]:
    """The pattern of a field named with the level it is worked at: "I run security as director", "I work in
    cybersecurity as an analyst"."""
    field, level = _alternatives(fields), _alternatives(levels)
    return re.compile(rf"(?<![a-z0-9+])(?P<field>{field}) as (?:a |an |the )?(?P<level>{level})(?![a-z0-9+])")


def _leads(verbs: Sequence[str], groups: Sequence[str], fields: Sequence[str] | None) -> re.Pattern[str]:
    """The pattern of a job told as what the person leads: "manage the security operations team", "run a team of 7
    security analysts", "I manage information security at a bank". Without `fields`, a group led whose field the
    message tells elsewhere, if at all: "I hire and lead the six-person team that monitors our network"."""
    lead, group = _alternatives(verbs), _alternatives(groups)
    start = rf"(?<![a-z0-9+])(?P<lead>{lead})( up)? "
    if fields is None:
        return re.compile(rf"{start}(the|a|an|our|my)( [a-z0-9+]+){{0,3}} ({group})(?![a-z0-9+])")
    field = _alternatives(fields)
    return re.compile(
        rf"{start}((the|a|an|our|my)( [a-z0-9+]+){{0,3}} "
        rf"(({field})( [a-z0-9+]+){{0,2}} ({group})|({group}) of( [a-z0-9+]+){{0,2}} ({field}))"
        # The field itself led where the person works, said as done ("I run security for a hospital"); a lead verb
        # ending in -ing is hoped for as often as done ("the idea of eventually leading security excites me").
        rf"|(?<!ing )((the|our|my) )?({field})(?= (at|for|in|across)\b|$))(?![a-z0-9+])"
    )


def _reports(verbs: Sequence[str], people: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns of the people who report to the writer, each with the group `who` where it names them: "12 LP agents
    report to me", "3 managers under me", "8 persons in my team", "I lead three engineers", "I run a team of 6"."""
    lead, who = _alternatives(verbs), _alternatives(people)
    counted = rf"(?<![a-z0-9+]){_BARE}(?: [a-z0-9+]+){{0,3}} (?P<who>{who})"
    return (
        re.compile(rf"{counted} (?:report|reports|reporting) (?:directly )?to me(?![a-z0-9+])"),
        re.compile(rf"{counted} (?:(?:under|below|beneath) me|(?:in|on) my team)(?![a-z0-9+])"),
        re.compile(rf"(?<![a-z0-9+])(?:{lead}) {_BARE}(?: [a-z0-9+]+){{0,2}} (?P<who>{who})(?![a-z0-9+])"),
        # Led, not joined: "I lead a team of 6", not "my team of 8 analysts is great".
        re.compile(
            rf"(?<![a-z0-9+])(?:{lead}) (?:a|an|the|my|our) team of {_BARE}(?![a-z0-9+])"
            rf"(?:(?: [a-z0-9+]+){{0,3}} (?P<who>{who}))?"
        ),
    )


def _seconds(words: Sequence[str], top_names: Sequence[str]) -> re.Pattern[str]:
    """The pattern of a job told as second to the top: "number two to our CISO", "I stand in for the CSO"."""
    second, top = _alternatives(words), _alternatives(top_names)
    return re.compile(
        rf"(?<![a-z0-9+])(?P<second>{second})(?: [a-z]+)?(?: to| under| below| for| of| at)?(?: the| our| my)? "
        rf"(?:{top})(?![a-z0-9+])"
    )


def _in_the_field(fields: Sequence[str]) -> re.Pattern[str]:
    """The pattern of a field worked in, not only wanted: "years in infosec", "experience in cybersecurity", "worked
    in information security", "security experience", "a cybersecurity professional"; not "no experience in
    security" or "I want to work in cybersecurity"."""
    field = _alternatives(fields)
    # Words before it that make the experience wanted or missing: "no", "how do I get (some) experience in security".
    unheld = "".join(
        rf"(?<!\b{word} )"
        for word in ("no", "zero", "any", "without", "to", "get", "gain", "need", "build", "some", "more", "what",
                     "much", "enough", "little", "relevant", "the")
    )  # fmt: skip
    return re.compile(
        rf"{unheld}\b(years?|yrs?|experience|background|worked|working|been) (of |in |within )(the )?({field})\b"
        rf"|{unheld}\b({field}) (experience|professional|practitioner)\b"
    )


def _span_years(match: re.Match[str]) -> float:
    years = _number(match.group(1))
    return years / 12 if match.group(2).startswith("month") else years


def _number(word: str) -> float:
    word = re.sub(r"\s+", "", word).replace(",", ".")
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else float(word)


class ProfileReader(Ladder):
    """Reads a background from a message, and each detail from an answer to the roadmap form's questions."""

    def __init__(self, settings: RoadmapSettings, knowledge: KnowledgeBase) -> None:
        super().__init__(settings, knowledge)
        self._role_names: dict[str, str] = {normalise(n): role.id for role in settings.roles for n in role.names}
        self._degree_names: dict[str, str] = {normalise(n): d.id for d in settings.degrees for n in d.names}
        self._certification_names: dict[str, str] = {}
        for certification_id in settings.certification_order:
            entry = knowledge.entry(certification_id)
            for name in entry.names:
                self._certification_names[normalise(name)] = certification_id
        for other in settings.other_certifications:
            for name in other.names:
                self._certification_names[normalise(name)] = other.title
        self._plan_pattern = _pattern(settings.plan_requests)
        titles = settings.titles
        self._level_roles = (
            {normalise(word): role for role, words in titles.levels.items() for word in words} if titles else {}
        )
        self._titles = _titles(titles.fields, list(self._level_roles)) if titles and self._level_roles else ()
        self._worked_as = _worked_as(titles.fields, list(self._level_roles)) if titles and self._level_roles else None
        self._lead_roles = (
            {normalise(word): role for role, words in titles.leads.items() for word in words} if titles else {}
        )
        leads = list(self._lead_roles)
        self._whole_roles = (
            {normalise(word): role for role, words in titles.whole.items() for word in words} if titles else {}
        )
        self._leads = _leads(leads, titles.groups, titles.fields) if titles and titles.groups else None
        self._leads_a_group = _leads(leads, titles.groups, None) if titles and titles.groups else None
        self._field_role = titles.field_role if titles else None
        self._fields_named = _pattern(titles.fields) if titles else None
        self._team_role = next(iter(titles.leads), None) if titles else None  # a team led, its members unnamed
        self._report_roles = (
            {normalise(word): role for role, words in titles.reports.items() for word in words} if titles else {}
        )
        self._reports = _reports(leads, list(self._report_roles)) if self._report_roles else ()
        top_names = [name for role in settings.roles if role.rung == settings.ladder[-1] for name in role.names]
        self._second_roles = (
            {normalise(word): role for role, words in titles.seconds.items() for word in words} if titles else {}
        )
        self._seconds = _seconds(list(self._second_roles), top_names) if self._second_roles else None
        self._in_the_field = _in_the_field(titles.fields) if titles else None
        names = [*self._role_names, *self._degree_names, *self._certification_names, *settings.plan_requests]
        names += [*(titles.fields if titles else []), *self._level_roles]
        words = [word for name in names for word in normalise(name).split()]
        self._spelling = Spelling([*words, *_GOAL_WORDS, *_WAY_WORDS])
        self._role_pattern = _pattern(list(self._role_names))
        self._degree_pattern = _pattern(list(self._degree_names))
        self._certification_pattern = _pattern(list(self._certification_names))

    def background(self, text: str, known: Profile = Profile()) -> Background:
        """What the message says about its writer, when it is not an answer to one of the roadmap's questions.
        A message in which they speak of themselves ("what should I do next?") or ask for a plan recalls what they
        said earlier (`known`) where it says nothing new."""
        recalls = speaks_of_self(text) or self.names_a_plan(text)  # "roadmap to CSO?" from someone known
        role_id = self.role_over(text, known.role if recalls else None)
        years = self._read_quietly(self.read_years, text)
        # Years named in any sentence: a CSO's ("what does a CSO with 12+ years earn?") point to a pay band below.
        named = self._read_quietly(lambda said: self._years(said, asked=False, the_writers=False), text)
        certifications = self._read_quietly(self.read_certifications, text)
        degree = self._read_quietly(self.read_degree, text)
        if recalls:
            years = years if isinstance(years, float) else known.years
            named = named if isinstance(named, float) else known.years
            certifications = certifications or known.certifications
        role = self.role_by_id.get(role_id) if isinstance(role_id, str) else None
        story = bool(_LIFE_STORY.search(text))
        top = self.settings.ladder[-1]
        # Years point to a CSO pay band when they are a CSO's ("a CSO with 12+ years"), not another job's, unless the
        # message asks what the CSO job pays at the writer's own experience ("with my 14 years, what would I make?").
        at_my_level = bool(_AT_MY_EXPERIENCE.search(normalise(text) if text.strip() else ""))
        cso_years = (
            named
            if isinstance(named, float) and named > 0 and (at_my_level or (role.id == top if role else not story))
            else None
        )
        pay_band = self.band_at(top, cso_years) if cso_years is not None else None
        if (
            at_my_level
            and role is not None
            and role.rung not in (None, top)
            and not re.search(r"\bCSOs?\b", canonical(text))
        ):
            # "What does my current level pay?" from a VP of Security: the band the guide gives for that rung; "what
            # would the CSO job pay at my level?" stays with the CSO band for their years.
            pay_band = self.band_at(role.rung, years if isinstance(years, float) else 0.0)
        return Background(
            role=role,
            years=years if isinstance(years, float) else None,
            certifications=certifications if isinstance(certifications, tuple) else (),
            # "what does a CSO with an MBA earn?" names a degree nobody here holds.
            degree=degree if isinstance(degree, str) and speaks_of_self(text) else None,
            story=story,
            pay_band=pay_band,
        )

    @staticmethod
    def _read_quietly(read: Any, text: str) -> object:
        try:
            return read(text)
        except InvalidAnswer:  # "60 years" is no answer here, but nothing to argue about either
            return None

    # Reading answers. `asked` means the message replies to the question about this detail, so a bare
    # "6", "none" or "skip" counts; otherwise only an explicit mention ("6 years", "a CISSP") does.

    def read_role(self, text: str, asked: bool = False) -> str | None:
        """A job named in the message. A job named as the goal ("how do I become a security director", asked
        or not: "what should my plan be to get to CISO?") does not count; unasked, the top of the ladder counts
        only as "I'm the CISO", not in "what does a CSO earn"."""
        held = self._jobs_named(text, asked)
        if held:
            return _held_now(held)
        if asked:
            raise InvalidAnswer(
                "I didn't recognise that as a job title. If you work outside IT, say other field.", understood=False
            )
        return None

    def role_over(self, text: str, known: str | None) -> str | None:
        """The job a message gives, over the one known from earlier: careers climb, so a lower job replaces it only
        when the message says it is held now ("Been in security 19 years" from a VP of Security keeps the VP), and
        one held before never does ("Before that I was a teacher" from a police detective)."""
        # A job told only with its years ("4 years as a patrol officer") says too little to replace a known one.
        held = self._jobs_named(text, unnamed=known is None)
        if not held:
            return known
        role = _held_now(held)
        when = min(job.when for job in held)
        if (
            known is not None
            and known in self.role_by_id
            and (when == 2 or (when != 0 and self.rung_index(role) < self.rung_index(known)))
        ):
            return known
        return role

    def _jobs_named(self, text: str, asked: bool = False, unnamed: bool = True) -> list[_Job]:
        """The jobs the message says its writer holds or held, in the order named; with `unnamed`, a job no name
        matches that is told with its years."""
        text = self._spelling.correct(text)
        normalised = normalise(text) if text.strip() else ""
        in_the_field = bool(self._in_the_field and self._in_the_field.search(normalised))
        held: list[_Job] = []
        scope: list[_Job] = []
        parts = _SENTENCES.split(text)
        for index, sentence in enumerate(parts):
            words = normalise(sentence) if sentence.strip() else ""
            titles = self._titles_named(words, in_the_field)
            for start, end, role_id in titles:
                role = self.role_by_id[role_id]
                before = words[:start].rstrip()
                if (
                    _EMPLOYER.match(words[end:])
                    or (_GOAL.search(before) and not _PROMOTED.search(before))
                    or (
                        not asked
                        and role.rung == self.settings.ladder[-1]
                        and not _holds_the_top(before, words[end:], words, _stated(sentence, index < len(parts) - 1))
                    )
                    or (not asked and _ABOUT_A_JOB.search(before) and not speaks_of_self(normalised))
                ):
                    continue
                markers = list(_NOW_OR_BEFORE.finditer(before))
                nearest = markers[-1] if markers else None
                when = _WHEN.get(nearest.lastgroup or "", 1) if nearest else 1
                dated_at = (index, nearest.end()) if nearest else (index, -1)
                # In a career listed in order, the years right after a job date it more closely than a word before
                # it; "been in security since 2009" dates the field, not a job.
                dated_after = len(titles) > 1 and _DATED_AFTER.match(words[end:])
                if dated_after:
                    when, dated_at = _WHEN[dated_after.lastgroup or ""], (index, end)
                held.append(_Job(when, dated_at, str(role.id)))
            if in_the_field or (self._fields_named and self._fields_named.search(words)):
                scope += [_Job(0, (index, start), role_id) for start, role_id in self._led_people(words)]
        # The people someone leads say where they stand now, over a title that says less ("My title is Cyber Lead,
        # but 4 managers report to me"); not over a job off the ladder ("IT manager, team of 5 techs").
        held += [job for job in scope if all(self._not_above(other.role, job.role) for other in held if other.when < 2)]
        if not held and self._field_role and in_the_field:
            # No job named, but the field worked in ("8 years in infosec"): a job in it, of the field's role.
            return [_Job(1, (0, -1), self._field_role)]
        if not held and self.settings.school_age_role and _SCHOOL_AGE.search(normalised):
            return [_Job(0, (0, -1), self.settings.school_age_role)]
        if not held and unnamed and self.settings.unnamed_job_role and _UNNAMED_JOB.search(normalised):
            return [_Job(1, (0, -1), self.settings.unnamed_job_role)]
        return held

    def _titles_named(self, words: str, in_the_field: bool) -> list[tuple[int, int, str]]:
        """Where normalised words name a job, in order: (start, end, role id). A role's own names come first, unless
        a field is named with the level it is worked at; a title built from a level and a field counts where it
        overlaps none, and "lead cyber analyst" is an analyst (the level named last is the job's). A group led
        counts without its field where the writer works `in_the_field` ("12 years in security")."""
        named = [(m.start(1), m.end(1), self._role_names[m.group(1)]) for m in self._role_pattern.finditer(words)]
        if self._seconds is not None:
            seconds = self._seconds.finditer(words)
            named += [(m.start(), m.end(), self._second_roles[m.group("second")]) for m in seconds]
        if self._worked_as is not None:
            # The level a field is worked at names the job, over the field's words: "I run security as director".
            worked_as = [
                (m.start(), m.end(), self._level_roles[m.group("level")]) for m in self._worked_as.finditer(words)
            ]
            named = [*(title for title in named if not _overlaps(title, worked_as)), *worked_as]
        built = []
        for pattern in self._titles:
            for match in pattern.finditer(words):
                after = words[match.end() :].split()[:1]
                if match.start("level") == match.start() and after and after[0] in self._level_roles:
                    continue
                built.append((match.start(), match.end(), self._level_roles[match.group("level")]))
        if self._leads is not None:
            leads = [(m.start(), m.end(), self._led_by(m)) for m in self._leads.finditer(words)]
            # A group led names the job over a field word inside it: "I manage a SOC team" manages.
            named = [
                title for title in named if not any(start <= title[0] and title[1] <= end for start, end, _ in leads)
            ]
            built += leads
        if in_the_field and self._leads_a_group is not None:
            led = [(m.start(), m.end(), self._led_by(m)) for m in self._leads_a_group.finditer(words)]
            built += [title for title in led if not _overlaps(title, built)]
        free = [title for title in built if not _overlaps(title, named)]
        return sorted([*named, *dict.fromkeys(free)])

    def _led_people(self, words: str) -> list[tuple[int, str]]:
        """Where normalised words tell of people who report to the writer, and the role that places the writer at."""
        led = [(match.start(), match.group("who")) for pattern in self._reports for match in pattern.finditer(words)]
        roles = [(start, self._report_roles.get(who or "", self._team_role)) for start, who in led]
        return [(start, str(role)) for start, role in roles if role is not None]

    def _not_above(self, role_id: str, other_id: str) -> bool:
        """Whether a job sits on a rung of the ladder no higher than another's."""
        return role_id in self.settings.ladder and self.rung_index(role_id) <= self.rung_index(other_id)

    def _led_by(self, lead: re.Match[str]) -> Identifier:
        """The role of a job told as what the person leads: the lead verb's, or a higher one for a group led whole."""
        whole = [self._whole_roles[word] for word in lead.group().split() if word in self._whole_roles]
        return whole[0] if whole else self._lead_roles[lead.group("lead")]

    def read_years(self, text: str, asked: bool = False) -> float | None:
        """The writer's years of experience. Unasked, years in a question about someone else ("how much does a
        senior CSO with 12+ years make?") are not theirs."""
        return self._years(text, asked, the_writers=not asked)

    def _years(self, text: str, asked: bool, the_writers: bool) -> float | None:
        lowered = text.lower()
        # The longest span of experience named; "a year ago", "38 years old" and "CSO in 10 years" are not experience.
        spans = [
            m
            for m in _YEARS.finditer(lowered)
            if not re.match(r"\s*(ago|old)\b", lowered[m.end() :])
            and not re.search(r"\b(in|within|next|another)\s*$", lowered[: m.start()])
            and not re.match(r"\s*(plan|roadmap|goal)\b", lowered[m.end() :])  # "make me a 5 year plan"
            and not _NOT_WORKING.search(lowered[: m.start()])
            and not (the_writers and _asks_about_others(lowered, m.start()))
        ]
        match = max(spans, key=_span_years, default=None) or (_BARE_NUMBER.search(lowered) if asked else None)
        if match is None:
            # "no jobs yet" counts where experience is asked for, or said beside a job ("CS student, no jobs yet").
            said = _NO_EXPERIENCE_SAID.search(lowered) and (asked or self.read_role(text) is not None)
            if (asked and normalise(text or "-") in NO_EXPERIENCE) or said:
                return 0.0
            if asked:
                raise InvalidAnswer("I didn't catch a number of years there.", understood=False)
            return None
        years = _number(match.group(1))
        if match.lastindex == 2 and match.group(2).startswith("month"):
            years = round(years / 12, 1)
        if years < 0:
            raise InvalidAnswer("Years of experience can't be negative.")
        if years > MAX_YEARS:
            raise InvalidAnswer(f"{years:g} years is more than a working life.")
        return years

    def read_degree(self, text: str, asked: bool = False) -> str | None:
        normalised = _by_sentence(self._spelling.correct(text))
        for match in self._degree_pattern.finditer(normalised):
            # Not "do I need a master's?", nor the school someone works at ("I teach at a secondary school").
            if asked or not (
                _wanted(normalised, match) or re.search(r"\bat( an?| the)?$", normalised[: match.start()].rstrip())
            ):
                return self._degree_names[match.group(1)]
        if asked and normalised in NONE_REPLIES:
            return str(self.settings.degrees[0].id)
        if asked:
            raise InvalidAnswer("I didn't catch a degree there.", understood=False)
        return None

    def read_certifications(self, text: str, asked: bool = False) -> tuple[str, ...] | None:
        normalised = _by_sentence(self._spelling.correct(text))
        matches = self._certification_pattern.finditer(normalised)
        held = dict.fromkeys(
            self._certification_names[match.group(1)] for match in matches if not _wanted(normalised, match)
        )
        if held:
            return tuple(held)
        if re.search(r"\b(no|zero|0) (certs?|certifications?|certificates?)\b", normalised) or (
            asked and normalised in NONE_REPLIES
        ):
            return ()
        if asked:
            raise InvalidAnswer("I didn't recognise a certification there.", understood=False)
        return None

    def tells_the_way(self, answer_id: str) -> bool:
        """Whether an answer tells the way to the role in general (the steps, the ladder): for someone who said
        where they stand, their roadmap is the better answer."""
        return answer_id in self.settings.way_answers

    def asks_for_plan(self, text: str) -> bool:
        """Whether the message asks for a personal plan, in one of its question sentences if it has any: in words
        that ask for one (`plan_requests`) or as a question about the way to the role. Words that only add emphasis
        do not hide it ("where do I even start?")."""
        text = self._spelling.correct(text)
        return any(
            self._plan_pattern.search(asked) or (_WAY_TO_THE_ROLE.search(asked) and not asks_about_pay(asked))
            for asked in _asked(text)
        ) or (
            # After a story that names the goal or the job held, a general question asks what to do next.
            _asks_nothing_specific(text)
            and (bool(_GOAL_NAMED.search(canonical(text))) or self.read_role(text) is not None)
        )

    def requests_a_plan(self, text: str) -> bool:
        """Whether the message asks for the person's own plan outright ("i want a roadmap to cso pls"), which
        someone who has said nothing about themselves gets by being asked."""
        text = self._spelling.correct(text)
        return bool(_REQUESTS_A_PLAN.search(text)) or any(_PLAN_NOUN.search(request) for request in _requests(text))

    def names_a_plan(self, text: str) -> bool:
        """Whether the message asks for a plan in words that ask for one (`plan_requests`), not only for the way."""
        return any(self._plan_pattern.search(asked) for asked in _asked(self._spelling.correct(text)))

    def profile_from(self, text: str, known: Profile = Profile()) -> Profile:
        """Everything a message says about its writer, as a roadmap profile, over what they said before (`known`):
        a detail it gives replaces the known one, and certifications add up."""
        background = self.background(text)
        try:
            degree = self.read_degree(text)
        except InvalidAnswer:
            degree = None
        certifications = tuple(dict.fromkeys([*(known.certifications or ()), *background.certifications]))
        return Profile(
            role=self.role_over(text, known.role),
            years=known.years if background.years is None else background.years,
            degree=degree or known.degree,
            certifications=certifications or known.certifications,
        )

    @staticmethod
    def is_skip(text: str) -> bool:
        return bool(text.strip()) and normalise(text) in SKIP_REPLIES

    @staticmethod
    def is_stop(text: str) -> bool:
        """No more questions: the roadmap comes from what is known so far."""
        return bool(text.strip()) and normalise(text) in STOP_REPLIES


def _overlaps(title: tuple[int, int, str], others: Sequence[tuple[int, int, str]]) -> bool:
    """Whether a title found in a message shares words with any of the others: (start, end, role id) each."""
    return any(title[0] < end and start < title[1] for start, end, _ in others)


class _Job(NamedTuple):
    """A job named in a message: when it is held (0 now, 1 undated, 2 before), where the words that date it end
    (sentence, position), and the role id."""

    when: int
    dated_at: tuple[int, int]
    role: str


def _holds_the_top(before: str, after: str, words: str, stated: bool) -> bool:
    """Whether the top job, named in normalised `words` between `before` and `after`, is the writer's own: "I'm the
    CISO", "got promoted to CSO last month", "CSO at a manufacturer, 22 years in the field", "CISO at a 150-person
    startup." (`stated`: the sentence is no question); not "what does a CSO earn", "CSO at a bank is my dream"."""
    told = _YEARS.search(words) or (stated and not _SAYS_OF_IT.search(after))
    headline = not before and _HEADLINE_EMPLOYER.match(after) and told
    return bool(_FIRST_PERSON.search(before) or _PROMOTED.search(before) or headline)


def _stated(sentence: str, followed: bool) -> bool:
    """Whether a sentence states something: it ends as a statement does, or another follows it ("CISO at a startup.
    Can you build me a plan?"); a bare "ciso at a bank salary" may be a query."""
    end = sentence.rstrip()[-1:]
    return end != "?" and (end in ".!)" or followed)


def _held_now(jobs: list[_Job]) -> str:
    """The job held now: of several dated now the one dated last, as a career told in order ends with it ("moved to
    sysadmin, then promoted to security manager"), the first named after those words ("I'm now the security manager,
    responsible for loss prevention"); else the first undated one, else the first named."""
    when = min(job.when for job in jobs)
    named = [job for job in jobs if job.when == when]
    if when == 0:
        latest = max(job.dated_at for job in named)
        return next(job.role for job in named if job.dated_at == latest)
    return named[0].role


def _asks_about_others(lowered: str, position: int) -> bool:
    """Whether the sentence around the position is a question that says nothing of its writer."""
    start = max(lowered.rfind(end, 0, position) for end in ".!?\n") + 1
    ends = [index for index in (lowered.find(end, position) for end in ".!?\n") if index != -1]
    sentence = lowered[start : min(ends) + 1 if ends else len(lowered)]
    return bool(asking_sentences(sentence)) and not speaks_of_self(sentence)


def _asks_nothing_specific(text: str) -> bool:
    """Whether every question in the message is a general one ("Thoughts?", "What should I focus on?", "is CSO
    realistic and how?"): after a story that names the goal, it asks what to do."""
    # A headline's last part is its question: "IT Security Manager | 7 reports | CISM - advice?"
    questions = [re.split(r"[.!?]\s+|\s[|\u2013-]\s", sentence.strip())[-1] for sentence in asking_sentences(text)]
    asked = [_EMPHASIS.sub(" ", normalise(question)) for question in questions]
    words = {word for question in asked for word in question.split()}
    # "Could I become a CSO?" asks whether, answered from the guide; "is CSO realistic and how?" asks how.
    what_to_do = bool(words & _WHAT_TO_DO) or any(_WHAT_TO_DO_PHRASE.search(question) for question in asked)
    return what_to_do and words <= _GENERAL_QUESTION_WORDS | _WHETHER


def _by_sentence(text: str) -> str:
    """The text normalised sentence by sentence, the sentences kept apart by a bar: a certification wanted in one
    sentence ("do these certs need upkeep?") is no word of the next ("got my CISM last year")."""
    return " | ".join(filter(None, (normalise(sentence) for sentence in sentences(text))))


def _wanted(normalised: str, match: re.Match[str]) -> bool:
    """Whether the certification or degree named at the match is wanted or weighed, not held."""
    return bool(_WANTED.search(normalised[: match.start()].rstrip()) or _WEIGHED.search(normalised[match.end() :]))


def _asked(text: str) -> list[str]:
    """The message's question sentences (or the whole message), normalised, with words of emphasis left out and
    "someone like me" read as "I". Where they ask nothing of their own ("What is it?", "help?", "what now?"), the
    sentences before them say what."""
    sentences = asking_sentences(text) or ([text] if text.strip() else [])
    # A request may be made of an emphasis word itself ("so what now?"), so each is kept as written too.
    as_written = [normalise(sentence) for sentence in sentences]
    asked = [_plainly(sentence) for sentence in as_written]
    if all(len(sentence.split()) <= VAGUE_QUESTION_WORDS for sentence in asked):
        asked.append(_plainly(normalise(text)))
    return list(dict.fromkeys([*asked, *as_written, *_requests(text)]))


def _plainly(normalised: str) -> str:
    """Normalised words as a plan request is matched: "someone like me" as "I", without words of emphasis or the
    count of next steps asked for ("my next 3 steps")."""
    as_the_writer = re.sub(r"\bdoes i\b", "do i", _THE_WRITER.sub("i", normalised))  # "where does someone like me go"
    uncounted = _COUNT_AFTER_NEXT.sub("next", as_the_writer)
    return re.sub(r"\s+", " ", _EMPHASIS.sub(" ", uncounted)).strip()


def _requests(text: str) -> list[str]:
    """The message's sentences that make a request without asking ("Plan please.", "roadmap pls"), normalised; a
    profile headline's parts ("Director, Cybersecurity | CISSP | Plan please") count as sentences."""
    sentences = (normalise(sentence) for sentence in re.split(r"(?<=[.!?])\s+|\n+|\s\|\s", text) if sentence.strip())
    return [sentence for sentence in sentences if _REQUEST.search(sentence)]
