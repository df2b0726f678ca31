"""The address printed on labels and sent in messages (SITE_URL) is the one the site is served at:
`scripts/serve` (behind `make run`) builds it from the host and port it serves on, and production
settings refuse to start with one whose host the site would refuse or that is not https."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SERVE = ROOT / "scripts" / "serve"
# Everything production needs but SITE_URL and ALLOWED_HOSTS; importing the settings opens no connection.
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DEBUG": "false",
    "SECRET_KEY": "k" * 50,
    "DATABASE_URL": "postgres://chophien@db.invalid:5432/chophien",
    "REDIS_URL": "redis://redis.invalid:6379/0",
    "MESSAGING_BACKEND": "chophien.messaging.backends.ZaloThenSmsBackend",
}
SETTING_NAMES = ("SITE_URL", "ALLOWED_HOSTS", "HOST", "PORT", "MESSAGING_UNDELIVERED_OK", *PRODUCTION_ENV)


def clean_environment(**values: str) -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items() if name not in SETTING_NAMES}
    return environment | values


def serve_env(**values: str) -> dict[str, str]:
    finished = subprocess.run(
        [str(SERVE), "--print-env"], env=clean_environment(**values), capture_output=True, text=True, check=True
    )
    return dict(line.split("=", 1) for line in finished.stdout.splitlines())


def start_production(**values: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        cwd=ROOT,
        env=clean_environment(**(PRODUCTION_ENV | values)),
        capture_output=True,
        text=True,
    )


def test_serve_builds_site_url_from_the_host_and_port_it_serves_on():
    assert serve_env() == {"SITE_URL": "http://127.0.0.1:8000", "ALLOWED_HOSTS": "127.0.0.1,localhost"}
    assert serve_env(HOST="192.168.1.20", PORT="8080") == {
        "SITE_URL": "http://192.168.1.20:8080",
        "ALLOWED_HOSTS": "192.168.1.20,127.0.0.1,localhost",
    }
    assert serve_env(HOST="::1", PORT="9000")["SITE_URL"] == "http://[::1]:9000"


def test_serve_on_every_interface_links_to_an_address_a_phone_can_reach():
    served = serve_env(HOST="0.0.0.0", PORT="8080")
    host = served["SITE_URL"].removeprefix("http://").removesuffix(":8080")
    assert host != "0.0.0.0"
    assert served["ALLOWED_HOSTS"].split(",")[0] == host


def test_serve_keeps_a_site_url_and_allowed_hosts_that_are_given():
    assert serve_env(SITE_URL="https://cho.example.vn", PORT="8080") == {
        "SITE_URL": "https://cho.example.vn",
        "ALLOWED_HOSTS": "cho.example.vn,127.0.0.1,localhost",
    }
    assert serve_env(HOST="10.0.0.2", ALLOWED_HOSTS="10.0.0.2")["ALLOWED_HOSTS"] == "10.0.0.2"


def test_production_starts_with_a_site_url_on_an_allowed_host():
    for allowed_hosts, site_url in [
        ("chophien.vn", "https://chophien.vn"),
        ("chophien.vn,www.chophien.vn", "https://www.chophien.vn/"),
        (".chophien.vn", "https://laocai.chophien.vn"),
        ("chophien.vn", "https://chophien.vn:8443"),
    ]:
        started = start_production(ALLOWED_HOSTS=allowed_hosts, SITE_URL=site_url)
        assert started.returncode == 0, started.stderr
        assert started.stdout.strip() == site_url


@pytest.mark.parametrize(
    ("allowed_hosts", "site_url", "says"),
    [
        ("chophien.vn", "https://cho-phien.vn", "'cho-phien.vn' is not in ALLOWED_HOSTS"),
        ("chophien.vn", "http://chophien.vn", "must start with https://"),
        ("chophien.vn", "http://127.0.0.1:8000", "must start with https://"),  # the development default
        ("chophien.vn", "https://", "no valid host"),
        ("chophien.vn", "https://chophien.vn/cho/", "without a path"),
    ],
)
def test_production_refuses_a_site_url_the_site_would_not_answer(allowed_hosts, site_url, says):
    started = start_production(ALLOWED_HOSTS=allowed_hosts, SITE_URL=site_url)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr
    assert says in started.stderr


@pytest.mark.parametrize(
    "backend", ["chophien.messaging.backends.LogBackend", "chophien.messaging.backends.MemoryBackend"]
)
def test_production_refuses_a_messaging_backend_that_delivers_nothing(backend):
    started = start_production(ALLOWED_HOSTS="chophien.vn", SITE_URL="https://chophien.vn", MESSAGING_BACKEND=backend)
    assert started.returncode != 0
    assert "ImproperlyConfigured" in started.stderr and "delivers no message" in started.stderr
    # Only a harness that runs the API under production settings on purpose says so.
    on_purpose = start_production(
        ALLOWED_HOSTS="chophien.vn", SITE_URL="https://chophien.vn", MESSAGING_BACKEND=backend,
        MESSAGING_UNDELIVERED_OK="true",
    )  # fmt: skip
    assert on_purpose.returncode == 0, on_purpose.stderr
