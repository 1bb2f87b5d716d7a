"""The security defaults of the running servers (docs/security.md lists every endpoint and its protection)."""

from __future__ import annotations

import ipaddress
import re
import socket
import struct
from pathlib import Path

import pytest
import requests

from tests.support.paths import PROJECT_DIR
from tests.support.servers import Servers

pytestmark = pytest.mark.e2e


def _listening_addresses(port: int) -> set[str]:
    """The local addresses that accept TCP connections on this port (Linux /proc/net/tcp and tcp6)."""
    addresses = set()
    for table, family in [("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)]:
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state != "0A" or int(port_hex, 16) != port:  # 0A: LISTEN
                continue
            raw = bytes.fromhex(address)
            # /proc prints each 32-bit word in host byte order.
            words = b"".join(struct.pack("<I", int.from_bytes(raw[i : i + 4], "big")) for i in range(0, len(raw), 4))
            addresses.add(str(ipaddress.ip_address(socket.inet_ntop(family, words))))
    return addresses


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/status"),
        ("GET", "/version"),
        ("GET", "/conversations/anyone/tracker"),
        ("POST", "/conversations/anyone/messages"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
    ],
)
def test_the_rasa_http_api_is_off(servers: Servers, method: str, path: str) -> None:
    assert requests.request(method, f"{servers.rasa_url}{path}", json={}, timeout=10).status_code == 404


def test_the_servers_listen_on_localhost_only(servers: Servers) -> None:
    for port in (servers.actions_port, servers.rasa_port):
        addresses = _listening_addresses(port)
        assert addresses, f"nothing listens on {port}"
        assert all(ipaddress.ip_address(address).is_loopback for address in addresses), addresses


@pytest.mark.parametrize(
    ("file", "setting"),
    [
        ("endpoints.yml", "url: ${CSO_TRACKER_STORE_URL}"),
        ("endpoints.yml", "url: ${CSO_ACTION_SERVER_URL}"),
        ("credentials.yml", "allowed_origins: ${CSO_ALLOWED_ORIGINS}"),
    ],
)
def test_addresses_and_secrets_come_from_the_environment(file: str, setting: str) -> None:
    # The raw text: once Rasa is imported, PyYAML itself would expand these.
    lines = [line.strip() for line in (PROJECT_DIR / file).read_text(encoding="utf-8").splitlines()]
    assert setting in lines
    assert not any(re.search(r"://[^/\s]*:[^/\s]*@", line) for line in lines if not line.startswith("#"))
