"""What every bench shares: a bench database beside DATABASE_URL's (never in it), Django set up on
it, and a description of the machine the figures come from."""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class BenchDatabase:
    url: str  # what Django connects to
    server_url: str  # PostgreSQL: the database of DATABASE_URL, to create the bench one from; SQLite: ""
    name: str

    @property
    def is_postgres(self) -> bool:
        return self.url.startswith(("postgres", "pgsql"))


def bench_database(source_url: str, *, name: str) -> BenchDatabase:
    """Where to work: a database called ``name`` on DATABASE_URL's server, or a SQLite file in /tmp."""
    if not source_url or source_url.startswith("sqlite"):
        return BenchDatabase(url=f"sqlite:///{Path(tempfile.gettempdir()) / name}.sqlite3", server_url="", name=name)
    return BenchDatabase(
        url=urlunsplit(urlsplit(source_url)._replace(path=f"/{name}")), server_url=source_url, name=name
    )


def sqlite_path(database: BenchDatabase) -> Path:
    return Path(urlsplit(database.url).path)


def recreate(database: BenchDatabase) -> None:
    """Drop the bench database if it exists and create it empty."""
    if database.is_postgres:
        import psycopg

        with psycopg.connect(database.server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database.name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{database.name}"')
        return
    path = sqlite_path(database)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


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
