#!/usr/bin/env python3
"""Run schemathesis against the whole API, from its OpenAPI document, on SQLite and on PostgreSQL,
anonymously and as a seller (a bearer token), and fail on any 5xx or answer that breaks the document.

    .venv/bin/python scripts/fuzz_api.py                      # both databases, 60 s a run (4 runs)
    .venv/bin/python scripts/fuzz_api.py --databases sqlite --seconds 20 --seed 7

Each database gets a fresh copy of its own (a temporary SQLite file; a PostgreSQL database named
``chophien_fuzz_<pid>`` made on the server of ``--postgres-url`` and dropped after: nothing else is
ever dropped), migrated and loaded with the demo data, and a uvicorn server of its own on a free
port of 127.0.0.1, stopped at the end whatever happens. PostgreSQL runs under the production
settings (DEBUG off, the Redis cache and rate limits; ``--redis-url``). A run fails too when the
server logged a traceback or ``bad input reached the database`` (chophien.badinput: a 4xx the
safety net gave, where a check should have).

PostgreSQL absent: the PostgreSQL runs are skipped with a note, or fail when
CHOPHIEN_REQUIRE_SERVICES is set (CI).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"
SERVER_LOG_FAILURES = ("Traceback (most recent call last)", "bad input reached the database")
SELLER_PHONE = "0912301457"  # a demo household (load_demo)


@dataclass
class Database:
    name: str  # "sqlite" or "postgres"
    env: dict[str, str]
    cleanup: list[object] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run(command: list[str], env: dict[str, str], *, log: Path) -> str:
    """Run a manage.py step; its output goes to ``log``; raise with the log's end when it fails."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        done = subprocess.run(  # noqa: S603 (our own commands)
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=out, text=True, check=False
        )
        out.write(done.stdout)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{log.read_text()[-3000:]}")
    return done.stdout


def postgres_reachable(url: str) -> str | None:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as exc:
        return str(exc).strip().splitlines()[0]
    return None


def redis_reachable(url: str) -> bool:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False
    return True


def sqlite_database(workdir: Path) -> Database:
    return Database(
        "sqlite",
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{workdir / 'fuzz.sqlite3'}",
        },
    )


def postgres_database(server_url: str, redis_url: str, name: str) -> Database:
    """A database of our own, ``name``, made on ``server_url``'s server (CREATE fails if it exists:
    never someone else's); dropped at the end, and nothing else is."""
    import psycopg

    parts = urlsplit(server_url)
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    database = Database(
        "postgres",
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}")),
            "REDIS_URL": redis_url,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "https://127.0.0.1",
            # Production settings, but no message may leave this machine: messages go to the log.
            "MESSAGING_BACKEND": "chophien.messaging.backends.LogBackend",
            "MESSAGING_UNDELIVERED_OK": "true",
        },
    )

    def drop() -> None:
        with psycopg.connect(server_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    database.cleanup.append(drop)
    return database


def prepare(database: Database, env: dict[str, str], log: Path) -> str:
    """Migrate, load the demo, and return a seller's API token."""
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "-v", "0"], env, log=log)
    run([*manage, "createcachetable"], env, log=log)
    run([*manage, "load_demo"], env, log=log)
    script = (
        "from chophien.accounts.models import User\n"
        "from chophien.accounts.services import api_token_issue\n"
        f"print(api_token_issue(user=User.objects.get(phone__endswith='{SELLER_PHONE[1:]}'), name='fuzz'))\n"
    )
    return run([*manage, "shell", "-v", "0", "-c", script], env, log=log).strip().splitlines()[-1]


def serve(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    out = log.open("ab")
    uvicorn = [str(VENV_BIN / "uvicorn"), "config.asgi:application", "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(  # noqa: S603 (our own command)
        [*uvicorn, "--no-proxy-headers", "--log-level", "warning", "--no-access-log"],
        cwd=ROOT,
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: stopped whole, and only it
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped at start:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{base}/api/openapi.json", timeout=2) as answer:  # noqa: S310 (http://127.0.0.1)
                if answer.status == 200:
                    return server, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    stop(server)
    raise SystemExit("the server did not answer within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def fuzz(base: str, *, identity: str, token: str | None, seconds: int, seed: int, reports: Path) -> int:
    command = [
        str(VENV_BIN / "schemathesis"),
        "run",
        f"{base}/api/openapi.json",
        "--checks",
        CHECKS,
        "--max-time",
        str(seconds),
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--no-color",
        "--request-timeout",
        "30",
        "--report",
        "junit",
        "--report-junit-path",
        str(reports / f"{identity}.xml"),
        "--generation-database",
        "none",
    ]
    if token:
        command += ["--header", f"Authorization: Bearer {token}"]
    print(f"\n== {identity}: {' '.join(c if 'Bearer' not in c else 'Authorization: Bearer …' for c in command)}")
    sys.stdout.flush()
    return subprocess.run(command, cwd=reports, check=False).returncode  # noqa: S603 (our own command)


def server_log_failures(log: Path, start: int) -> list[str]:
    text = log.read_text(errors="replace")[start:]
    return [needle for needle in SERVER_LOG_FAILURES if needle in text]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite, postgres or both (comma-separated)")
    parser.add_argument("--seconds", type=int, default=60, help="time budget of each schemathesis run")
    parser.add_argument("--seed", type=int, default=20261204)
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FUZZ_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a database on the server where the fuzz database is made (it is not itself touched)",
    )
    parser.add_argument(
        "--postgres-name", default=f"chophien_fuzz_{os.getpid()}", help="the database made for the run, dropped after"
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("FUZZ_REDIS_URL", os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")),
    )
    parser.add_argument("--reports", default=str(ROOT / "test-artifacts" / "fuzz-api"))
    args = parser.parse_args()
    required = bool(os.environ.get("CHOPHIEN_REQUIRE_SERVICES"))
    reports = Path(args.reports)
    reports.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    for name in [n.strip() for n in args.databases.split(",") if n.strip()]:
        workdir = Path(tempfile.mkdtemp(prefix=f"chophien-fuzz-{name}-"))
        log = reports / f"{name}-server.log"
        log.write_text("")
        if name == "sqlite":
            database = sqlite_database(workdir)
        elif name == "postgres":
            problem = postgres_reachable(args.postgres_url)
            if problem is None and not redis_reachable(args.redis_url):
                problem = f"Redis is not reachable at {args.redis_url} (the production settings need it)"
            if problem is not None:
                if required:
                    failures.append(f"postgres: CI needs PostgreSQL and Redis: {problem}")
                else:
                    print(f"\n== postgres: skipped, {problem}")
                continue
            database = postgres_database(args.postgres_url, args.redis_url, args.postgres_name)
        else:
            raise SystemExit(f"unknown database {name!r}")
        env = {
            **os.environ,
            **database.env,
            "MEDIA_ROOT": str(workdir / "media"),
            "PYTHONUNBUFFERED": "1",
            "TRACE_FAST_SCANS": "false",
        }
        server = None
        try:
            token = prepare(database, env, log)
            server, base = serve(env, log)
            for identity, bearer in ((f"{name}-anonymous", None), (f"{name}-seller", token)):
                start = len(log.read_text(errors="replace"))
                code = fuzz(
                    base, identity=identity, token=bearer, seconds=args.seconds, seed=args.seed, reports=reports
                )
                if code != 0:
                    failures.append(f"{identity}: schemathesis found failures (exit {code})")
                for found in server_log_failures(log, start):
                    failures.append(f"{identity}: the server logged {found!r} (see {log})")
        finally:
            if server is not None:
                stop(server)
            for cleanup in database.cleanup:
                cleanup()  # type: ignore[operator]
            shutil.rmtree(workdir, ignore_errors=True)
    if failures:
        print("\nfuzz-api FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\nfuzz-api: no server error and no answer outside the OpenAPI document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
