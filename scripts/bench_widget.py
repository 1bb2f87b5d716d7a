"""Time the widget in a real browser against a running `make run`: page load to the first answer.

Each run opens the demo portal in a fresh browser profile, clicks the job listing's "Ask the career advisor"
button as soon as the page has loaded, and waits for the advisor's answer. Times are from the start of navigation,
measured by the page's own clock (performance.now()).
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

FIRST_ANSWER = "document.querySelector('cso-chat')?.shadowRoot?.querySelectorAll('.message.bot').length >= 2"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--portal", default="http://localhost:8080", help="the demo portal's URL")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    arguments = parser.parse_args()

    timings: dict[str, list[float]] = {"page loaded": [], "first answer": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=arguments.chromium, args=["--no-sandbox"])
        for _ in range(arguments.runs):
            context = browser.new_context()
            page = context.new_page()
            page.goto(arguments.portal, wait_until="load")
            timings["page loaded"].append(page.evaluate("performance.now()"))
            page.locator("button.ask").click()
            page.wait_for_function(FIRST_ANSWER, polling="raf", timeout=60_000)
            timings["first answer"].append(page.evaluate("performance.now()"))
            context.close()
        browser.close()

    print(f"{arguments.runs} runs against {arguments.portal}, ms from the start of navigation:")
    for name, values in timings.items():
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(f"  {name:<13} median {statistics.median(values):7.0f}   p95 {p95:7.0f}   max {ordered[-1]:7.0f}")


if __name__ == "__main__":
    main()
