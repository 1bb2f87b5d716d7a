"""Scripted, realistic chat traffic for a running advisor, so the tracker store holds conversations to report on.

    python -m tests.support.traffic --url http://127.0.0.1:5005 [--repeat N]

The conversations are written as job seekers type: mostly on-topic questions, follow-ups, button clicks and a
roadmap, some ending with goodbye, some mid-way. Four themes the bot has no intent for come back in several
wordings across conversations (bootcamps, pay abroad, part-time or fractional work, age), for a review queue
to cluster, and a few messages carry personal data (an email, phone numbers, a LinkedIn URL) that a report must
mask. None of the wordings is taken from the NLU training or test data.
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import requests

TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class Click:
    """Clicking the button with this title among the buttons of the bot's last reply."""

    title: str


Step = str | Click  # a typed message, or a button click

CONVERSATIONS: list[list[Step]] = [
    # Pay, clicked through the bands, then pay abroad: stops after the bot did not understand.
    [
        "hiya bot, got a min?",
        Click("What does a CSO earn?"),
        Click("What does an entry-level CSO earn?"),
        Click("What does a mid-level CSO earn?"),
        "those numbers are usd right? what about in the uk in pounds",
    ],
    [
        "hey there, career question",
        "how do i actualy become a cso",
        "ok whats next",
        "can you tell me more about that",
        "thx a lot",
        "gotta run, bye for now then",
    ],
    [
        "what certifcations do i need for ciso",
        Click("What is the CISSP and do I need it?"),
        "ok and what about cism",
        "whats the process to get that",
        "any good cso bootcamps you'd recommend?",
        "ok thanks, bye",
    ],
    # A roadmap through the form, with the degree and certification buttons, and an email address.
    [
        "hello hello",
        "can you make me a plan to get to cso",
        "im on the helpdesk",
        "3",
        Click("Bachelor's"),
        Click("None yet"),
        "thanks!! you can reach me at jane.doe@example.com if anything changes",
        "alright cya later",
    ],
    [
        "hello, quick question",
        "am i too old at 50 to become a ciso",
        "hmm ok. what skills would i need",
        Click("Why does a CSO need risk management skills?"),
        "ok thats all, goodbye",
    ],
    [
        "whats the salery for a senior cso",
        "and for lead?",
        "which certs help to get to that level",
        "can we go back to the pay stuff",
        "what would a head of security make in euros in spain",
    ],
    [
        "what is a fractional ciso",
        "how do i become a vciso for small companies",
        "ok nevermind. roughly how many years to reach cso",
        "thanks a bunch",
    ],
    # A long self-description: the roadmap form only asks what is missing.
    [
        "hi, im currently a network engineer at a mid sized bank, been doing firewalls and vpn stuff for about 7 "
        "years and i really want to move into security leadership eventually, maybe ciso one day. where do i even "
        "start?",
        "no degree, never finished uni",
        "ccna only",
        "thank you, this is really useful",
    ],
    [
        "i never went to college, can i still end up as ciso",
        "what certs would make up for it",
        "how about the cisa one",
        "cool, bye",
    ],
    ["which ciso bootcamp is best", "what is step 6 to become a cso?", "after step 6 what do i do"],
    [
        "hi again",
        "do cisos burn out a lot, is it a stressful gig",
        "do cisos work long hours",
        "my number is +44 20 7946 0018 if a human can call me back",
        "ok bye",
    ],
    [
        "what does a director of security do",
        "and what comes after that role",
        "go on, more detail pls",
        "call me on 415-555-0132, i'd like to talk to a real career coach",
    ],
    # A roadmap from a message with a LinkedIn URL.
    [
        "here's my linkedin https://www.linkedin.com/in/jane-doe-secops what am i missing for a ciso role",
        "security engineer",
        "6",
        Click("Master's"),
        "just the cissp",
        "bye now",
    ],
    [
        "hey, hoping you can help",
        "im 52, is it too late to go for cso",
        "is there an age limit for chief security officers",
    ],
    [
        "what do cisos get in the netherlands in eur",
        "ok what does a cso earn in general",
        Click("What does an entry-level CSO earn?"),
        "bye, thanks for the numbers",
    ],
    [
        "can a 12 week course make me a ciso",
        "what certifications do you actually need then",
        Click("What is the CISSP and do I need it?"),
    ],
    [
        "can i be a fractional cso for a few startups at once",
        "what is the work environment like for a cso",
        "ok thanks bye",
    ],
    [
        "is there going to be demand for cisos in 10 years",
        Click("What does a CSO earn?"),
        "what's the going rate for a ciso in canada in cad",
        "thanks bye",
    ],
    ["i'm 58, would anyone hire me as cso", "wait are you a real person or a bot", "hmm ok"],
    [
        "im a software developer with 4 years experience and a bachelors in comp sci, what would my roadmap to ciso "
        "look like",
        "none",
        "thanks, my cell is (212) 555-0147 if you ever need it",
        "that's all for now, bye",
    ],
    [
        "is there a crash course for security leadership",
        "realistically how many years until i could be a ciso",
        "and what comes after",
    ],
    [
        "good morning, i have a q",
        "what organizations should i join",
        Click("What is the ISSA?"),
        "can you do the cso role on a retainer for small firms",
    ],
    [
        "how old are most cisos when they get the job",
        "what does a typical day look like for a ciso",
        "ok that's it from me, goodbye",
    ],
    ["hey so", "typical ciso package in australia aud", "ok whatever, what skills matter most", "see ya, thanks"],
    [
        "are there short online courses that prepare you for the cso role",
        "do i need the cissp",
        "how does cism compare",
        "nice one, cheers mate",
    ],
    [
        "how do fractional cisos find clients",
        "what is the career path to becoming a ciso",
        Click("What does a security analyst do on the way to CSO?"),
        "and the rung above that?",
        "what skills do i need for that",
        "go back to the previous one",
    ],
    [
        "i'm 47 with no security background, am i too old for this",
        "ok then how do i get started",
        "whats the first step exactly",
        "ok and after step 1?",
    ],
    # A roadmap on request, with a question about pay in the middle of the form.
    [
        "help me plan my path to ciso",
        "currently working as a security analyst",
        "whats the pay of a mid level cso",
        "5",
        "i have a masters degree in cyber security",
        "security+ and cissp, got both last year",
        "ty, thats helpful",
    ],
    [
        "what can you help me with here",
        Click("What does a CSO do?"),
        Click("What are the main responsibilities of a CSO?"),
        "does the cso handle the security budget too",
        "thanks, gotta go",
    ],
    [
        "yo bot",
        "what are the steps to get a chief security officer job",
        "explain step 6 to me",
        "and the one after that",
        "thanks, bye",
    ],
]


def _payload(click: Click, previous: Sequence[dict[str, Any]]) -> str:
    """The payload of the button titled `click.title` in the previous reply."""
    buttons = [button for message in previous for button in message.get("buttons", [])]
    for button in buttons:
        if button["title"] == click.title:
            return str(button["payload"])
    offered = ", ".join(repr(button["title"]) for button in buttons) or "none"
    raise ValueError(f"no button titled {click.title!r} in the last reply; the titles on offer: {offered}")


def play(
    rasa_url: str, sender: str, script: Sequence[Step], session: requests.Session | None = None
) -> list[list[dict[str, Any]]]:
    """Send each step over Rasa's REST channel: POST {rasa_url}/webhooks/rest/webhook with {"sender", "message"}.

    A Click sends the payload of the button titled `title` in the previous reply, or raises ValueError naming the
    title and the titles on offer. Returns the bot messages of each step.
    """
    http = session or requests.Session()
    replies: list[list[dict[str, Any]]] = []
    try:
        for step in script:
            message = step if isinstance(step, str) else _payload(step, replies[-1] if replies else [])
            response = http.post(
                f"{rasa_url}/webhooks/rest/webhook",
                json={"sender": sender, "message": message},
                timeout=TIMEOUT_SECONDS,
            )
            response.raise_for_status()
            replies.append(response.json())
    finally:
        if session is None:
            http.close()
    return replies


def main() -> None:
    parser = argparse.ArgumentParser(description="Play the scripted conversations against a running advisor.")
    parser.add_argument("--url", default="http://127.0.0.1:5005", help="the Rasa server")
    parser.add_argument("--repeat", type=int, default=1, help="how many times to play every conversation")
    args = parser.parse_args()
    conversations = messages = clicks = 0
    with requests.Session() as session:
        for _ in range(args.repeat):
            for script in CONVERSATIONS:
                play(args.url, f"traffic-{uuid.uuid4().hex}", script, session)
                conversations += 1
                messages += len(script)
                clicks += sum(isinstance(step, Click) for step in script)
    print(f"Sent {conversations} conversations: {messages} messages, {clicks} of them button clicks.")


if __name__ == "__main__":
    main()
