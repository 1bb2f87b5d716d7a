"""The widget in a real headless Chromium, embedded in the demo portal, talking to the real servers."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
import requests
from playwright.sync_api import Page, WebSocketRoute, expect

from cso_advisor.core.knowledge import KnowledgeBase
from tests.support.paths import SCREENSHOTS
from tests.support.servers import Servers
from tests.support.widget import ANSWER_TIMEOUT_MS, Widget, embed_anew

pytestmark = pytest.mark.e2e

OFFLINE_TEXT = re.compile(r"can't be reached")


def route_socket(page: Page, handler: Callable[[WebSocketRoute], None]) -> None:
    """Send the widget's websocket through `handler`; routes apply to pages loaded after them, hence the reload."""
    page.route_web_socket(re.compile(r"/socket\.io/"), handler)
    page.reload()


@pytest.fixture
def widget(page: Page, servers: Servers) -> Widget:
    page.goto(servers.portal_url)
    return Widget(page)


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        ("What certifications do I need?", [r"CISSP", r"CISM", r"CISA"]),
        ("How long does it take to become a CSO?", [r"10\s*(?:-|–|to)\s*15"]),
        ("what does a senior CSO earn", [r"\$150,000", r"\$200,000"]),
    ],
)
def test_answers_hold_the_expected_facts(widget: Widget, question: str, facts: list[str]) -> None:
    widget.open()

    answer = widget.ask(question)

    expect(widget.user_messages.last).to_have_text(question)
    for fact in facts:
        assert re.search(fact, answer), f"{fact!r} not in the answer to {question!r}:\n{answer}"


def test_three_questions_in_one_conversation(widget: Widget) -> None:
    widget.open()
    greeting = widget.bot_messages.first.inner_text()

    assert "CISSP" in widget.ask("which certs matter most for a CSO?")
    assert "$" in widget.ask("and the salary?")
    assert re.search(r"(?i)degree", widget.ask("can I do it without a degree?"))

    expect(widget.user_messages).to_have_count(3)
    expect(widget.bot_messages).to_have_count(4)
    assert widget.bot_messages.first.inner_text() == greeting
    expect(widget.part(".message strong").first).to_be_visible()  # markdown bold rendered as bold
    expect(widget.part(".message li").first).to_be_visible()  # and bullet lists as lists
    widget.page.screenshot(path=SCREENSHOTS / "widget-conversation.png")


def test_a_roadmap_asked_for_in_the_widget_renders_as_sections(widget: Widget) -> None:
    widget.open()
    answered = widget.bot_messages.count()
    widget.textarea.fill("help me plan my path to ciso")
    widget.textarea.press("Enter")
    assert "current job" in widget.wait_for_answer(answered + 1)  # the introduction, then the first question
    question = widget.ask("I'm a network admin with 6 years and a Security+")
    assert "highest degree" in question
    expect(widget.quick_replies).to_have_text(["None", "Bachelor's", "Master's", "MBA", "Skip"])

    answered = widget.bot_messages.count()
    widget.quick_replies.get_by_text("Bachelor's").click()
    roadmap = widget.wait_for_answer(answered)

    assert roadmap.startswith("Your roadmap to CSO")
    assert "network administrator · 6 years' experience · bachelor's degree · Security+" in roadmap
    last = widget.bot_messages.last
    expect(last.locator("strong", has_text="Where you stand:")).to_be_visible()
    expect(last.locator("li")).to_have_count(3)  # the next rung's three tips, as a list
    # One paragraph per section, and the source line its own: no section runs into another.
    expect(last.locator("p")).to_have_count(11)
    expect(widget.quick_replies.last).to_have_text("Start over")
    widget.page.screenshot(path=SCREENSHOTS / "widget-roadmap.png")


def test_the_portal_button_opens_the_widget_with_its_question_asked(widget: Widget) -> None:
    widget.page.get_by_role("button", name=re.compile("Ask the career advisor")).click()

    answer = widget.wait_for_answer(1)

    expect(widget.panel).to_be_visible()
    expect(widget.user_messages.first).to_have_text("What certifications does this role need?")
    assert "CISSP" in answer


def test_a_quick_reply_asks_its_question(widget: Widget, knowledge: KnowledgeBase) -> None:
    widget.open()
    widget.ask("what skills does a ciso need")
    expect(widget.quick_replies.first).to_be_visible()
    button = widget.stored()["messages"][-1]["buttons"][0]
    intent, _, entities = button["payload"][1:].partition("{")
    expected = knowledge.find_answer(intent, re.findall(r'"([a-z0-9_]+)"}', "{" + entities))
    assert expected is not None

    widget.quick_replies.first.click()
    answer = widget.wait_for_answer(2)

    expect(widget.user_messages.last).to_have_text(button["title"])
    assert answer.startswith(expected.title), f"{button} led to:\n{answer}"


def test_the_conversation_survives_a_reload_and_can_start_over(widget: Widget) -> None:
    widget.open()
    widget.ask("tell me about CISM")
    before = widget.part(".log").inner_text()
    session_id = widget.stored()["sessionId"]

    widget.page.reload()

    widget.expect_online()  # reopens by itself, as it was left open
    assert widget.part(".log").inner_text() == before
    assert widget.stored()["sessionId"] == session_id
    assert re.search(r"\$250,000", widget.ask("how much do lead CSOs make"))

    widget.part(".new-conversation").click()

    expect(widget.user_messages).to_have_count(0)
    expect(widget.bot_messages).to_have_count(1)
    assert widget.stored()["sessionId"] != session_id
    assert "CISSP" in widget.ask("what certifications do I need")


def test_user_text_is_never_markup(widget: Widget) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    widget.open()

    widget.ask(hostile)

    expect(widget.user_messages.last).to_have_text(hostile)
    assert widget.part("img").count() == 0
    assert widget.page.locator("img").count() == 0
    # The `page` fixture fails the test if anything opened a dialog, such as alert(1).


def test_a_hostile_bot_answer_renders_no_markup_and_no_script_link(widget: Widget) -> None:
    """A compromised server is simulated by injecting one bot message into the real websocket."""
    routes: list[WebSocketRoute] = []

    def forward_and_keep(route: WebSocketRoute) -> None:
        route.connect_to_server()  # everything else flows through to the real Rasa server unchanged
        routes.append(route)

    route_socket(widget.page, forward_and_keep)
    widget.open()
    answer = {
        "text": "[click me](javascript:alert(1)) <img src=x onerror=alert(1)> [the ISC2 site](https://www.isc2.org/)",
        "quick_replies": [{"title": "<b>bold?</b>", "payload": "/greet"}],
    }

    routes[-1].send("42" + json.dumps(["bot_uttered", answer]))

    expect(widget.bot_messages).to_have_count(2)
    message = widget.bot_messages.last
    expect(message).to_contain_text("[click me](javascript:alert(1))")
    expect(message).to_contain_text("<img src=x onerror=alert(1)>")
    assert message.locator("img").count() == 0
    links = message.locator("a")
    expect(links).to_have_count(1)
    expect(links).to_have_attribute("href", "https://www.isc2.org/")
    expect(links).to_have_attribute("rel", "noopener noreferrer")
    expect(widget.quick_replies.first).to_have_text("<b>bold?</b>")
    message.get_by_text("click me").click()  # plain text: nothing to run


def test_the_typing_indicator_shows_while_waiting(widget: Widget) -> None:
    routes: list[WebSocketRoute] = []
    held: list[str | bytes] = []

    def hold_bot_messages(route: WebSocketRoute) -> None:
        def to_page(message: str | bytes) -> None:
            if "bot_uttered" in str(message):
                held.append(message)
            else:
                route.send(message)

        route.connect_to_server().on_message(to_page)
        routes.append(route)

    route_socket(widget.page, hold_bot_messages)
    widget.open()
    widget.textarea.fill("what is the CISSP")
    widget.textarea.press("Enter")

    expect(widget.part(".typing")).to_be_visible()
    for _ in range(ANSWER_TIMEOUT_MS // 100):  # Playwright hands over the held answer while the page waits
        if held:
            break
        widget.page.wait_for_timeout(100)
    expect(widget.part(".typing")).to_be_visible()
    routes[-1].send(held[0])
    expect(widget.part(".typing")).to_be_hidden()
    expect(widget.bot_messages.last).to_contain_text("CISSP")


def test_offline_state_and_automatic_reconnect(widget: Widget, servers: Servers) -> None:
    widget.open()
    widget.ask("tell me about CISSP")

    servers.stop("rasa")
    try:
        expect(widget.status).to_have_text(OFFLINE_TEXT)
        expect(widget.panel).to_have_attribute("data-connection", "offline")
        expect(widget.part(".send")).to_be_disabled()
        widget.textarea.fill("what about CISM?")
        widget.textarea.press("Enter")
        expect(widget.textarea).to_have_value("what about CISM?")  # kept until it can be sent
        widget.page.screenshot(path=SCREENSHOTS / "widget-offline.png")
    finally:
        servers.start("rasa")

    widget.expect_online()
    expect(widget.status).to_be_hidden()
    widget.textarea.press("Enter")
    assert "Certified Information Security Manager" in widget.wait_for_answer(2)
    expect(widget.user_messages).to_have_text(["tell me about CISSP", "what about CISM?"])


def test_a_page_from_an_origin_outside_the_allowlist_is_refused(page: Page, servers: Servers) -> None:
    page.goto(servers.foreign_portal_url)
    widget = Widget(page)

    widget.part(".launcher").click()

    expect(widget.panel).to_have_attribute("data-connection", "offline")
    expect(widget.status).to_have_text(OFFLINE_TEXT)
    page.wait_for_timeout(3000)  # several reconnection attempts
    expect(widget.panel).to_have_attribute("data-connection", "offline")

    handshake = f"{servers.rasa_url}/socket.io/?EIO=4&transport=polling"
    refused = requests.get(handshake, headers={"Origin": servers.foreign_portal_url}, timeout=10)
    allowed = requests.get(handshake, headers={"Origin": servers.portal_url}, timeout=10)
    assert refused.status_code == 400
    assert "Access-Control-Allow-Origin" not in refused.headers
    assert allowed.status_code == 200
    assert allowed.headers["Access-Control-Allow-Origin"] == servers.portal_url


def test_the_widget_fits_a_phone(page: Page, servers: Servers) -> None:
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(servers.portal_url)
    widget = Widget(page)
    widget.open()

    answer = widget.ask("what does a CSO do?")

    box = widget.panel.bounding_box()
    assert box is not None
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 375, 667)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    for control in (widget.textarea, widget.part(".send"), widget.part(".close")):
        expect(control).to_be_in_viewport()
    assert answer
    page.screenshot(path=SCREENSHOTS / "widget-phone.png")


def test_keyboard_only_use_and_screen_reader_announcements(widget: Widget) -> None:
    page = widget.page
    launcher = widget.part(".launcher")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(widget.part(".log")).to_have_attribute("aria-live", "polite")
    expect(widget.part(".log")).to_have_attribute("role", "log")

    launcher.focus()
    page.keyboard.press("Enter")

    widget.expect_online()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.textarea).to_be_focused()
    page.keyboard.type("what are the steps to become a cso")
    page.keyboard.press("Enter")
    assert re.search(r"(?i)step", widget.wait_for_answer(1))

    page.keyboard.press("Escape")

    expect(widget.panel).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_accessible_name("Chat with the CSO Career Advisor")


def test_every_embedding_option(widget: Widget) -> None:
    options = {
        "chat-title": "Ask Ada",
        "primary-color": "rgb(200, 30, 90)",
        "position": "left",
        "open": "",
        "greeting": "Welcome to **Acme** careers.",
        "question": "how long does it take to become a cso",
    }
    widget = embed_anew(widget.page, options)

    widget.expect_online()  # `open`: open on load
    expect(widget.part("h2")).to_have_text("Ask Ada")
    expect(widget.part(".launcher")).to_have_css("background-color", "rgb(200, 30, 90)")
    launcher = widget.part(".launcher").bounding_box()
    assert launcher is not None
    assert launcher["x"] < 100  # bottom left
    expect(widget.bot_messages.first).to_have_text("Welcome to Acme careers.")
    expect(widget.part(".message.bot strong").first).to_have_text("Acme")
    expect(widget.user_messages.first).to_have_text("how long does it take to become a cso")
    assert re.search(r"10\s*(?:-|–|to)\s*15", widget.wait_for_answer(1))


def test_the_server_url_option_and_a_bad_colour(widget: Widget, servers: Servers) -> None:
    # The script comes from 127.0.0.1; `server-url` names the same server as localhost, a different origin.
    server_url = servers.rasa_url.replace("127.0.0.1", "localhost")
    sockets: list[str] = []
    widget.page.on("websocket", lambda socket: sockets.append(socket.url))
    widget = embed_anew(widget.page, {"server-url": f"{server_url}/", "primary-color": "red; background: url(x)"})

    widget.open()

    assert sockets
    assert all(url.startswith(server_url.replace("http://", "ws://") + "/socket.io/") for url in sockets)
    expect(widget.part(".launcher")).to_have_css("background-color", "rgb(29, 78, 216)")  # the default
    assert "CISSP" in widget.ask("what certifications do I need")


# Inherited properties, which cross into a shadow root unless reset, and padding, which a page's `*` rule sets.
PROBED = ("fontFamily", "fontSize", "color", "letterSpacing", "textTransform", "textAlign", "visibility", "padding")
HOSTILE_PAGE_CSS = """
* { font-family: serif !important; font-size: 30px !important; color: red !important; padding: 40px !important;
    letter-spacing: 5px !important; text-transform: uppercase !important; text-align: right !important; }
cso-chat { visibility: hidden; }
"""


def test_page_and_widget_styles_do_not_meet(widget: Widget) -> None:
    page = widget.page
    widget.open()
    probes = [widget.part(".send"), widget.bot_messages.first, widget.textarea]

    def computed() -> list[dict[str, str]]:
        return [
            probe.evaluate("(e, names) => names.map(n => getComputedStyle(e)[n])", list(PROBED)) for probe in probes
        ]

    before = computed()
    portal_button = page.locator("button.apply")
    expect(portal_button).to_have_css("padding", "10px 18px")  # the portal's own rule still applies to its buttons

    page.add_style_tag(content=HOSTILE_PAGE_CSS)

    assert computed() == before
