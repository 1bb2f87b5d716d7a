"""WCAG 2.2 AA for the widget, in Chromium on a desktop and a phone viewport: axe-core (locked in
widget/package-lock.json) finds nothing in each state, and what axe cannot judge is measured here: non-text
contrast, touch targets, focus, the phone's modal dialog, reading order. The figures go to
results/accessibility.txt for the record."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.support.paths import PROJECT_DIR, SCREENSHOTS
from tests.support.servers import Servers
from tests.support.widget import Widget, embed_anew

pytestmark = pytest.mark.e2e

AXE = PROJECT_DIR / "widget" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0-2.2 A and AA, and axe's best practices (landmarks among them).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
REPORT = PROJECT_DIR / "results" / "accessibility.txt"
DEVICES: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True},
}
NON_TEXT_CONTRAST = 3.0  # WCAG 1.4.11
TOUCH_TARGET_PX = 44  # WCAG 2.5.5
DEFAULT_STARTERS = [
    "What certifications do I need?",
    "How long does it take to become a CSO?",
    "Can I become a CSO without a degree?",
    "What does a CSO earn?",
]


@pytest.fixture(scope="module")
def report() -> Iterator[list[str]]:
    lines: list[str] = []
    yield lines
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text("\n".join(sorted(lines)) + "\n")


def on(browser: Browser, servers: Servers, device: str) -> Iterator[Widget]:
    """The portal with its widget on this device; no script may throw or open a dialog."""
    context = browser.new_context(**DEVICES[device])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    def refuse(dialog: Dialog) -> None:
        errors.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", refuse)
    page.goto(servers.portal_url)
    expect(page.locator("cso-chat .launcher")).to_be_visible()
    yield Widget(page)
    context.close()
    assert errors == []


@pytest.fixture(params=list(DEVICES))
def device(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def widget(browser: Browser, servers: Servers, device: str) -> Iterator[Widget]:
    yield from on(browser, servers, device)


@pytest.fixture
def phone(browser: Browser, servers: Servers) -> Iterator[Widget]:
    yield from on(browser, servers, "phone")


def axe_violations(page: Page) -> tuple[list[str], int]:
    """axe-core's violations on the whole page, widget included (it reads open shadow roots), and the
    number of rules that passed."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found: dict[str, Any] = page.evaluate(
        """async tags => {
            const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
            return {
                violations: results.violations.map(
                    v => `${v.id} (${v.impact}): ${v.nodes.map(n => JSON.stringify(n.target)).join(", ")}`),
                passed: results.passes.length,
            };
        }""",
        AXE_TAGS,
    )
    return found["violations"], found["passed"]


def contrast(page: Page, first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS colours, computed by axe-core's own colour code."""
    ratio: float = page.evaluate(
        """([first, second]) => {
            const parse = text => {
                const colour = new axe.commons.color.Color();
                colour.parseString(text);
                return colour;
            };
            return axe.commons.color.getContrast(parse(first), parse(second));
        }""",
        [first, second],
    )
    return round(ratio, 2)


def style(page: Page, selector: str, property_name: str) -> str:
    value: str = page.locator(f"cso-chat {selector}").first.evaluate(
        "(element, name) => getComputedStyle(element)[name]", property_name
    )
    return value


def first_colour(css: str) -> str:
    """The first colour in a computed value such as box-shadow's "rgb(255, 255, 255) 0px 0px 0px 3px, ..."."""
    found = re.search(r"rgba?\([^)]*\)", css)
    assert found, css
    return found.group()


def ask_for_buttons(widget: Widget) -> None:
    widget.ask("what certifications do I need?")
    expect(widget.quick_replies.first).to_be_visible()


def start_roadmap(widget: Widget) -> None:
    """Half-way through the roadmap form: the question on the degree, with its buttons."""
    answered = widget.bot_messages.count()
    widget.textarea.fill("help me plan my path to ciso")
    widget.textarea.press("Enter")
    assert "current job" in widget.wait_for_answer(answered + 1)  # the introduction, then the first question
    assert "highest degree" in widget.ask("I'm a network admin with 6 years")
    expect(widget.quick_replies.first).to_be_visible()


def as_loaded(widget: Widget) -> None:
    """The portal as it loads: the widget closed."""


def with_buttons(widget: Widget) -> None:
    widget.open()
    ask_for_buttons(widget)


def in_the_roadmap_form(widget: Widget) -> None:
    widget.open()
    start_roadmap(widget)


def is_phone(page: Page) -> bool:
    phone: bool = page.evaluate("matchMedia('(max-width: 480px)').matches")
    return phone


STATES: dict[str, Callable[[Widget], None]] = {
    "closed": as_loaded,
    "open": Widget.open,
    "conversation with buttons": with_buttons,
    "roadmap form in progress": in_the_roadmap_form,
}


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_no_violation(widget: Widget, device: str, state: str, report: list[str]) -> None:
    STATES[state](widget)

    violations, passed = axe_violations(widget.page)

    report.append(f"axe {device:<7} {state:<26} {len(violations)} violations, {passed} rules passed")
    assert violations == []


@pytest.mark.parametrize("primary", ["portal's", "default"])
def test_non_text_contrast_is_at_least_3_to_1(widget: Widget, device: str, primary: str, report: list[str]) -> None:
    page = widget.page
    if primary == "default":
        widget = embed_anew(page, {})
    page.add_script_tag(path=str(AXE))
    footer = page.evaluate("getComputedStyle(document.querySelector('footer')).backgroundColor")
    page_backgrounds = {"white": "rgb(255, 255, 255)", "the portal's page": "rgb(246, 245, 241)", "its footer": footer}
    launcher_fill = style(page, ".launcher", "backgroundColor")
    launcher_ring = first_colour(style(page, ".launcher", "boxShadow"))
    ratios = {
        f"launcher on {name}": max(contrast(page, launcher_fill, colour), contrast(page, launcher_ring, colour))
        for name, colour in page_backgrounds.items()
    }

    widget.part(".launcher").focus()
    page.keyboard.press("Enter")  # opened from the keyboard: the input's focus ring shows
    widget.expect_online()
    expect(widget.textarea).to_be_focused()
    outer, inner = style(page, "textarea", "outlineColor"), first_colour(style(page, "textarea", "boxShadow"))
    panel, header = style(page, ".panel", "backgroundColor"), style(page, ".header", "backgroundColor")
    ratios["focus ring on the panel"] = max(contrast(page, outer, panel), contrast(page, inner, panel))
    ratios["focus ring on the header"] = max(contrast(page, outer, header), contrast(page, inner, header))
    ratios["typing dots"] = contrast(page, style(page, ".typing i", "backgroundColor"), panel)

    for name, ratio in ratios.items():
        report.append(f"contrast {device:<7} {primary:<8} {name:<28} {ratio}:1")
    assert {name: ratio for name, ratio in ratios.items() if ratio < NON_TEXT_CONTRAST} == {}


def test_touch_targets_are_at_least_44_px_on_a_phone(phone: Widget, report: list[str]) -> None:
    expect(phone.part(".launcher")).to_be_visible()
    sizes = {"launcher": phone.part(".launcher").bounding_box()}
    phone.open()
    ask_for_buttons(phone)
    for name, selector in [
        ("close", ".close"),
        ("new chat", ".new-conversation"),
        ("send", ".send"),
        ("input", "textarea"),
        ("quick reply", ".quick-replies button"),
    ]:
        sizes[name] = phone.part(selector).first.bounding_box()

    for name, box in sizes.items():
        assert box is not None, name
        report.append(f"target  phone   {name:<12} {box['width']:.0f}x{box['height']:.0f} px")
    assert {
        name: box for name, box in sizes.items() if box and min(box["width"], box["height"]) < TOUCH_TARGET_PX
    } == {}


def test_focus_returns_to_the_input_after_a_quick_reply(widget: Widget) -> None:
    widget.open()
    ask_for_buttons(widget)
    answered = widget.bot_messages.count()

    widget.quick_replies.first.focus()
    widget.page.keyboard.press("Enter")

    expect(widget.textarea).to_be_focused()
    widget.wait_for_answer(answered)


def focused_in_widget(page: Page) -> str | None:
    """The class of the focused element inside the widget, or None when focus is elsewhere on the page."""
    focused: str | None = page.evaluate(
        """() => document.activeElement === document.querySelector("cso-chat")
            ? document.querySelector("cso-chat").shadowRoot.activeElement?.className ?? null
            : null"""
    )
    return focused


def test_on_a_phone_the_open_panel_is_a_modal_dialog(phone: Widget) -> None:
    page = phone.page
    phone.open()
    ask_for_buttons(phone)

    expect(phone.panel).to_have_attribute("aria-modal", "true")
    assert page.evaluate("['header', 'main', 'footer'].every(tag => document.querySelector(tag).inert)")
    expect(phone.part(".launcher")).to_have_js_property("inert", True)
    visited = set()
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        visited.add(focused_in_widget(page))
    assert None not in visited  # focus never left the panel
    assert {"close", "new-conversation", "send"} <= visited

    page.keyboard.press("Escape")

    expect(phone.panel).to_be_hidden()
    expect(phone.part(".launcher")).to_be_focused()
    assert page.evaluate("['header', 'main', 'footer'].every(tag => !document.querySelector(tag).inert)")


def test_on_a_desktop_the_page_stays_usable_beside_the_panel(browser: Browser, servers: Servers) -> None:
    for desktop in on(browser, servers, "desktop"):
        desktop.open()
        expect(desktop.panel).to_have_attribute("aria-modal", "false")
        assert desktop.page.evaluate("!document.querySelector('main').inert")
        desktop.page.locator("button.apply").click()  # the portal still answers clicks


@pytest.mark.parametrize("start", [".log", ".close", ".new-conversation", "textarea", ".launcher"])
def test_escape_closes_the_chat_from_anywhere_in_the_widget(widget: Widget, start: str) -> None:
    widget.open()
    if start == ".launcher" and is_phone(widget.page):
        pytest.skip("on a phone the launcher is behind the open panel, and inert")
    widget.part(start).focus()

    widget.page.keyboard.press("Escape")

    expect(widget.panel).to_be_hidden()


def test_the_source_line_is_a_paragraph_of_its_own(widget: Widget) -> None:
    widget.open()
    widget.ask("what skills does a CSO need?")
    answer = widget.bot_messages.last

    expect(answer.locator("li").last).not_to_contain_text("Source")
    expect(answer.locator("> p").last).to_contain_text("Source: the career guide")


def test_starter_questions_on_the_greeting_and_after_new_chat(widget: Widget) -> None:
    widget.open()
    expect(widget.quick_replies).to_have_text(DEFAULT_STARTERS)

    widget.quick_replies.nth(1).click()
    widget.wait_for_answer(1)
    expect(widget.user_messages.last).to_have_text(DEFAULT_STARTERS[1])
    widget.part(".new-conversation").click()

    expect(widget.bot_messages).to_have_count(1)
    expect(widget.quick_replies).to_have_text(DEFAULT_STARTERS)


@pytest.mark.parametrize(
    ("attribute", "shown"),
    [("Is a CISSP enough? | What about CISM?", ["Is a CISSP enough?", "What about CISM?"]), ("", [])],
)
def test_the_page_chooses_the_starter_questions(widget: Widget, attribute: str, shown: list[str]) -> None:
    chat = embed_anew(widget.page, {"starter-questions": attribute})
    chat.open()

    expect(chat.quick_replies).to_have_text(shown)


def test_the_input_grows_to_about_four_lines(widget: Widget) -> None:
    widget.open()
    one_line = widget.textarea.bounding_box()
    widget.textarea.press_sequentially("first line")
    widget.textarea.press("Shift+Enter")
    widget.textarea.press_sequentially("second line")
    two_lines = widget.textarea.bounding_box()
    widget.textarea.fill("\n".join(f"line {number}" for number in range(10)))
    widget.textarea.dispatch_event("input")
    ten_lines = widget.textarea.bounding_box()
    assert one_line
    assert two_lines
    assert ten_lines
    line_height = two_lines["height"] - one_line["height"]

    assert 15 < line_height < 30
    assert round((ten_lines["height"] - one_line["height"]) / line_height) == 3  # four lines, then it scrolls
    assert widget.textarea.evaluate("element => element.scrollHeight > element.clientHeight")


def test_the_launcher_shows_whether_the_chat_is_open(widget: Widget) -> None:
    launcher = widget.part(".launcher")
    expect(launcher.locator(".when-closed")).to_be_visible()
    expect(launcher.locator(".when-open")).to_be_hidden()

    widget.open()
    if not is_phone(widget.page):  # on a phone the launcher is behind the panel
        expect(launcher.locator(".when-open")).to_be_visible()
        expect(launcher.locator(".when-closed")).to_be_hidden()
    expect(launcher).to_have_attribute("aria-expanded", "true")


@pytest.mark.parametrize(("attributes", "lang"), [({}, "en"), ({"lang": "fr"}, "fr")])
def test_the_widget_has_a_language_the_page_can_set(widget: Widget, attributes: dict[str, str], lang: str) -> None:
    widget.page.evaluate("document.documentElement.lang = 'de'")  # a German portal
    chat = embed_anew(widget.page, attributes)

    expect(chat.part(".widget")).to_have_attribute("lang", lang)


def test_on_a_phone_the_panel_stays_above_the_on_screen_keyboard(browser: Browser, servers: Servers) -> None:
    context = browser.new_context(**DEVICES["phone"])
    page = context.new_page()
    # Chromium has no on-screen keyboard to open: a stand-in visualViewport reports the visible part as iOS
    # does when its keyboard covers the lower half of the screen.
    page.add_init_script(
        """{
            const viewport = new EventTarget();
            Object.assign(viewport, { height: 844, width: 390, offsetTop: 0, offsetLeft: 0, scale: 1 });
            Object.defineProperty(window, "visualViewport", { value: viewport });
        }"""
    )
    page.goto(servers.portal_url)
    phone = Widget(page)
    phone.open()
    assert phone.panel.bounding_box() == {"x": 0, "y": 0, "width": 390, "height": 844}

    page.evaluate(
        "Object.assign(visualViewport, { height: 480, offsetTop: 20 });"
        "visualViewport.dispatchEvent(new Event('resize'))"
    )

    assert phone.panel.bounding_box() == {"x": 0, "y": 20, "width": 390, "height": 480}
    expect(phone.textarea).to_be_in_viewport()
    context.close()


def test_screenshot_of_a_conversation_on_a_phone(phone: Widget) -> None:
    phone.open()
    phone.ask("I'm a network engineer with 5 years of experience. How long until I could be a CSO?")
    ask_for_buttons(phone)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.page.screenshot(path=SCREENSHOTS / "widget-phone-conversation.png")
    expect(phone.quick_replies.first).to_be_in_viewport()
