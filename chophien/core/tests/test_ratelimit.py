import time
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.cache.backends import db as database_cache
from django.core.management import call_command

from chophien.core.errors import RateLimited
from chophien.core.ratelimit import rate_limit_hit, rate_limit_reset

HOUR = 3600


class Clock:
    """The time every cache backend and the rate limiter read, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    monkeypatch.setattr(database_cache, "tz_now", lambda: datetime.fromtimestamp(clock.now, tz=UTC))
    return clock


@pytest.fixture(params=["locmem", "database"])
def shared_cache(request, settings, db):
    """The cache of the tests (locmem) and the one the embedded default runs on (the database)."""
    if request.param == "database":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "ratelimit_test_cache"}
        }
        call_command("createcachetable", verbosity=0)
    else:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-test"}
        }
    cache.clear()
    return request.param


def hit(key: str = "otp-send:0912345678", limit: int = 5) -> None:
    rate_limit_hit(key=key, limit=limit, window_seconds=HOUR, message="Vui lòng đợi một giờ rồi thử lại.")


def test_the_limit_is_allowed_then_the_next_attempt_is_refused():
    # given
    for _ in range(3):
        rate_limit_hit(key="t", limit=3, window_seconds=60, message="Chậm lại một chút.")

    # when / then
    with pytest.raises(RateLimited) as error:
        rate_limit_hit(key="t", limit=3, window_seconds=60, message="Chậm lại một chút.")
    assert (error.value.code, error.value.message, error.value.status) == ("rate_limited", "Chậm lại một chút.", 429)
    assert error.value.as_dict() == {"code": "rate_limited", "message": "Chậm lại một chút."}


def test_refused_attempts_keep_being_refused():
    for _ in range(2):
        hit(limit=2)
    for _ in range(3):
        with pytest.raises(RateLimited):
            hit(limit=2)


def test_keys_are_counted_apart():
    # given: one phone at its limit
    for _ in range(5):
        hit(key="otp-send:0912345678")

    # when / then: another phone still gets its five
    for _ in range(5):
        hit(key="otp-send:0987654321")
    with pytest.raises(RateLimited):
        hit(key="otp-send:0912345678")


def test_reset_starts_the_count_again():
    # given
    for _ in range(5):
        hit()

    # when
    rate_limit_reset(key="otp-send:0912345678")

    # then
    for _ in range(5):
        hit()
    with pytest.raises(RateLimited):
        hit()


def test_the_window_holds_for_its_whole_length_on_every_cache(shared_cache, clock):
    # given: the limit used up at the start of the window
    for _ in range(5):
        hit()

    # when / then: five minutes on (the database cache's default timeout), still refused
    clock.advance(301)
    with pytest.raises(RateLimited):
        hit()
    clock.advance(HOUR - 301 - 2)
    with pytest.raises(RateLimited):
        hit()

    # and once the hour is over, the count starts again
    clock.advance(3)
    for _ in range(5):
        hit()
    with pytest.raises(RateLimited):
        hit()


def test_the_window_starts_at_the_first_attempt_and_is_never_extended(shared_cache, clock):
    # given: one attempt, then four more late in the hour
    hit()
    clock.advance(HOUR - 10)
    for _ in range(4):
        hit()

    # when: the hour since the first attempt ends
    clock.advance(11)

    # then: a fresh window with five attempts
    for _ in range(5):
        hit()
    with pytest.raises(RateLimited):
        hit()


def test_on_redis_a_window_costs_one_round_trip_and_starts_at_the_first_attempt(settings):
    import redis
    from django.core.cache import caches

    from chophien.core.errors import RateLimited
    from chophien.core.ratelimit import rate_limit_check, rate_limit_hit, rate_limit_reset
    from conftest import redis_url

    url = redis_url()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}
    try:
        rate_limit_reset(key="phone:0912345678")
        for _ in range(3):
            rate_limit_hit(key="phone:0912345678", limit=3, window_seconds=60, message="chậm lại")
        with pytest.raises(RateLimited):
            rate_limit_check(key="phone:0912345678", limit=3, message="chậm lại")
        with pytest.raises(RateLimited, match="chậm lại"):
            rate_limit_hit(key="phone:0912345678", limit=3, window_seconds=60, message="chậm lại")
        client = redis.Redis.from_url(url)
        key = caches["default"].make_and_validate_key("ratelimit:phone:0912345678")
        assert 0 < client.ttl(key) <= 60  # set once, by the first attempt
        rate_limit_reset(key="phone:0912345678")
        rate_limit_hit(key="phone:0912345678", limit=3, window_seconds=60, message="chậm lại")
    finally:
        rate_limit_reset(key="phone:0912345678")
