"""Serve the demo careers portal (portal/) on its own origin, pointing its widget snippet at the advisor."""

from __future__ import annotations

import argparse
import html
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PORTAL_DIR = Path(__file__).resolve().parent
STYLESHEETS = ("/portal.css",)  # the page's files besides itself; this script, beside them, is not served


class PortalHandler(SimpleHTTPRequestHandler):
    advisor_url = ""

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        if path in STYLESHEETS:
            super().do_GET()
            return
        if path not in ("/", "/index.html"):
            self.send_error(404)
            return
        page = (PORTAL_DIR / "index.html").read_text(encoding="utf-8")
        body = page.replace("{{ADVISOR_URL}}", html.escape(self.advisor_url)).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--advisor-url", default="http://localhost:5005", help="where the Rasa server is")
    arguments = parser.parse_args()

    handler = type("Handler", (PortalHandler,), {"advisor_url": arguments.advisor_url.rstrip("/")})
    server = ThreadingHTTPServer((arguments.host, arguments.port), partial(handler, directory=str(PORTAL_DIR)))
    print(f"Demo careers portal on http://{arguments.host}:{arguments.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
