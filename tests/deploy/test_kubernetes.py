"""The Kubernetes manifests agree with the project: every setting Rasa needs is provided, names and ports
line up, no secret is written down, and the ingress limits match the scale-out profile's nginx."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

import pytest
import yaml

from cso_advisor.rasa_plugins.channels.rest import MAX_BODY_BYTES
from deploy.scale_out import RATE_LIMIT
from tests.support.paths import PROJECT_DIR

MANIFESTS = PROJECT_DIR / "deploy" / "kubernetes" / "cso-advisor.yml"


@pytest.fixture(scope="module")
def manifests() -> dict[tuple[str, str], dict[str, Any]]:
    documents = yaml.safe_load_all(MANIFESTS.read_text(encoding="utf-8"))
    return {(document["kind"], document["metadata"]["name"]): document for document in documents}


def container(manifests: dict[tuple[str, str], dict[str, Any]], deployment: str) -> dict[str, Any]:
    containers: list[dict[str, Any]] = manifests[("Deployment", deployment)]["spec"]["template"]["spec"]["containers"]
    assert len(containers) == 1
    return containers[0]


def environment_names(manifests: dict[tuple[str, str], dict[str, Any]], deployment: str) -> set[str]:
    found = container(manifests, deployment)
    names = {variable["name"] for variable in found.get("env", [])}
    for source in found.get("envFrom", []):
        names |= set(manifests[("ConfigMap", source["configMapRef"]["name"])]["data"])
    return names


def test_rasa_gets_every_setting_its_config_files_read(manifests: dict[tuple[str, str], dict[str, Any]]) -> None:
    command = container(manifests, "cso-rasa")["command"]
    needed = set()
    for option in ("--endpoints", "--credentials"):
        config = PROJECT_DIR / command[command.index(option) + 1]
        needed |= set(re.findall(r"\$\{(\w+)\}", config.read_text(encoding="utf-8")))

    assert "CSO_REDIS_HOST" in needed  # the replicated endpoints, with the lock store
    assert needed <= environment_names(manifests, "cso-rasa")


def test_rasa_finds_the_action_servers_through_their_service(manifests: dict[tuple[str, str], dict[str, Any]]) -> None:
    url = urlparse(manifests[("ConfigMap", "cso-advisor-config")]["data"]["CSO_ACTION_SERVER_URL"])
    service = manifests[("Service", url.hostname)]
    actions = container(manifests, "cso-actions")
    pods = manifests[("Deployment", "cso-actions")]["spec"]["template"]["metadata"]["labels"]

    assert service["spec"]["selector"] == pods
    assert url.port == service["spec"]["ports"][0]["port"]
    assert service["spec"]["ports"][0]["targetPort"] == actions["ports"][0]["containerPort"]
    assert actions["command"][actions["command"].index("--port") + 1] == str(url.port)


@pytest.mark.parametrize("deployment", ["cso-rasa", "cso-actions"])
def test_each_tier_runs_two_replicas(manifests: dict[tuple[str, str], dict[str, Any]], deployment: str) -> None:
    assert manifests[("Deployment", deployment)]["spec"]["replicas"] == 2


def test_secrets_are_referenced_never_written(manifests: dict[tuple[str, str], dict[str, Any]]) -> None:
    assert not [name for kind, name in manifests if kind == "Secret"]
    for variable in container(manifests, "cso-rasa")["env"]:
        assert "value" not in variable, variable
        assert "secretKeyRef" in variable["valueFrom"], variable
    assert "PASSWORD" not in " ".join(manifests[("ConfigMap", "cso-advisor-config")]["data"])


def test_the_ingress_limits_match_the_scale_out_nginx(manifests: dict[tuple[str, str], dict[str, Any]]) -> None:
    rest = manifests[("Ingress", "cso-advisor-rest")]["metadata"]["annotations"]
    socketio = manifests[("Ingress", "cso-advisor-socketio")]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"

    assert rest[f"{prefix}limit-rps"] == RATE_LIMIT["CSO_RATE_LIMIT"]
    burst = int(rest[f"{prefix}limit-rps"]) * int(rest[f"{prefix}limit-burst-multiplier"])
    assert str(burst) == RATE_LIMIT["CSO_RATE_BURST"]
    assert socketio[f"{prefix}limit-connections"] == RATE_LIMIT["CSO_CONNECTIONS_PER_CLIENT"]
    assert socketio[f"{prefix}upstream-hash-by"] == "$remote_addr"  # sticky, as `hash $remote_addr` in nginx.conf
    assert prefix + "upstream-hash-by" not in rest  # REST goes round-robin
    for ingress in (rest, socketio):
        assert ingress[f"{prefix}proxy-body-size"] == f"{MAX_BODY_BYTES // 1024}k"
