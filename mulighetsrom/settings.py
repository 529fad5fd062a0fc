"""Settings for Mulighetsrom, all read from the environment.

See docs/deploy.md for the variables a production instance sets.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from mulighetsrom.lib.env import envbool, envint, envlist, envsecret

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", "False")
# The fallback key is for development and tests only: `check --deploy` rejects it
# (security.W009), so production must set SECRET_KEY (docs/deploy.md).
SECRET_KEY = envsecret("SECRET_KEY", "django-insecure-development-key-do-not-use-in-production")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_ROOT = envsecret("SITE_ROOT", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "template_partials",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "mulighetsrom.accounts",
    "mulighetsrom.projects",
    "mulighetsrom.stakeholders",
    "mulighetsrom.surveys",
    "mulighetsrom.insight",
    "mulighetsrom.forecast",
    "mulighetsrom.needs",
    "mulighetsrom.collaboration",
    "mulighetsrom.reports",
    "mulighetsrom.feedback",
    "mulighetsrom.privacy",
    "mulighetsrom.dashboard",
    "mulighetsrom.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "mulighetsrom.lib.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

FORM_RENDERER = "mulighetsrom.lib.forms.FormRenderer"
ROOT_URLCONF = "mulighetsrom.urls"
WSGI_APPLICATION = "mulighetsrom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mulighetsrom.accounts.context_processors.organization",
                "mulighetsrom.collaboration.context_processors.notifications",
            ],
        },
    }
]

# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        envsecret("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The worker and the web process share the file: wait for locks instead of failing. Transactions
    # take the write lock when they begin (IMMEDIATE): a transaction that reads and then writes
    # otherwise fails at once with "database is locked" when another process writes, and the
    # database cache drops such a failed write silently (a lost login-limit count, for one).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-allauth: e-mail login, rate-limited, optional TOTP.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# No open sign-up by default: people join by invitation from their organization's administrator
# (accounts.Invitation) or through the organization's single sign-on. Wherever open sign-up is
# switched on, the address must be verified before the account can be used: otherwise anyone
# could register with somebody else's address and be linked to that person's record.
ACCOUNT_ALLOW_SIGNUP = envbool("ACCOUNT_ALLOW_SIGNUP", "False")
ACCOUNT_EMAIL_VERIFICATION = "mandatory" if ACCOUNT_ALLOW_SIGNUP else envsecret("ACCOUNT_EMAIL_VERIFICATION", "none")
# An invitation link is valid this many days (accounts.Invitation).
INVITATION_VALID_DAYS = envint("INVITATION_VALID_DAYS", "14")
# Sign-up through the organization's identity provider (OIDC): the provider vouches for the
# address, so no second verification e-mail.
SOCIALACCOUNT_ADAPTER = "mulighetsrom.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_ALLOW_SIGNUP = envbool("SOCIALACCOUNT_ALLOW_SIGNUP", "True")
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_FORMS = {
    "login": "mulighetsrom.accounts.forms.LoginForm",
    "signup": "mulighetsrom.accounts.forms.SignupForm",
    "change_password": "mulighetsrom.accounts.forms.ChangePasswordForm",
    "reset_password": "mulighetsrom.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "mulighetsrom.accounts.forms.ResetPasswordKeyForm",
    "add_email": "mulighetsrom.accounts.forms.AddEmailForm",
}
ACCOUNT_ADAPTER = "mulighetsrom.accounts.adapter.AccountAdapter"
# Failed logins are limited per client address here (allauth) and per account by a short,
# growing delay (mulighetsrom.accounts.throttle): a fixed per-account lock would let an attacker
# keep the real user out. Both counters live in the shared cache below, not in one process.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": envsecret("LOGIN_FAILED_RATE", "20/5m/ip"),
    "signup": "20/m/ip",
}
# After LOGIN_FREE_FAILURES failed attempts for one account, each further attempt must wait
# LOGIN_DELAY_BASE seconds, doubled after every failure, at most LOGIN_DELAY_MAX seconds.
LOGIN_FREE_FAILURES = envint("LOGIN_FREE_FAILURES", "5")
LOGIN_DELAY_BASE = envint("LOGIN_DELAY_BASE", "1")
LOGIN_DELAY_MAX = envint("LOGIN_DELAY_MAX", "180")
# Behind N reverse proxies, allauth takes the client address from X-Forwarded-For (the N-th
# entry from the right); 0 uses REMOTE_ADDR. Wrong here, all clients would share one limit.
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mulighetsrom"
# The Django admin is reached only through allauth's login (accounts/admin.py), and only by a
# session that used a second factor (TOTP) or the organization's single sign-on.
ADMIN_REQUIRE_MFA = envbool("ADMIN_REQUIRE_MFA", "True")

# OpenID Connect (Entra ID, ID-porten): enabled when OIDC_CLIENT_ID is set. See docs/deploy.md.
SOCIALACCOUNT_PROVIDERS: dict = {}
if envsecret("OIDC_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "OAUTH_PKCE_ENABLED": True,
        # Addresses in these domains are taken as verified by the identity provider (for linking
        # to person records); others only if the provider sends email_verified=true.
        "VERIFIED_EMAIL": envlist("OIDC_VERIFIED_EMAIL_DOMAINS"),
        "APPS": [
            {
                "provider_id": envsecret("OIDC_PROVIDER_ID", "entra"),
                "name": envsecret("OIDC_PROVIDER_NAME", "Entra ID"),
                "client_id": envsecret("OIDC_CLIENT_ID"),
                "secret": envsecret("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": envsecret("OIDC_SERVER_URL")},
            }
        ],
    }
SOCIALACCOUNT_ONLY = envbool("SOCIALACCOUNT_ONLY")

# The cache holds the login rate-limit counters, so every web process must share it: Redis when
# REDIS_URL is set, otherwise a table in the database (`manage.py createcachetable`). A
# per-process cache would give every worker its own allowance of attempts.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "mulighetsrom_cache",
        # Culling deletes arbitrary entries; a low limit would let a flood of keys wipe counters.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
    if not envsecret("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": envsecret("REDIS_URL")}
}

# Background work: django-tasks with its database backend (no broker needed).
TASKS = {
    "default": {
        "BACKEND": envsecret("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/designsystemet-css", BASE_DIR / "node_modules/@digdir/designsystemet-css/dist/src"),
    ("vendor/designsystemet-theme", BASE_DIR / "node_modules/@digdir/designsystemet-theme/brand"),
    ("vendor/htmx", BASE_DIR / "node_modules/htmx.org/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if envbool("STATIC_MANIFEST", "False")
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = Path(envsecret("MEDIA_ROOT", str(BASE_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = envsecret("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = envsecret("DEFAULT_FROM_EMAIL", "mulighetsrom@localhost")

# Strict Content Security Policy: no inline script or style, nothing third-party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF, *envlist("CSP_FORM_ACTION_EXTRA")],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
        "base-uri": [SELF],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
if envbool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CSRF_FAILURE_VIEW = "mulighetsrom.dashboard.views.csrf_failure"
SILENCED_SYSTEM_CHECKS: list[str] = []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envsecret("LOG_LEVEL", "WARNING")},
}

# Project limits that forms and engagement checks read.
MAX_TEXT_LENGTH = 5000

# Public survey fast path (surveys/fast_path.py): SURVEY_FAST_PATH=false runs the same statements
# through the plain ORM and renders with Django's templates (issue 15, item 6).
SURVEY_FAST_PATH = envbool("SURVEY_FAST_PATH", "True")
