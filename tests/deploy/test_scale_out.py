"""The scale-out profile's nginx config: rendered from deploy/nginx.conf, and valid to nginx itself."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy.scale_out import ScaleOut, render


@pytest.mark.parametrize(
    ("template", "rendered"),
    [
        ("listen 127.0.0.1:${CSO_PUBLIC_PORT};", "listen 127.0.0.1:8000;"),
        ("hash $remote_addr consistent;", "hash $remote_addr consistent;"),  # nginx's own variables stay
        ("log '$status ${CSO_PUBLIC_PORT}';", "log '$status 8000';"),
    ],
)
def test_only_the_project_placeholders_are_replaced(template: str, rendered: str) -> None:
    assert render(template, {"CSO_PUBLIC_PORT": "8000"}) == rendered


def test_a_placeholder_without_a_value_is_named() -> None:
    with pytest.raises(KeyError, match="CSO_RATE_LIMIT"):
        render("rate=${CSO_RATE_LIMIT}r/s;", {})


@pytest.fixture
def profile(tmp_path: Path) -> Iterator[ScaleOut]:
    if not shutil.which("nginx", path="/usr/sbin:/usr/bin"):
        pytest.fail("no nginx: `make test` installs Debian's nginx package")
    laid_out = ScaleOut(tmp_path)
    yield laid_out
    laid_out.stop_all()


def test_the_rendered_config_passes_nginx_own_check(profile: ScaleOut) -> None:
    profile.write_nginx_config()
    config = profile.workdir / "nginx.conf"

    checked = subprocess.run(
        [shutil.which("nginx", path="/usr/sbin:/usr/bin") or "nginx", "-t", "-p", str(profile.workdir),
         "-c", str(config), "-e", "stderr"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert checked.returncode == 0, checked.stderr
    assert not re.search(r"\$\{CSO_[A-Z_]+\}", config.read_text())
    for port in profile.rasa_ports + profile.action_server_ports:
        assert f"server 127.0.0.1:{port};" in config.read_text()
