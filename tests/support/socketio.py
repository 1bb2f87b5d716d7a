"""A socket.io client of the widget channel, as the widget is one."""

from __future__ import annotations

from typing import Any

import socketio


def new_client() -> socketio.SimpleClient:
    # websocket-client would add an Origin of its own beside the page origin these tests send.
    return socketio.SimpleClient(websocket_extra_options={"suppress_origin": True})


def request_session(client: socketio.SimpleClient, session_id: Any) -> str:
    client.emit("session_request", {"session_id": session_id})
    event, confirmed = client.receive(timeout=10)
    assert event == "session_confirm"
    assert isinstance(confirmed, str)
    return confirmed
