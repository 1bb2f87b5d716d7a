"""The demo portal's server gives its page, pointed at the advisor, and its stylesheet, but not its own code."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from functools import partial
from http.server import ThreadingHTTPServer

import pytest
import requests

from portal.serve import PORTAL_DIR, PortalHandler


@pytest.fixture(scope="module")
def portal_url() -> Iterator[str]:
    handler = type("Handler", (PortalHandler,), {"advisor_url": "http://advisor.example:5005"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(PORTAL_DIR)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        ("/", 200, "text/html; charset=utf-8"),
        ("/index.html?utm_source=x", 200, "text/html; charset=utf-8"),
        ("/portal.css", 200, "text/css"),
        ("/serve.py", 404, None),
        ("/__init__.py", 404, None),
        ("/../pyproject.toml", 404, None),
    ],
)
def test_the_portal_serves_only_its_page(portal_url: str, path: str, status: int, content_type: str | None) -> None:
    response = requests.get(f"{portal_url}{path}", timeout=10)

    assert response.status_code == status
    if content_type:
        assert response.headers["Content-Type"] == content_type


def test_the_page_points_its_widget_at_the_advisor(portal_url: str) -> None:
    page = requests.get(portal_url, timeout=10).text

    assert '<script src="http://advisor.example:5005/webhooks/widget/cso-chat.js" defer>' in page
    assert "{{ADVISOR_URL}}" not in page
