"""The label scan app beside Django (scan_asgi.py): it answers a serialized label's scan as Django's
view does, records it once, and leaves everything else to Django."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import httpx
import pytest
from django.core.asgi import get_asgi_application
from django.db import connection

from chophien.core.ratelimit import rate_limit_redis_key
from chophien.traceability import scans, services
from chophien.traceability.gs1 import LabelKey
from chophien.traceability.models import AlertKind, CounterfeitAlert, Scan, Serial
from chophien.traceability.scan_asgi import LabelScanApp, label_key_of
from chophien.traceability.tests.factories import GTIN, shop_with_batch
from conftest import TEST_REDIS_URL, redis_url


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/t/b00001/s0001", LabelKey(public_code="B00001", serial="S0001")),
        (f"/01/{GTIN}/10/LO-1/21/A7", LabelKey(gtin=GTIN, lot="LO-1", serial="A7")),
        (f"/01/{GTIN}/21/A7", LabelKey(gtin=GTIN, serial="A7")),
        ("/t/B00001", None),  # a batch label: Django
        (f"/01/{GTIN}/10/LO-1", None),
        ("/t/B00001/sai ký tự", None),  # malformed: Django's page says so
        ("/01/12345/21/A7", None),  # a wrong GTIN
        ("/t/B00001/S1/extra", None),
        ("/truy-xuat/B00001/", None),
    ],
)
def test_which_labels_the_app_answers_itself(path: str, key: LabelKey | None):
    assert label_key_of(path) == key


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_it_serves_only_where_postgresql_and_redis_run(settings):
    django_app = object()
    settings.DATABASES = {"default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.sqlite3"}}
    settings.REDIS_URL = TEST_REDIS_URL
    assert LabelScanApp.wrapping(django_app) is django_app  # type: ignore[arg-type]
    settings.DATABASES = {"default": {**settings.DATABASES["default"], "ENGINE": "django.db.backends.postgresql"}}
    assert isinstance(LabelScanApp.wrapping(django_app), LabelScanApp)  # type: ignore[arg-type]
    settings.TRACE_FAST_SCANS = False
    assert LabelScanApp.wrapping(django_app) is django_app  # type: ignore[arg-type]


# The rest needs the app's own connections to see what the test wrote: committed data, PostgreSQL.
def on_postgres(test: Any) -> Any:
    return pytest.mark.postgres(pytest.mark.django_db(transaction=True, serialized_rollback=True)(test))


class CountingDjango:
    """Django's ASGI application, counting the requests it is handed."""

    def __init__(self) -> None:
        self.app = get_asgi_application()
        self.paths: list[str] = []

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"])
        await self.app(scope, receive, send)


@pytest.fixture
def redis_cache(settings):
    import redis

    redis_url()  # reachable, or the test skips (fails in CI)
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": TEST_REDIS_URL}
    }
    client = redis.Redis.from_url(TEST_REDIS_URL)
    limit_key = rate_limit_redis_key("trace-scan:127.0.0.1")
    client.delete(limit_key)
    yield client, limit_key
    client.delete(limit_key)


def scan_app(database: dict[str, Any] | None = None) -> tuple[LabelScanApp, CountingDjango]:
    django_app = CountingDjango()
    return LabelScanApp(django_app, database=database or connection.settings_dict, redis_url=TEST_REDIS_URL), django_app


def get_all(app: Any, paths: list[str], headers: Any = None) -> list[httpx.Response]:
    async def run() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
        try:
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return [await client.get(path, headers=headers) for path in paths]
        finally:
            if isinstance(app, LabelScanApp):
                await app.close()

    return asyncio.run(run())


def assert_same_answer(fast: httpx.Response, slow: httpx.Response, *, serials: tuple[str, str]) -> None:
    """The scan app's answer to a scan of ``serials[0]`` and Django's to one of ``serials[1]``: alike
    but for the serial, the scan's own token and the time."""
    fast_serial, slow_serial = serials

    def headers(answer: httpx.Response, serial: str) -> dict[str, str]:
        return {
            name: value.replace(serial, "<serial>").split("?quet=")[0]
            for name, value in answer.headers.items()
            if name != "expires"
        }

    assert fast.status_code == slow.status_code
    assert headers(fast, fast_serial) == headers(slow, slow_serial)


def issued(count: int = 2, **batch: Any) -> tuple[Any, list[str]]:
    batch_made, owner = shop_with_batch(**batch)
    units = services.serials_issue(batch_id=batch_made.pk, seller=batch_made.seller, by=owner, count=count)
    return batch_made, [unit.serial for unit in units]


@pytest.mark.usefixtures("redis_cache")
@on_postgres
def test_a_scan_is_answered_as_django_answers_it_and_recorded_once():
    batch, (first, second) = issued(gtin=GTIN, lot="L1")
    app, django_app = scan_app()

    fast, fast_dl = get_all(app, [f"/t/{batch.public_code}/{first}", f"/01/{GTIN}/10/L1/21/{second.lower()}"])
    [slow] = get_all(get_asgi_application(), [f"/t/{batch.public_code}/{first}"])

    assert django_app.paths == []  # none reached Django
    assert fast.status_code == fast_dl.status_code == slow.status_code == 307
    assert fast.headers["location"].startswith(f"/truy-xuat/{batch.public_code}/{first}/?quet=")
    assert fast_dl.headers["location"].startswith(f"/truy-xuat/{batch.public_code}/{second}/?quet=")
    assert fast.headers["link"] == (
        f'<http://testserver/t/{batch.public_code}/{first}?linkType=all>; rel="linkset"; '
        'type="application/linkset+json"'
    )
    assert_same_answer(fast, slow, serials=(first, first))
    assert Scan.objects.filter(serial__serial=first).count() == 2 and Scan.objects.count() == 3
    unit = Serial.objects.get(serial=first)
    assert unit.scan_count == 2 and unit.first_scanned_at is not None
    batch.refresh_from_db()
    assert batch.scan_count == 2  # each unit counted at its first scan
    # The token in the redirect lets the person give their province, as with Django's answer.
    token = httpx.URL(fast.headers["location"]).params["quet"]
    assert scans.scan_place_set(token=token, province_code=12).province_id == 12


@on_postgres
@pytest.mark.parametrize(
    "headers",
    [
        [("accept-language", "en-GB,en;q=0.9")],
        [("cookie", "django_language=en")],
        [("accept-language", "vi"), ("accept-language", "en")],  # twice: Django reads "vi,en"
    ],
)
def test_the_language_and_headers_are_django_s(redis_cache, headers):
    batch, (serial, other) = issued()
    [fast] = get_all(scan_app()[0], [f"/t/{batch.public_code}/{serial}"], headers)
    [slow] = get_all(get_asgi_application(), [f"/t/{batch.public_code}/{other}"], headers)
    assert_same_answer(fast, slow, serials=(serial, other))
    expected = "/truy-xuat/" if headers[0] == ("accept-language", "vi") else "/en/truy-xuat/"
    assert fast.headers["location"].startswith(f"{expected}{batch.public_code}/{serial}/?quet=")


@on_postgres
def test_a_percent_encoded_label_gets_the_anchor_django_gives(redis_cache):
    _batch, (serial, other) = issued(gtin=GTIN, lot="L>1")
    [fast] = get_all(scan_app()[0], [f"/01/{GTIN}/10/L%3E1/21/{serial}"])
    [slow] = get_all(get_asgi_application(), [f"/01/{GTIN}/10/L%3E1/21/{other}"])
    assert fast.status_code == 307
    assert_same_answer(fast, slow, serials=(serial, other))
    assert f"/10/L%3E1/21/{serial}?linkType=all>;" in fast.headers["link"]  # no bare ">" in the header


@on_postgres
def test_behind_the_proxy_https_is_django_s_to_ask_for(redis_cache, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    batch, (serial, other) = issued()
    app, django_app = scan_app()
    [plain, empty] = get_all(app, [f"/t/{batch.public_code}/{serial}"] * 2, [("x-forwarded-proto", "")])
    assert plain.status_code == empty.status_code == 301  # Django sends the phone to https
    assert len(django_app.paths) == 2 and Scan.objects.count() == 0
    [fast] = get_all(scan_app()[0], [f"/t/{batch.public_code}/{serial}"], [("x-forwarded-proto", "https")])
    [slow] = get_all(get_asgi_application(), [f"/t/{batch.public_code}/{other}"], [("x-forwarded-proto", "https")])
    assert fast.status_code == 307 and fast.headers["strict-transport-security"] == "max-age=3600"
    assert fast.headers["link"].startswith("<https://testserver/t/")
    assert_same_answer(fast, slow, serials=(serial, other))


@on_postgres
def test_a_host_django_would_refuse_goes_to_django(redis_cache, settings):
    settings.ALLOWED_HOSTS = ["chophien.vn"]
    batch, (serial, _) = issued()
    app, django_app = scan_app()
    [foreign, twice] = [
        get_all(app, [f"/t/{batch.public_code}/{serial}"], headers)[0]
        for headers in ([("host", "evil.example")], [("host", "chophien.vn"), ("host", "chophien.vn")])
    ]
    assert foreign.status_code == twice.status_code == 400
    assert len(django_app.paths) == 2 and Scan.objects.count() == 0


@on_postgres
def test_what_it_does_not_answer_goes_to_django_once(redis_cache):
    client, limit_key = redis_cache
    batch, (serial, _) = issued()
    app, django_app = scan_app()
    answers = get_all(
        app,
        [
            f"/t/{batch.public_code}/NEVERISSUED",  # recorded by Django, with its alert
            f"/t/{batch.public_code}",  # a batch label
            f"/t/{batch.public_code}/{serial}?linkType=all",  # the linkset
            f"/t/{batch.public_code}/{serial}?%6CinkType=all",  # the same, as Django reads it
        ],
    )
    assert [answer.status_code for answer in answers] == [307, 307, 200, 200]
    assert django_app.paths == [
        f"/t/{batch.public_code}/NEVERISSUED",
        f"/t/{batch.public_code}",
        f"/t/{batch.public_code}/{serial}",
        f"/t/{batch.public_code}/{serial}",
    ]
    assert CounterfeitAlert.objects.get(kind=AlertKind.NEVER_ISSUED).evidence["serial"] == "NEVERISSUED"
    assert Scan.objects.count() == 2  # the invented serial and the batch label; the linkset is no scan
    assert int(client.get(limit_key)) == 2  # each scan counted once against the caller's limit


@on_postgres
def test_over_the_limit_django_shows_the_limit_page_and_nothing_is_recorded(redis_cache, settings):
    settings.TRACE_SCANS_PER_MINUTE = 2
    batch, (serial, _) = issued()
    answers = get_all(scan_app()[0], [f"/t/{batch.public_code}/{serial}"] * 3)
    assert [answer.status_code for answer in answers] == [307, 307, 429]
    assert "quá nhiều" in answers[2].text
    assert Scan.objects.count() == 2


@on_postgres
def test_a_scan_that_may_be_a_copy_is_checked_as_django_checks_it(redis_cache):
    batch, (serial, _) = issued()
    Serial.objects.filter(serial=serial).update(scan_count=scans.SCANS_PER_SERIAL)
    [answer] = get_all(scan_app()[0], [f"/t/{batch.public_code}/{serial}"])
    assert answer.status_code == 307
    alert = CounterfeitAlert.objects.get(kind=AlertKind.TOO_MANY_SCANS)
    assert alert.evidence["scans"] == scans.SCANS_PER_SERIAL + 1 and alert.serial.serial == serial


@on_postgres
def test_when_its_database_fails_django_answers_and_the_scan_counts_once(redis_cache):
    batch, (serial, _) = issued()
    unreachable = {**connection.settings_dict, "PORT": "1", "OPTIONS": {"connect_timeout": 1}}
    app, django_app = scan_app(unreachable)
    app.open_timeout = 1
    started = time.monotonic()
    answers = get_all(app, [f"/t/{batch.public_code}/{serial}"] * 3)
    assert [answer.status_code for answer in answers] == [307] * 3
    assert django_app.paths == [f"/t/{batch.public_code}/{serial}"] * 3
    assert Serial.objects.get(serial=serial).scan_count == 3  # each scan once
    # After the first failure the app stopped trying for a while: the other two went straight on.
    assert time.monotonic() - started < 2 * app.open_timeout


def test_it_speaks_the_lifespan_protocol():
    app = LabelScanApp(lambda *a: None, database={}, redis_url=TEST_REDIS_URL)  # type: ignore[arg-type]
    messages = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: Any) -> None:
        sent.append(message)

    asyncio.run(app({"type": "lifespan"}, receive, send))
    assert sent == [{"type": "lifespan.startup.complete"}, {"type": "lifespan.shutdown.complete"}]
