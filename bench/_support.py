"""What every bench shares: a bench database beside DATABASE_URL's (never in it), Django set up on
it, and a description of the machine the figures come from."""

from __future__ import annotations

import argparse
import os
import platform
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# As the bench was started (setup_django points DATABASE_URL at the bench database later).
STARTED_WITH = {name: os.environ.get(name, "") for name in ("DATABASE_URL", "REDIS_URL")}


# Left on every database a bench makes (PostgreSQL: its COMMENT; SQLite: a table): a bench drops
# or reuses only a database that carries it, never one it did not make.
MARKER = "chophien bench database: made by bench/{bench}; a bench may drop it"
MARKER_TABLE = "chophien_bench_marker"
NAME_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,62}")


class NotOurs(SystemExit):
    """The bench database named exists but a bench did not make it (or another run is using it)."""


@dataclass(frozen=True)
class BenchDatabase:
    url: str  # what Django connects to
    server_url: str  # PostgreSQL: the database of DATABASE_URL, to create the bench one from; SQLite: ""
    name: str
    bench: str  # which bench makes it: its marker names it

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith(("postgres", "pgsql"))

    @property
    def marker(self) -> str:
        return MARKER.format(bench=self.bench)


def add_database_option(parser: argparse.ArgumentParser, *, bench: str) -> None:
    """``--db-name``: the bench database, default ``chophien_bench_<bench>`` (``…_smoke`` with --smoke).
    Two runs at once on one server need two names."""
    parser.add_argument(
        "--db-name",
        default=None,
        help=f"the bench database, made beside DATABASE_URL's (default chophien_bench_{bench}, "
        f"chophien_bench_{bench}_smoke with --smoke); an existing one is used only if a bench made it",
    )


def bench_database(source_url: str, *, bench: str, name: str | None = None, smoke: bool = False) -> BenchDatabase:
    """Where to work: a database called ``name`` on DATABASE_URL's server, or a SQLite file in the
    temporary directory. Never DATABASE_URL's own database."""
    name = name or f"chophien_bench_{bench}" + ("_smoke" if smoke else "")
    if not NAME_PATTERN.fullmatch(name):
        raise SystemExit(f"--db-name {name!r}: lower-case letters, digits and _ only, a letter first")
    if not source_url or source_url.startswith("sqlite"):
        path = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
        return BenchDatabase(url=f"sqlite:///{path}", server_url="", name=name, bench=bench)
    if urlsplit(source_url).path.lstrip("/") == name:
        raise SystemExit(f"--db-name {name!r} is DATABASE_URL's own database: a bench works beside it, never in it")
    url = urlunsplit(urlsplit(source_url)._replace(path=f"/{name}"))
    return BenchDatabase(url=url, server_url=source_url, name=name, bench=bench)


def sqlite_path(database: BenchDatabase) -> Path:
    return Path(urlsplit(database.url).path)


def ownership(database: BenchDatabase) -> bool | None:
    """None: there is no such database; True: it carries this bench's marker; False: it does not."""
    if database.is_postgres:
        import psycopg

        with psycopg.connect(database.server_url, autocommit=True) as connection:
            row = connection.execute(
                "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [database.name]
            ).fetchone()
        return None if row is None else row[0] == database.marker
    path = sqlite_path(database)
    if not path.exists():
        return None
    try:
        with closing(sqlite3.connect(path)) as connection:
            row = connection.execute(f"SELECT note FROM {MARKER_TABLE}").fetchone()
    except sqlite3.DatabaseError:
        return False
    return row is not None and row[0] == database.marker


def refuse_unless_ours(database: BenchDatabase) -> None:
    """Stop when ``database`` exists and no bench of this kind made it."""
    if ownership(database) is False:
        raise NotOurs(
            f"{database.name} exists and bench/{database.bench} did not make it (no marker): it is left alone. "
            "Choose another --db-name, or drop it yourself if you know whose it is."
        )


def recreate(database: BenchDatabase) -> None:
    """Make the bench database empty: drop it if a bench made it (its marker says so), then create
    it with the marker. A database without the marker, or one another session is using (another run
    of a bench, say), is never dropped: the bench stops and says so. No ``WITH (FORCE)``."""
    refuse_unless_ours(database)
    if database.is_postgres:
        import psycopg
        from psycopg import sql

        name = sql.Identifier(database.name)
        with psycopg.connect(database.server_url, autocommit=True) as connection:
            try:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))
            except psycopg.errors.ObjectInUse as error:
                raise NotOurs(
                    f"{database.name} is in use by another session (another run of this bench?): "
                    f"left alone; wait for it or choose another --db-name ({error})"
                ) from error
            connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
            connection.execute(sql.SQL("COMMENT ON DATABASE {} IS {}").format(name, sql.Literal(database.marker)))
        return
    path = sqlite_path(database)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.execute(f"CREATE TABLE {MARKER_TABLE} (note text NOT NULL)")
        connection.execute(f"INSERT INTO {MARKER_TABLE} (note) VALUES (?)", [database.marker])


def connections_close_for_fork() -> None:
    """Close every database connection and pool of this process before forking workers: a child
    must not share the parent's sockets, nor inherit a psycopg pool whose threads did not survive
    the fork. Each worker opens its own connection (and pool) after the fork; the parent's pool is
    opened again the next time the parent reads the database."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        close_pool = getattr(connection, "close_pool", None)  # PostgreSQL's backend only
        if close_pool is not None:
            close_pool()


def setup_django(database: BenchDatabase) -> None:
    sys.path.insert(0, str(PROJECT_ROOT))
    os.environ["DATABASE_URL"] = database.url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ["DEBUG"] = "false"  # DEBUG keeps every query in memory, which would be measured too
    import django

    django.setup()


def database_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]} (WAL)"


def provenance() -> str:
    """The commit and the command a run's figures come from (with a note when bench/, chophien/ or
    config/ hold changes the commit does not), to be quoted beside the figures."""

    def git(*args: str) -> str:
        run = subprocess.run(["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False)
        return run.stdout.strip()

    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", "bench", "chophien", "config")
    environment = []
    for name, value in STARTED_WITH.items():
        if value:
            parts = urlsplit(value)
            host = parts.hostname or ""
            environment.append(f"{name}={parts.scheme}://{parts.username + '@' if parts.username else ''}"
                               f"{host}{':' + str(parts.port) if parts.port else ''}{parts.path}")  # fmt: skip
    command = " ".join([*environment, ".venv/bin/python", *sys.argv])
    return f"commit {commit}{' with uncommitted changes' if dirty else ''}; command: {command}"


def proc_field(path: str, key: str) -> str:
    """The value of the first ``key: value`` line of a /proc file, or "" where there is none."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return ""
    return next((line.split(":", 1)[1].strip() for line in lines if line.startswith(key)), "")


def machine() -> str:
    cpu = proc_field("/proc/cpuinfo", "model name") or platform.processor() or platform.machine()
    memory = proc_field("/proc/meminfo", "MemTotal")
    memory_gib = f", {int(memory.split()[0]) / 2**20:.0f} GiB" if memory else ""
    return (
        f"{cpu}, {os.cpu_count()} cores{memory_gib}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def load_average() -> str:
    """The 1-minute load average: other work on the machine slows every figure down."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "unknown"


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.5, 0.95, 0.99) of ``samples``, interpolated."""
    if len(samples) == 1:
        return samples[0]
    return statistics.quantiles(samples, n=100, method="inclusive")[round(fraction * 100) - 1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_start(*, database_url: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """The app as production serves it: uvicorn, ``workers`` processes, DEBUG off, on ``database_url``,
    with ``env`` added to this process's environment."""
    return subprocess.Popen(
        [
            str(PROJECT_ROOT / ".venv/bin/uvicorn"),
            "config.asgi:application",
            "--host=127.0.0.1",
            f"--port={port}",
            f"--workers={workers}",
            "--log-level=warning",
            "--no-access-log",
        ],
        cwd=PROJECT_ROOT,
        env={
            **os.environ,
            "DATABASE_URL": database_url,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DEBUG": "false",
            **env,
        },
    )
