"""The test suite: fast hashing, tasks run at once, media in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="chophien-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MESSAGING_BACKEND = "chophien.messaging.backends.MemoryBackend"
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests open and close the database many times and flush it between tests: no pool there.
    DATABASES["default"].get("OPTIONS", {}).pop("pool", None)
ALLOWED_HOSTS = ["*"]
_ = env
# Static files straight from the apps' folders: no collectstatic before the tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="chophien-static-"))

ORDERS_NOTIFY_SWEEP_SECONDS = 0  # every checkout is swept at once, so tests see its messages
LIVE_PINS_CACHE_SECONDS = 0  # tests change pins and comment at once
LIVE_VIEWERS_CACHE_SECONDS = 0
LIVE_PUBLISH_SECONDS = 0
TRACE_CACHE_SECONDS = 0  # tests read each change at once
