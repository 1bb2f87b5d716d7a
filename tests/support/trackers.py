"""Rasa SDK trackers and the events actions return, for the action tests."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from rasa_sdk import Tracker

# Builds a tracker whose latest user message has this intent and these entities (the `tracker_for` fixture).
TrackerBuilder = Callable[..., Tracker]


def slots_set(events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The slots that these action events set, by name (the last value wins)."""
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}
