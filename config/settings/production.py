"""Production: PostgreSQL and Redis, behind a reverse proxy. Refuses to start with unsafe settings."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DATABASES, DEBUG, MESSAGING_BACKEND, REDIS_URL, SECRET_KEY, SITE_URL, env

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")
if SECRET_KEY.startswith("dev-insecure") or len(SECRET_KEY) < 40:
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value in production.")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL.")
if not REDIS_URL:
    raise ImproperlyConfigured("Production needs REDIS_URL for the cache and rate limits.")
# A backend that delivers nothing would leave every buyer and seller without their messages, and the
# log one writes login codes to the log. Only a harness that runs the API under these settings on
# purpose (scripts/fuzz_api.py) says MESSAGING_UNDELIVERED_OK.
UNDELIVERED_BACKENDS = ("chophien.messaging.backends.LogBackend", "chophien.messaging.backends.MemoryBackend")
if MESSAGING_BACKEND in UNDELIVERED_BACKENDS and not env.bool("MESSAGING_UNDELIVERED_OK", default=False):
    raise ImproperlyConfigured(
        f"MESSAGING_BACKEND={MESSAGING_BACKEND} delivers no message in production: set it to "
        "chophien.messaging.backends.ZaloThenSmsBackend with its settings (docs/operations.md)."
    )


def _site_url_problem(site_url: str, allowed_hosts: list[str]) -> str | None:
    """Why SITE_URL cannot be the address printed on labels and sent in messages, or None.

    A label is printed once and scanned for years, and a message's link is tapped on a phone: a link
    to a host this site refuses (400 Bad Request), or to plain http, is lost for good."""
    parts = urlsplit(site_url)
    if parts.scheme != "https":
        return f"SITE_URL must start with https:// in production (it is {site_url!r})."
    host, _port = split_domain_port(parts.netloc)
    if not host:
        return f"SITE_URL has no valid host (it is {site_url!r})."
    if not validate_host(host, allowed_hosts):
        return (
            f"SITE_URL's host {host!r} is not in ALLOWED_HOSTS {allowed_hosts!r}: the links on labels and in "
            "messages would be refused. Set SITE_URL to the public address, or add its host to ALLOWED_HOSTS."
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        return f"SITE_URL is the site's root, without a path (it is {site_url!r})."
    return None


if problem := _site_url_problem(SITE_URL, ALLOWED_HOSTS):
    raise ImproperlyConfigured(problem)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 30
SECURE_CONTENT_TYPE_NOSNIFF = True
