"""The scale-out profile on one machine, from Debian's packages: Rasa's replicated layout on loopback.

    python -m deploy.scale_out [--port 8000]      (or: make scale-out; Ctrl-C stops everything)

It runs PostgreSQL (the shared tracker store), Redis (the lock store), two action servers, two Rasa
replicas, nginx in front of both (deploy/nginx.conf) and the demo portal. Databases and logs live in
a fresh temporary directory; passwords are generated for each run. docs/deploy.md explains the layout.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import psycopg2

from cso_advisor.operations.supervisor import (
    MODEL,
    PROJECT_DIR,
    ServerError,
    Supervisor,
    accepts_connections,
    actions_command,
    answers,
    free_ports,
    portal_command,
    rasa_command,
)

NGINX_TEMPLATE = PROJECT_DIR / "deploy" / "nginx.conf"
DATABASE = "cso_advisor"
DATABASE_USER = "cso"
# The log_format "upstreams" of deploy/nginx.conf.
ACCESS_LOG_LINE = re.compile(r'(\S+) "(.*)" (\d{3}) upstream=(.*)')
RATE_LIMIT = {"CSO_RATE_LIMIT": "10", "CSO_RATE_BURST": "20", "CSO_CONNECTIONS_PER_CLIENT": "10"}


class AccessLogEntry(NamedTuple):
    client: str
    request: str  # "POST /webhooks/rest/webhook HTTP/1.1"
    status: int
    upstream: str  # the replica's address, "-" when nginx answered itself (say, a 429)


def _program(name: str, package: str | None = None) -> str:
    """A program from Debian's `package` (by default, the one named after it). PostgreSQL's server programs live
    off the PATH, in /usr/lib/postgresql/<version>/bin (the newest version wins); nginx may be in /usr/sbin."""
    postgres_bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which(name, path=os.pathsep.join([*postgres_bins, os.environ.get("PATH", ""), "/usr/sbin:/usr/bin"]))
    if not found:
        raise ServerError(f"no {name}: install Debian's {package or name} package (`make scale-out` does)")
    return found


def render(template: str, values: dict[str, str]) -> str:
    """Replace each ${CSO_...} in an nginx config; nginx's own $variables stay as they are."""

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            raise KeyError(f"{match.group(0)} has no value")
        return values[match.group(1)]

    return re.sub(r"\$\{(CSO_[A-Z_]+)\}", value, template)


class ScaleOut(Supervisor):
    """PostgreSQL, Redis, `replicas` action servers and Rasa servers, nginx and the portal, on free ports."""

    def __init__(self, workdir: Path, public_port: int | None = None, replicas: int = 2) -> None:
        ports = free_ports(5 + 2 * replicas)
        self.public_port = public_port or ports.pop()
        self.url = f"http://127.0.0.1:{self.public_port}"
        self.postgres_port, self.redis_port, self.actions_port, self.portal_port = ports[:4]
        self.portal_url = f"http://127.0.0.1:{self.portal_port}"
        self.rasa_ports, self.action_server_ports = ports[4 : 4 + replicas], ports[4 + replicas : 4 + 2 * replicas]
        self.rasa_replicas = [f"rasa-{number}" for number in range(1, replicas + 1)]
        self.action_servers = [f"actions-{number}" for number in range(1, replicas + 1)]
        self.database_password, self.redis_password = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        # PostgreSQL refuses to run as root and needs a data directory it owns.
        self.postgres_user = "postgres" if os.geteuid() == 0 else None
        self.postgres_data = Path(tempfile.mkdtemp(prefix="cso-postgres-"))
        self.access_log = workdir / "access.log"
        super().__init__(
            workdir,
            {
                "CSO_ALLOWED_ORIGINS": self.portal_url,
                "CSO_ACTION_SERVER_URL": f"http://127.0.0.1:{self.actions_port}/webhook",
                # connect_timeout: an unreachable host must not stall the replica's event loop for minutes.
                "CSO_TRACKER_STORE_URL": f"postgresql://{DATABASE_USER}:{self.database_password}"
                f"@127.0.0.1:{self.postgres_port}/{DATABASE}?connect_timeout=5",
                "CSO_REDIS_HOST": "127.0.0.1",
                "CSO_REDIS_PORT": str(self.redis_port),
                "CSO_REDIS_PASSWORD": self.redis_password,
            },
        )
        self.add(
            "postgres",
            [_program("postgres", "postgresql"), "-D", str(self.postgres_data), "-c", "listen_addresses=127.0.0.1",
             "-c", f"port={self.postgres_port}", "-c", "unix_socket_directories="],
            self._database_accepts_logins,
            user=self.postgres_user,
            stop_signal=signal.SIGINT,  # "fast" shutdown: Rasa's pooled connections would stall a "smart" one
        )  # fmt: skip
        # The password goes in a file only this user can read, not on a command line anyone can list.
        self.add("redis", [_program("redis-server"), str(workdir / "redis.conf")], accepts_connections(self.redis_port))
        for name, port in zip(self.action_servers, self.action_server_ports, strict=True):
            self.add(name, actions_command(port), answers(f"http://127.0.0.1:{port}/health"))
        for name, port in zip(self.rasa_replicas, self.rasa_ports, strict=True):
            self.add(name, rasa_command(port, endpoints="deploy/endpoints.yml"), answers(f"http://127.0.0.1:{port}/"))
        self.add(
            "nginx",
            [_program("nginx"), "-p", str(workdir), "-c", str(workdir / "nginx.conf"), "-e", "stderr",
             "-g", "daemon off;"],
            answers(f"{self.url}/"),
        )  # fmt: skip
        self.add("portal", portal_command(self.portal_port, self.url), answers(self.portal_url))

    def start_all(self) -> None:
        self._create_database()
        self._write_private(
            self.workdir / "redis.conf",
            f'bind 127.0.0.1\nport {self.redis_port}\nrequirepass {self.redis_password}\nsave ""\nappendonly no\n',
        )
        self.write_nginx_config()
        self.start("postgres", "redis", *self.action_servers)
        self._create_database_for_rasa()
        self.start(*self.rasa_replicas)
        self.start("nginx", "portal")

    def stop_all(self) -> None:
        super().stop_all()
        shutil.rmtree(self.postgres_data, ignore_errors=True)

    def access_log_entries(self) -> list[AccessLogEntry]:
        """Every request nginx has logged so far, in order."""
        entries = []
        for line in self.access_log.read_text().splitlines():
            parsed = ACCESS_LOG_LINE.fullmatch(line)
            if not parsed:
                raise ValueError(f"not in the 'upstreams' log format of deploy/nginx.conf: {line!r}")
            client, request, status, upstream = parsed.groups()
            entries.append(AccessLogEntry(client, request, int(status), upstream))
        return entries

    def _create_database(self) -> None:
        password_file = self.postgres_data.parent / f"{self.postgres_data.name}.password"
        self._write_private(password_file, self.database_password)
        try:
            if self.postgres_user:
                shutil.chown(self.postgres_data, self.postgres_user)
                shutil.chown(password_file, self.postgres_user)
            subprocess.run(
                [_program("initdb", "postgresql"), "-D", str(self.postgres_data), "-U", DATABASE_USER,
                 f"--pwfile={password_file}", "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8"],
                user=self.postgres_user, check=True, capture_output=True,
            )  # fmt: skip
        except subprocess.CalledProcessError as error:
            raise ServerError(f"initdb failed:\n{error.stderr.decode()[-3000:]}") from error
        finally:
            password_file.unlink()

    @staticmethod
    def _write_private(path: Path, text: str) -> None:
        """Create `path` readable by its owner only, from the start."""
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as private:
            private.write(text)

    def _connect(self, database: str) -> psycopg2.extensions.connection:
        return psycopg2.connect(
            host="127.0.0.1", port=self.postgres_port, user=DATABASE_USER, password=self.database_password,
            dbname=database, connect_timeout=2,
        )  # fmt: skip

    def _database_accepts_logins(self) -> bool:
        try:
            self._connect("postgres").close()
            return True
        except psycopg2.OperationalError:
            return False

    def _create_database_for_rasa(self) -> None:
        connection = self._connect("postgres")
        connection.autocommit = True  # CREATE DATABASE cannot run in a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"CREATE DATABASE {DATABASE}")
        finally:
            connection.close()

    def write_nginx_config(self) -> None:
        def servers(ports: list[int]) -> str:
            return " ".join(f"server 127.0.0.1:{port};" for port in ports)

        values = {
            "CSO_RUNTIME_DIR": str(self.workdir),
            "CSO_PUBLIC_PORT": str(self.public_port),
            "CSO_ACTIONS_PORT": str(self.actions_port),
            "CSO_RASA_SERVERS": servers(self.rasa_ports),
            "CSO_ACTION_SERVERS": servers(self.action_server_ports),
            **RATE_LIMIT,
        }
        (self.workdir / "nginx.conf").write_text(render(NGINX_TEMPLATE.read_text(), values))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8000, help="where nginx listens (default 8000)")
    args = parser.parse_args()
    if not MODEL.exists():
        print(f"No trained model at {MODEL}: run `make train` first.")
        return 1
    workdir = Path(tempfile.mkdtemp(prefix="cso-scale-out-"))
    # `kill` stops everything as Ctrl-C does, instead of leaving the servers running.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        profile = ScaleOut(workdir, public_port=args.port)
    except ServerError as error:
        print(error)
        return 1
    try:
        print(f"Starting PostgreSQL, Redis, 2 action servers, 2 Rasa replicas and nginx; logs in {workdir}")
        profile.start_all()
        print(f"\n  The advisor answers through nginx on {profile.url}")
        print(f"  Chat in the demo careers portal:   {profile.portal_url}")
        print("  Ctrl-C stops everything and deletes the databases.\n")
        while all(process.poll() is None for process in profile.processes.values()):
            time.sleep(1)
        stopped = [name for name, process in profile.processes.items() if process.poll() is not None]
        print(f"Stopped unexpectedly: {', '.join(stopped)}; see the logs in {workdir}")
        return 1
    except ServerError as error:
        print(error)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        profile.stop_all()


if __name__ == "__main__":
    raise SystemExit(main())
