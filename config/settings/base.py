"""Settings shared by every environment; each value that differs between machines is read from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-insecure-chophien-secret-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxies whose X-Forwarded-For is believed, as addresses or CIDRs ("127.0.0.1", "10.0.0.0/8"):
# per-address limits then count the address the nearest untrusted hop connected from
# (chophien.core.http.client_ip). Empty: the peer's own address, whatever X-Forwarded-For says.
TRUSTED_PROXIES: list[str] = env.list("TRUSTED_PROXIES", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "chophien.core",
    "chophien.places",
    "chophien.messaging",
    "chophien.accounts",
    "chophien.sellers",
    "chophien.catalog",
    "chophien.orders",
    "chophien.live",
    "chophien.traceability",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chophien.core.middleware.SecurityHeadersMiddleware",  # CSP, Permissions-Policy (pages, not static files)
    "chophien.core.middleware.GZipExceptEventStreamsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "chophien.core.middleware.BadInputMiddleware",  # NUL anywhere: 400; a body too large: 413 (see there)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "chophien.core.middleware.SyncChainMiddleware",  # last: the chain runs in one thread (see there)
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "chophien.orders.context_processors.cart",
            ],
            "builtins": ["chophien.core.templatetags.vn"],
        },
    }
]

# SQLite is the embedded default; production sets DATABASE_URL to PostgreSQL.
DATABASES = {
    "default": env.db_url_config(env("DATABASE_URL", default="") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web server and the task worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif env.bool("DATABASE_POOL", default=True):
    # Under ASGI each request's sync code runs in a thread of its own: connections kept per thread
    # (CONN_MAX_AGE) pile up until PostgreSQL refuses more ("too many clients"). A pool per process
    # hands the same few connections from request to request instead.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=10),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10),
    }
    if env.bool("DATABASE_PREPARED", default=True):
        # The pool keeps connections, so statements can be prepared on them: psycopg prepares a query
        # after its fifth run on a connection, and PostgreSQL stops planning it anew each time (planning
        # was most of a trace page's database time, and PostgreSQL shares the web server's cores).
        # On by default: the documented deployment is this in-process pool straight to PostgreSQL. Set
        # DATABASE_PREPARED=false behind a PgBouncer in transaction mode older than 1.21: then nothing
        # is prepared, checkout's statements included (orders/checkout_sql.py reads this threshold).
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:dashboard"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # The database cache is shared by every process on the machine, so rate limits hold
    # across the web server and its workers even in the embedded default.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "chophien_cache"}}

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 60

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 30

# Phones upload 5-10 MB photos; anything above this is refused with a clear message.
MAX_PHOTO_UPLOAD_BYTES = 15 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# One-time codes reach sellers through this adapter ("log" writes them to the log in development).
# Messages (docs/operations.md, "Messages"): production sends by Zalo ZNS and falls back to SMS,
# "chophien.messaging.backends.ZaloThenSmsBackend"; "log" writes them to the log in development.
MESSAGING_BACKEND = env("MESSAGING_BACKEND", default="chophien.messaging.backends.LogBackend")
# Each message the platform sends (messaging/catalogue.py): its approved ZNS template id, and the
# parameters that template was registered with, each with its ZNS type (the type sets Zalo's length limit).
MESSAGING_TEMPLATES = {
    "otp": {"zns_id": env("ZNS_TEMPLATE_OTP", default=""), "params": {"otp": "otp"}},
    "checkout_placed": {
        "zns_id": env("ZNS_TEMPLATE_CHECKOUT_PLACED", default=""),
        "params": {"reference": "code", "orders": "label", "total": "amount", "link": "url"},
    },
    "seller_new_order": {
        "zns_id": env("ZNS_TEMPLATE_SELLER_NEW_ORDER", default=""),
        "params": {"order": "code", "total": "amount", "link": "url"},
    },
    "order_confirmed": {
        "zns_id": env("ZNS_TEMPLATE_ORDER_CONFIRMED", default=""),
        "params": {"order": "code", "link": "url"},
    },
    "order_shipped": {
        "zns_id": env("ZNS_TEMPLATE_ORDER_SHIPPED", default=""),
        "params": {"order": "code", "link": "url"},
    },
    "order_cancelled_by_seller": {
        "zns_id": env("ZNS_TEMPLATE_ORDER_CANCELLED_BY_SELLER", default=""),
        "params": {"order": "code", "reason": "label", "link": "url"},
    },
    "staff_added": {"zns_id": env("ZNS_TEMPLATE_STAFF_ADDED", default=""), "params": {"shop": "label", "link": "url"}},
    "live_back_in_stock": {
        "zns_id": env("ZNS_TEMPLATE_LIVE_BACK_IN_STOCK", default=""),
        "params": {"product": "product", "link": "url"},
    },
    "live_waitlist_served": {
        "zns_id": env("ZNS_TEMPLATE_LIVE_WAITLIST_SERVED", default=""),
        "params": {"quantity": "amount", "until": "time", "link": "url"},
    },
    "batch_recalled": {
        "zns_id": env("ZNS_TEMPLATE_BATCH_RECALLED", default=""),
        "params": {"product": "product", "lot": "code", "order": "code", "link": "url"},
    },
}
# Zalo OA app: the access token lives in the database (`manage.py messaging_zalo_tokens` sets the
# first pair) and is refreshed with the app's secret key before it expires.
ZALO_APP_ID = env("ZALO_APP_ID", default="")
ZALO_APP_SECRET_KEY = env("ZALO_APP_SECRET_KEY", default="")
# eSMS.vn brandname SMS (customer care), the fallback when a phone has no Zalo or ZNS refuses.
ESMS_API_KEY = env("ESMS_API_KEY", default="")
ESMS_SECRET_KEY = env("ESMS_SECRET_KEY", default="")
ESMS_BRANDNAME = env("ESMS_BRANDNAME", default="")
ESMS_UNICODE = env.bool("ESMS_UNICODE", default=False)  # brandname SMS is sent without accents unless the contract says otherwise
ESMS_SANDBOX = env.bool("ESMS_SANDBOX", default=False)
# Signs the delivery-report address given to the SMS provider with each message.
MESSAGING_WEBHOOK_SECRET = env("MESSAGING_WEBHOOK_SECRET", default="")
# What a message costs in đồng until the provider reports the real price (eSMS does in its report;
# ZNS does not): the prices of your contracts.
MESSAGING_ZNS_PRICE = env.int("MESSAGING_ZNS_PRICE", default=300)
MESSAGING_SMS_PRICE = env.int("MESSAGING_SMS_PRICE", default=800)

SITE_NAME = "Chợ Phiên"

# Scripts, styles, fonts and photos from the site only (no inline script, style or handler in any
# template; tests/browser/test_csp.py); photos previewed before upload are blob: URLs. Reported only,
# not enforced, with DEBUG on (chophien.core.middleware.SecurityHeadersMiddleware). Photos served from
# another origin (object storage) need it added to img-src.
CONTENT_SECURITY_POLICY = env(
    "CONTENT_SECURITY_POLICY",
    default="; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "media-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    ),
)
# No page asks for the camera (a seller's photo is taken through the file input, which needs no
# permission), the microphone or the position; nor may a page framed elsewhere.
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    default="camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "accelerometer=(), gyroscope=(), magnetometer=(), browsing-topics=()",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}, "django_tasks": {"level": "WARNING"}},
}

# Orders: a flat shipping fee per seller's parcel until the logistics issue brings carriers' quotes.
ORDERS_FLAT_SHIPPING_FEE = env.int("ORDERS_FLAT_SHIPPING_FEE", default=30_000)
# At most one "tell the buyers and sellers" sweep asked for per this many seconds per process.
ORDERS_NOTIFY_SWEEP_SECONDS = env.float("ORDERS_NOTIFY_SWEEP_SECONDS", default=1.0)
# Live selling: how long a process keeps a session's pins (codes and names) while reading a flood.
# Where the site is reached from outside: links in messages (SMS, Zalo) are built on it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
LIVE_PINS_CACHE_SECONDS = env.float("LIVE_PINS_CACHE_SECONDS", default=1.0)
# Who a commenter is never changes; whether they are blocked or gave an address is read when they claim.
LIVE_VIEWERS_CACHE_SECONDS = env.float("LIVE_VIEWERS_CACHE_SECONDS", default=600.0)
# Live selling: changes of units left are sent to viewers at most this often per session and process.
LIVE_PUBLISH_SECONDS = env.float("LIVE_PUBLISH_SECONDS", default=0.2)
# Label scans one address may make a minute: a person scans a few labels, a flood is a script.
TRACE_SCANS_PER_MINUTE = env.int("TRACE_SCANS_PER_MINUTE", default=30)
# A trace page's story (households, journey, photos) is kept this long, and made anew at once when
# its batch records another event; warnings and recall are read fresh. Not longer: a source batch's
# event, or an order shipped whose event names another of its batches, changes the story without an
# event of this batch.
TRACE_CACHE_SECONDS = env.int("TRACE_CACHE_SECONDS", default=60)
# Label scans answered beside Django's request handling (traceability/scan_asgi.py), where
# PostgreSQL and Redis run: off only to compare, or to rule it out when something looks wrong.
TRACE_FAST_SCANS = env.bool("TRACE_FAST_SCANS", default=True)
