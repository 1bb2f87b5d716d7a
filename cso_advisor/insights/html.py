"""The report as one self-contained HTML page: the charts are SVG images embedded in the page, so it can be
mailed or archived as a single file and opened offline."""

from __future__ import annotations

import base64
import datetime
import io
from collections.abc import Sequence

import jinja2
import matplotlib

matplotlib.use("Agg")  # draws to files; no display needed; set before pyplot is imported
import matplotlib.pyplot as plt
from matplotlib import dates
from matplotlib.figure import Figure

from cso_advisor.insights.masking import mask
from cso_advisor.insights.report import Report
from cso_advisor.insights.review import Group

MAX_GROUPS = 50  # the page lists the largest groups; `make review` lists them all
MAX_EXAMPLES = 5
_COLOURS = {"messages": "#9fb3c8", "conversations": "#243b53", "fallbacks": "#d64545"}
_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("cso_advisor.insights"),
    autoescape=True,  # every message shown was typed by someone on the internet
    undefined=jinja2.StrictUndefined,
)
# Text as paths: the charts look the same whatever fonts the reader's machine has.
plt.rcParams.update({"svg.fonttype": "path", "svg.hashsalt": "cso-report", "font.size": 10})


def render(report: Report, queue: Sequence[Group], generated: datetime.datetime) -> str:
    charts = {
        "days": _days_chart(report),
        "topics": _ranking_chart(report.topics),
        "endings": _ranking_chart(report.endings),
        "buttons": _ranking_chart(report.buttons),
    }
    return _TEMPLATES.get_template("report.html").render(
        report=report,
        queue=queue,
        charts=charts,
        mask=mask,
        max_groups=MAX_GROUPS,
        max_examples=MAX_EXAMPLES,
        generated=generated.strftime("%Y-%m-%d %H:%M UTC"),
    )


def _days_chart(report: Report) -> str | None:
    if not report.days:
        return None
    days = [day.date for day in report.days]
    figure, (volume, rate) = plt.subplots(
        2, 1, figsize=(10, 4.6), sharex=True, gridspec_kw={"height_ratios": [2, 1]}, constrained_layout=True
    )
    volume.bar(days, [day.messages for day in report.days], color=_COLOURS["messages"], label="messages")
    volume.plot(days, [day.conversations for day in report.days], color=_COLOURS["conversations"],
                marker="o", markersize=3, label="conversations")  # fmt: skip
    volume.legend(loc="lower left", bbox_to_anchor=(0, 1), ncol=2, frameon=False)  # above the bars
    volume.set_ylabel("per day")
    rates = [100 * day.fallbacks / day.messages if day.messages else 0.0 for day in report.days]
    rate.plot(days, rates, color=_COLOURS["fallbacks"], marker="o", markersize=3)
    rate.set_ylabel("fallbacks, %")
    rate.set_ylim(bottom=0)
    for axes in (volume, rate):
        axes.spines[["top", "right"]].set_visible(False)
    # Whole days on the axis, however few: one tick per day up to ten, then every few days.
    locator = dates.DayLocator(interval=max(1, len(days) // 10))
    rate.xaxis.set_major_locator(locator)
    rate.xaxis.set_major_formatter(dates.ConciseDateFormatter(locator))
    rate.set_xlim(dates.date2num(days[0]) - 0.5, dates.date2num(days[-1]) + 0.5)
    return _embedded(figure)


def _ranking_chart(rows: Sequence[tuple[str, int]]) -> str | None:
    if not rows:
        return None
    labels = [_shortened(label) for label, _ in reversed(rows)]
    counts = [count for _, count in reversed(rows)]
    figure, axes = plt.subplots(figsize=(5.2, 0.34 * len(rows) + 0.6), constrained_layout=True)
    bars = axes.barh(labels, counts, color=_COLOURS["conversations"])
    axes.bar_label(bars, labels=[f"{count:,}" for count in counts], padding=3)
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    axes.set_xticks([])
    return _embedded(figure)


def _shortened(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _embedded(figure: Figure) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg")
    plt.close(figure)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
