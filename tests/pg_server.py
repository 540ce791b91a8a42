"""A throwaway PostgreSQL cluster for tests and benchmarks.

``initdb`` runs as the ``postgres`` user when we are root (the server refuses to
run as root); the cluster listens on 127.0.0.1 at a free port, with its socket in
the cluster's own directory, and password (scram) authentication over TCP.
"""

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


def find_bindir() -> Path | None:
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: (
            int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0
        ),
    )
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    if found and (Path(found).parent / "pg_ctl").exists():
        return Path(found).parent
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PgServer:
    bindir: Path
    root: Path
    port: int
    user: str = "medlink"
    password: str = ""
    dbname: str = "medlink"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{self.dbname}"

    def _run(self, *cmd: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *cmd], check=True, capture_output=True, text=True)

    def start(self, durable: bool = False) -> "PgServer":
        data = self.root / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C",
        )
        opts = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1"
        if not durable:  # a test cluster need not survive a crash
            opts += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(self.root / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        self._create_role()
        return self

    def admin(self):
        """A superuser connection over the cluster's Unix socket (trust auth)."""
        import psycopg

        return psycopg.connect(
            host=str(self.root), port=self.port, user="postgres", dbname="postgres", autocommit=True
        )

    def _create_role(self) -> None:
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                    sql.Identifier(self.user), sql.Literal(self.password)
                )
            )
        self.create_database(self.dbname)

    def create_database(self, name: str) -> str:
        """A new empty database owned by the test role; its URL."""
        from psycopg import sql

        with self.admin() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} OWNER {}").format(
                    sql.Identifier(name), sql.Identifier(self.user)
                )
            )
        return f"postgresql://{self.user}:{self.password}@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        try:
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.root / "data"),
                "-m",
                "immediate",
                "stop",
            )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_server(durable: bool = False) -> PgServer | None:
    """A running throwaway cluster, or None when PostgreSQL is not installed."""
    bindir = find_bindir()
    if bindir is None:
        return None
    root = Path(tempfile.mkdtemp(prefix="medlink-pg-"))
    os.chmod(root, 0o700)
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    server = PgServer(bindir, root, free_port(), password=secrets.token_hex(12))
    try:
        return server.start(durable)
    except BaseException:
        server.stop()
        raise
