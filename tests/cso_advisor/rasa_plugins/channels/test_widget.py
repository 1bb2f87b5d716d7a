"""The widget channel's settings: which origins it accepts and where its script is."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from cso_advisor.rasa_plugins.channels.rest import MAX_MESSAGE_CHARS
from cso_advisor.rasa_plugins.channels.widget import WidgetConfigurationError, WidgetInput, parse_allowed_origins
from tests.support.paths import PROJECT_DIR


@pytest.mark.parametrize(
    ("setting", "origins"),
    [
        ("https://careers.example.com", ["https://careers.example.com"]),
        ("http://localhost:8080 http://127.0.0.1:8080", ["http://localhost:8080", "http://127.0.0.1:8080"]),
        ("https://a.example.com, https://b.example.com\n", ["https://a.example.com", "https://b.example.com"]),
        (["https://a.example.com"], ["https://a.example.com"]),
    ],
)
def test_allowed_origins_are_read_from_a_string_or_a_list(setting: Any, origins: list[str]) -> None:
    assert parse_allowed_origins(setting) == origins


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        (None, "is empty"),
        ("", "is empty"),
        ("  ,  ", "is empty"),
        ([], "is empty"),
        ("*", "may not be '*'"),
        ("https://a.example.com *", "may not be '*'"),
        ("https://careers.example.com/", "'https://careers.example.com/' in `allowed_origins` is not an origin"),
        ("https://careers.example.com/jobs", "is not an origin"),
        ("careers.example.com", "is not an origin"),
        ("ftp://careers.example.com", "is not an origin"),
        ("https://Careers.example.com", "is not an origin"),
        ([42], "is empty"),
    ],
)
def test_unusable_allowed_origins_stop_the_server_with_a_reason(setting: Any, problem: str) -> None:
    with pytest.raises(WidgetConfigurationError, match=re.escape(problem)):
        parse_allowed_origins(setting)


def test_the_channel_refuses_to_start_without_its_script(tmp_path: Path) -> None:
    missing = tmp_path / "cso-chat.js"

    with pytest.raises(WidgetConfigurationError, match="make widget"):
        WidgetInput.from_credentials({"allowed_origins": "https://a.example.com", "widget_script": str(missing)})


def test_the_channel_reads_its_settings(tmp_path: Path) -> None:
    script = tmp_path / "cso-chat.js"
    script.write_text("// built widget")

    channel = WidgetInput.from_credentials(
        {"allowed_origins": "https://a.example.com", "widget_script": str(script), "session_persistence": True}
    )

    assert isinstance(channel, WidgetInput)
    assert channel.allowed_origins == ["https://a.example.com"]
    assert channel.widget_script == script
    assert channel.session_persistence is True
    assert WidgetInput.name() == "widget"


def test_the_widget_allows_the_messages_the_server_takes() -> None:
    """The widget's input holds at most what the server answers (MAX_MESSAGE_CHARS), and no less."""
    source = (PROJECT_DIR / "widget" / "src" / "cso-chat.js").read_text(encoding="utf-8")
    widget_limit = re.search(r"^const MAX_MESSAGE_LENGTH = (\d+);$", source, re.MULTILINE)

    assert widget_limit is not None
    assert int(widget_limit.group(1)) == MAX_MESSAGE_CHARS
