"""Django settings for tipnet, read from the environment (see docs/configuration.md).

TIPNET_ENV=production switches on the production posture: DEBUG off, HTTPS-only cookies,
HSTS, and keys that must come from the environment. Anything else is a development or demo
setup on SQLite that keeps generated keys in the var directory.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url

from tipnet.lib.crypto import generate_key_spec, parse_key_specs
from tipnet.lib.env import ConfigError, env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env_str("TIPNET_VAR_DIR", str(Path.cwd() / "var")))

TIPNET_ENV = env_str("TIPNET_ENV", "development")
if TIPNET_ENV not in {"development", "production", "test"}:
    raise ConfigError("TIPNET_ENV must be development, production or test")
PRODUCTION = TIPNET_ENV == "production"
DEBUG = env_bool("TIPNET_DEBUG", default=TIPNET_ENV == "development")


def _local_secrets() -> dict[str, str]:
    """Development only: generate keys once and keep them in VAR_DIR/secrets.json."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    secrets = {
        "SECRET_KEY": generate_key_spec("s").split(":", 1)[1] * 2,
        "TIPNET_DATA_KEYS": generate_key_spec("k1"),
        "TIPNET_AUDIT_KEY": generate_key_spec("a").split(":", 1)[1],
    }
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(secrets, fh)
    return secrets


_dev = {} if PRODUCTION else _local_secrets()


def _secret(name: str) -> str:
    if PRODUCTION:
        return env_str(name)
    return os.environ.get(name) or _dev[name]


SECRET_KEY = _secret("SECRET_KEY")
# Field encryption keys, "kid:base64(32 bytes)", comma-separated; the first one seals.
TIPNET_DATA_KEYS = [k.strip() for k in _secret("TIPNET_DATA_KEYS").split(",") if k.strip()]
parse_key_specs(TIPNET_DATA_KEYS)  # fail at start-up, not at the first read of a record
# Key for the audit chain's HMAC: someone who can write to the database alone cannot forge it.
TIPNET_AUDIT_KEY = _secret("TIPNET_AUDIT_KEY")

ALLOWED_HOSTS = env_list("TIPNET_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("TIPNET_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_countries",
    "tipnet.codelists",
    "tipnet.audit",
    "tipnet.accounts",
    "tipnet.cases",
    "tipnet.htcds",
    "tipnet.identification",
    "tipnet.directory",
    "tipnet.federation",
    "tipnet.referrals",
    "tipnet.intake",
    "tipnet.security",
    "tipnet.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tipnet.middleware.ApiBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tipnet.accounts.middleware.IdleTimeoutMiddleware",
    "tipnet.accounts.middleware.RequireVerifiedLoginMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Serve collected static files from the app server (no separate web server needed).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "tipnet.urls"
WSGI_APPLICATION = "tipnet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'tipnet.sqlite3'}"),
        conn_max_age=env_int("TIPNET_DB_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets page reads go on while a write (an import, a key rotation) is under way.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:list"

# Lockout: after this many failed passwords or second factors, the account is locked for
# TIPNET_LOCKOUT_MINUTES (django-axes).
AXES_FAILURE_LIMIT = env_int("TIPNET_LOCKOUT_ATTEMPTS", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("TIPNET_LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Behind a reverse proxy, the client address is in X-Forwarded-For: say how many proxies there
# are, or every client would share the proxy's address (and one attacker could lock out all).
TIPNET_PROXY_COUNT = env_int("TIPNET_PROXY_COUNT", 0, minimum=0)
AXES_IPWARE_PROXY_COUNT = TIPNET_PROXY_COUNT or None
if AXES_IPWARE_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "tipnet.accounts.views.locked_out"
AXES_VERBOSE = False

# Idle timeout: a session lives TIPNET_IDLE_MINUTES after the last request.
SESSION_COOKIE_AGE = env_int("TIPNET_IDLE_MINUTES", 15, minimum=1) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
OTP_TOTP_ISSUER = env_str("TIPNET_TOTP_ISSUER", "tipnet")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español"), ("ar", "العربية")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIPNET_TIME_ZONE", "UTC")
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env_str("TIPNET_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads: attachments above this size are refused with a clear message.
TIPNET_MAX_ATTACHMENT_BYTES = env_int("TIPNET_MAX_ATTACHMENT_MB", 20, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Small uploads stay in memory; larger ones are spooled to disk encrypted (tipnet/lib/uploads.py)
# and nothing past the largest accepted upload is stored.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "tipnet.lib.uploads.EncryptedTemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
TIPNET_MAX_IMPORT_BYTES = env_int("TIPNET_MAX_IMPORT_MB", 512, minimum=1) * 1024 * 1024
TIPNET_MAX_UPLOAD_BYTES = max(TIPNET_MAX_IMPORT_BYTES, TIPNET_MAX_ATTACHMENT_BYTES)
TIPNET_API_MAX_BODY_BYTES = env_int("TIPNET_API_MAX_BODY_KB", 512, minimum=1) * 1024

# Map tiles for the directory's map ({z}/{x}/{y} URL template); empty: a map without tiles.
TIPNET_MAP_TILES = env_str("TIPNET_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")

# Sections that other apps add to the case page, in order (cases never imports them).
TIPNET_CASE_PAGE_SECTIONS = ["tipnet.identification.views.case_section",
                             "tipnet.referrals.views.case_section"]
# Apps that open cases beyond their organisation (see tipnet/cases/access.py).
TIPNET_CASE_GRANT_PROVIDERS = ["tipnet.referrals.grants.provider"]

# Referrals: how long the receiving organisation has to answer before the referral escalates
# (listed as overdue, e-mailed by the referrals_escalate command), in hours.
TIPNET_REFERRAL_ANSWER_HOURS = env_int("TIPNET_REFERRAL_ANSWER_HOURS", 72, minimum=1)
TIPNET_REFERRAL_URGENT_ANSWER_HOURS = env_int("TIPNET_REFERRAL_URGENT_ANSWER_HOURS", 4,
                                              minimum=1)
# The public report page (/report/): the organisation whose hotline receives the reports (its
# case prefix; empty: no public reporting), and how many reports one client may send an hour.
TIPNET_PUBLIC_REPORT_ORGANISATION = env_str("TIPNET_PUBLIC_REPORT_ORGANISATION", "")
TIPNET_PUBLIC_REPORTS_PER_HOUR = env_int("TIPNET_PUBLIC_REPORTS_PER_HOUR", 5, minimum=1)
TIPNET_PUBLIC_REPORTS_ALL_PER_HOUR = env_int("TIPNET_PUBLIC_REPORTS_ALL_PER_HOUR", 300,
                                             minimum=1)
# Where "Quick exit" goes: a neutral site.
TIPNET_QUICK_EXIT_URL = env_str("TIPNET_QUICK_EXIT_URL", "https://www.google.com/")
# The address of this deployment as users reach it, for links in e-mails.
TIPNET_BASE_URL = env_str("TIPNET_BASE_URL", "http://localhost:8000").rstrip("/")

# Federation with other tipnet deployments (docs/federation.md).
# Peers' addresses must be https://, except when this is on (default: on outside production).
TIPNET_FEDERATION_ALLOW_HTTP = env_bool("TIPNET_FEDERATION_ALLOW_HTTP", default=not PRODUCTION)
TIPNET_FEDERATION_MAX_BODY_BYTES = (
    env_int("TIPNET_FEDERATION_MAX_BODY_KB", 1024, minimum=1) * 1024)
# A package sent further than this from the receiver's clock (either way) is refused.
TIPNET_FEDERATION_CLOCK_WINDOW_SECONDS = env_int(
    "TIPNET_FEDERATION_CLOCK_WINDOW_SECONDS", 600, minimum=30)
TIPNET_FEDERATION_TIMEOUT_SECONDS = env_int("TIPNET_FEDERATION_TIMEOUT_SECONDS", 20, minimum=1)
# Outbox retries: base·2^(attempts-1) seconds, capped, with jitter.
TIPNET_FEDERATION_RETRY_BASE_SECONDS = env_int(
    "TIPNET_FEDERATION_RETRY_BASE_SECONDS", 30, minimum=1)
TIPNET_FEDERATION_RETRY_MAX_SECONDS = env_int(
    "TIPNET_FEDERATION_RETRY_MAX_SECONDS", 3600, minimum=1)
# A first delivery attempt right after the sending transaction commits (in a thread).
TIPNET_FEDERATION_DELIVER_ON_COMMIT = env_bool("TIPNET_FEDERATION_DELIVER_ON_COMMIT", True)
# Refused packages from one address per minute before the inbox answers 429 without work.
TIPNET_FEDERATION_REJECTS_PER_MINUTE = env_int(
    "TIPNET_FEDERATION_REJECTS_PER_MINUTE", 60, minimum=1)
# Handlers of received message kinds: kind -> dotted path of handler(peer, payload, message).
TIPNET_FEDERATION_HANDLERS = {
    "ping": "tipnet.federation.handlers.ping",
    "referral": "tipnet.referrals.federated.receive",
    "referral_status": "tipnet.referrals.federated.receive_status",
}
# Called when a peer refuses a message for good (kind -> hook(message, reason)).
TIPNET_FEDERATION_REFUSAL_HANDLERS = {"referral": "tipnet.referrals.federated.refused"}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("TIPNET_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("TIPNET_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("TIPNET_HSTS_PRELOAD", True)

EMAIL_BACKEND = env_str("TIPNET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("TIPNET_FROM_EMAIL", "tipnet@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Webhook addresses carry a secret key: Django's request log would write it out.
    "filters": {"no_secret_paths": {"()": "tipnet.lib.logfilters.HideSecretPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["no_secret_paths"]}},
    "root": {"handlers": ["console"], "level": env_str("TIPNET_LOG_LEVEL", "WARNING")},
}
