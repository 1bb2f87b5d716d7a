"""Start the real action server and Rasa server on free ports for the end-to-end tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import pytest
import requests

from tests.conftest import PROJECT_DIR

MODEL = PROJECT_DIR / "models" / "cso-advisor.tar.gz"
BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 240


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"server for {url} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    pytest.fail(f"{url} did not come up in {START_TIMEOUT_SECONDS}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def rasa_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """URL of a Rasa server (REST channel) backed by a real action server, both on localhost."""
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: run `make train` first")
    workdir = tmp_path_factory.mktemp("servers")
    actions_port, rasa_port = free_port(), free_port()
    endpoints = workdir / "endpoints.yml"
    endpoints.write_text(f'action_endpoint:\n  url: "http://127.0.0.1:{actions_port}/webhook"\n')
    environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}

    processes: list[subprocess.Popen[bytes]] = []
    logs: list[IO[bytes]] = []

    def start(name: str, command: list[str]) -> Path:
        log_path = workdir / f"{name}.log"
        log = log_path.open("wb")
        logs.append(log)
        processes.append(
            subprocess.Popen(command, cwd=PROJECT_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT)
        )
        return log_path

    try:
        actions_log = start("actions", [sys.executable, "-m", "actions", "--port", str(actions_port)])
        rasa_log = start(
            "rasa",
            [str(BIN / "rasa"), "run", "--model", str(MODEL), "--endpoints", str(endpoints),
             "--credentials", "credentials.yml", "--interface", "127.0.0.1", "--port", str(rasa_port)],
        )  # fmt: skip
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", processes[0], actions_log)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", processes[1], rasa_log)
        yield f"http://127.0.0.1:{rasa_port}"
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        for log in logs:
            log.close()


BotMessages = list[dict[str, Any]]
Chat = Callable[[str, str], BotMessages]


@pytest.fixture
def chat(rasa_url: str) -> Chat:
    """Send one message over the REST channel; return the bot's messages."""

    def send(sender: str, message: str) -> BotMessages:
        response = requests.post(
            f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
        )
        response.raise_for_status()
        messages: BotMessages = response.json()
        return messages

    return send
