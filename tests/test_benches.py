"""Every bench runs at its --smoke size, and a bench never drops or fills a database it did not make.

The smoke runs are subprocesses, as a person runs a bench (`.venv/bin/python bench/<name>.py
--smoke`). On SQLite their files go to this test's temporary directory; on PostgreSQL each bench
works in a database named after DATABASE_URL's (``<name>_bench_<bench>``, so that two checkouts
testing on one server do not meet) and the test drops it afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import redis_url, require_service

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import _support  # noqa: E402  (bench/ is not a package)

# A smoke run takes 5-45 s on the build machine; a busy one (the suite, other work) may double that.
SMOKE_SECONDS = 120

BOTH_DATABASES = pytest.mark.parametrize("vendor", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])


def _database_url() -> str:
    return os.environ.get("DATABASE_URL", "")


def _bench_name(bench: str) -> str:
    """Beside DATABASE_URL's database, named after it: helpers or checkouts sharing a server differ."""
    own = urlsplit(_database_url()).path.lstrip("/") or "chophien"
    return f"{own}_bench_{bench}"[:63]


def _drop(name: str) -> None:
    """Drop a bench database this test's bench run made (it carries the marker, or is absent)."""
    import psycopg
    from psycopg import sql

    database = _support.bench_database(_database_url(), bench="x", name=name)
    with psycopg.connect(database.server_url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


@pytest.fixture
def bench_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    # TMPDIR: the SQLite bench files land in this test's directory.
    yield {**os.environ, "TMPDIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings.local"}


def run_smoke(script: str, env: dict[str, str], *args: str) -> str:
    started = time.monotonic()
    completed = subprocess.run(
        [sys.executable, f"bench/{script}", "--smoke", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=SMOKE_SECONDS,
        check=False,
    )
    assert completed.returncode == 0, (
        f"{script} --smoke failed:\n{completed.stdout[-2000:]}\n{completed.stderr[-4000:]}"
    )
    assert time.monotonic() - started < SMOKE_SECONDS
    assert "run:" in completed.stdout and "command: " in completed.stdout  # the figures name their source
    return completed.stdout


# ---- the smoke sizes ------------------------------------------------------------------------------


def test_live_parse_smoke(bench_env):
    out = run_smoke("live_parse.py", bench_env)
    assert "read 5000 comments" in out
    assert "intents: " in out and "order" in out


@BOTH_DATABASES
def test_search_smoke(bench_env, vendor):
    name = _bench_name("search")
    if vendor == "sqlite":
        bench_env["DATABASE_URL"] = ""
    try:
        out = run_smoke("search.py", bench_env, "--db-name", name)
    finally:
        if vendor == "postgresql":
            _drop(name)
    assert "rows:     500 products" in out
    assert "product_search() sends " in out
    assert out.count("floor, p95 under 30 ms") == 3  # folded, in English, after edits
    assert "floor, p95 under 30 ms, search in English (15 queries)" in out


@BOTH_DATABASES
def test_checkout_smoke(bench_env, vendor):
    name = _bench_name("checkout")
    if vendor == "sqlite":
        bench_env["DATABASE_URL"] = ""
    try:
        out = run_smoke("checkout.py", bench_env, "--db-name", name)
    finally:
        if vendor == "postgresql":
            _drop(name)
    if vendor == "postgresql":
        # the committed settings: a pool per process and prepared statements (it crashed with the pool)
        assert "connection pool {" in out and "prepared statements on" in out
    assert "oversold on the hot product after the timed runs: 0 units" in out
    assert "sold 500, stock left 0" in out
    assert "floor, zero oversell: met" in out


@pytest.mark.postgres
def test_live_smoke(bench_env):
    bench_env["REDIS_URL"] = redis_url()
    name = _bench_name("live")
    try:
        out = run_smoke("live.py", bench_env, "--db-name", name)
    finally:
        _drop(name)
    assert "fan-out:  20 viewers connected (20 asked), 1 rounds, 20 sightings" in out
    assert "10 viewers connected to the end of it (10 asked)" in out
    assert "oversold: none" in out
    assert "floor, 1,000 viewers see a stock change within 1 s: not measured (20 viewers connected" in out


@pytest.mark.postgres
def test_trace_smoke(bench_env):
    if shutil.which("node") is None:
        require_service("Node.js is not installed: bench/trace.py loads the server from Node (apt-get install nodejs)")
    if not (ROOT / "bench/node_modules/autocannon").exists() and shutil.which("npm") is None:
        require_service("npm is not installed: bench/trace.py installs autocannon with `npm ci` in bench/")
    bench_env["REDIS_URL"] = redis_url()
    name = _bench_name("trace")
    try:
        out = run_smoke("trace.py", bench_env, "--db-name", name)
    finally:
        _drop(name)
    assert "data:     20 batches, 2,000 serials, 10,000 EPCIS events" in out
    assert "settings: the committed ones (config.settings.local) but DEBUG=false, ALLOWED_HOSTS=" in out
    flood_lines = [line for line in out.splitlines() if line.startswith("scans:")]
    assert len(flood_lines) == 3
    assert all("rows in the database" in line for line in flood_lines)


# ---- whose database ------------------------------------------------------------------------------


def test_a_sqlite_file_a_bench_did_not_make_is_left_alone(tmp_path, monkeypatch):
    import sqlite3

    monkeypatch.setattr(_support.tempfile, "gettempdir", lambda: str(tmp_path))
    database = _support.bench_database("", bench="search", name="someone_elses")
    with sqlite3.connect(_support.sqlite_path(database)) as connection:
        connection.execute("CREATE TABLE orders (id integer)")

    with pytest.raises(_support.NotOurs, match="did not make it"):
        _support.recreate(database)
    assert _support.sqlite_path(database).exists()

    # one a bench made is made again, empty, with its marker
    ours = _support.bench_database("", bench="search", name="ours")
    _support.recreate(ours)
    assert _support.ownership(ours) is True
    _support.recreate(ours)
    assert _support.ownership(ours) is True
    # another bench's database is not this one's
    other = _support.bench_database("", bench="checkout", name="ours")
    assert _support.ownership(other) is False


def test_a_bench_never_works_in_database_url_s_own_database():
    with pytest.raises(SystemExit, match="own database"):
        _support.bench_database("postgres://postgres@127.0.0.1:5432/shop", bench="search", name="shop")
    with pytest.raises(SystemExit, match="lower-case letters"):
        _support.bench_database("postgres://postgres@127.0.0.1:5432/shop", bench="search", name='x"; DROP')


@pytest.mark.postgres
def test_a_postgres_database_without_the_marker_or_in_use_is_never_dropped():
    import psycopg
    from psycopg import sql

    name = _bench_name("safety")
    database = _support.bench_database(_database_url(), bench="safety", name=name)
    _drop(name)
    try:
        with psycopg.connect(database.server_url, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        # given a database someone else made (no marker)
        with pytest.raises(_support.NotOurs, match="did not make it"):
            _support.recreate(database)
        assert _support.ownership(database) is False

        # given one a bench made, in use by another session (a second run of the bench)
        _drop(name)
        _support.recreate(database)
        assert _support.ownership(database) is True
        with psycopg.connect(database.url) as other_run:
            with pytest.raises(_support.NotOurs, match="in use by another session"):
                _support.recreate(database)
            assert other_run.execute("SELECT 1").fetchone() == (1,)  # still connected: not forced out
        # once nobody uses it, it is made again
        _support.recreate(database)
        assert _support.ownership(database) is True
    finally:
        _drop(name)
