"""Abitare settings: one file, driven by the environment (see docs/configuration.md).

Development needs no variable at all: SQLite and a generated secret key live in ``var/``.
``ABITARE_ENV=production`` turns on every item of ``manage.py check --deploy`` and refuses to
start without an explicit ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from abitare.core.roles import Role

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("ABITARE_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, *, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


ENVIRONMENT = env_str("ABITARE_ENV", "development")
if ENVIRONMENT not in {"development", "production"}:
    raise ImproperlyConfigured("ABITARE_ENV must be 'development' or 'production'")
PRODUCTION = ENVIRONMENT == "production"


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is required when ABITARE_ENV=production")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when ABITARE_ENV=production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when ABITARE_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "csp",
    # Abitare, in dependency order (docs/architecture.md).
    "abitare.core",
    "abitare.accounts",
    "abitare.web",
    "abitare.registry",
    "abitare.assessments",
    "abitare.housing",
    "abitare.matching",
    "abitare.tenancies",
    "abitare.hosting",
    "abitare.finances",
    "abitare.labs",
    "abitare.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "abitare.accounts.middleware.MembershipMiddleware",
    "abitare.core.access.AccessMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "abitare.web.context_processors.shell",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'abitare.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at once.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:worklist"
LOGOUT_REDIRECT_URL = "web:home"

# Reverse proxies in front of the application that append the client's address to
# X-Forwarded-For (0: clients connect directly). Lock-out and rate limits read the address
# through abitare.core.throttle.client_address, which trusts exactly this many hops.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more")

# Lock-out (django-axes) after 5 failures on one account from one address: failures from other
# addresses, or on other accounts, do not lock anyone out. A much higher ceiling per address,
# across accounts, stops one address from trying many accounts (accounts.views.LoginView).
# The landing page's dashboard figures are kept this many seconds per organisation, territory and
# role (0: computed on every visit); the work list beside them is always live.
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 300)
if DASHBOARD_CACHE_SECONDS < 0:
    raise ImproperlyConfigured("DASHBOARD_CACHE_SECONDS must be 0 or more")

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "abitare.core.throttle.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)

OTP_TOTP_ISSUER = "Abitare"
# Roles that must use a second factor in every organisation of the installation, whatever each
# organisation's administrators choose (they can add roles, never remove these). "none": no minimum.
OTP_REQUIRED_ROLES = [
    role for role in env_list("OTP_REQUIRED_ROLES", ["administrator"] if PRODUCTION else []) if role != "none"
]
if unknown_roles := set(OTP_REQUIRED_ROLES) - set(Role.values):
    raise ImproperlyConfigured(
        f"OTP_REQUIRED_ROLES names unknown roles {sorted(unknown_roles)}; known: {', '.join(Role.values)}, or none"
    )

# OpenID Connect (SPID/CIE gateways speak it): on when a client id is configured.
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.append("abitare.accounts.oidc.MembershipOIDCBackend")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = False
    missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            *(["OIDC_OP_JWKS_ENDPOINT"] if OIDC_RP_SIGN_ALGO.startswith("RS") else []),
        )
        if not globals()[name]
    ]
    if missing:
        raise ImproperlyConfigured(f"OpenID Connect is on but {', '.join(missing)} is not set")

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "abitare" / "locale"]
# Dates in prose as "5 dicembre 2026" (abitare/core/formats).
FORMAT_MODULE_PATH = ["abitare.core.formats"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/bootstrap-italia", NODE_MODULES / "bootstrap-italia" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/vega", NODE_MODULES / "vega" / "build"),
    ("vendor/vega-lite", NODE_MODULES / "vega-lite" / "build"),
    ("vendor/vega-embed", NODE_MODULES / "vega-embed" / "build"),
    ("vendor/vega-interpreter", NODE_MODULES / "vega-interpreter" / "build"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Abitare <noreply@abitare.localhost>")

# Days a person's record must be kept after their last activity before it may be erased
# (0 = no retention period: none is set nationally, docs/sources.md#retention; set your massimario di scarto).
REGISTRY_RETENTION_DAYS = env_int("REGISTRY_RETENTION_DAYS", 0)

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "ENQUEUE_ON_COMMIT": True,
    }
}

# File imports (people, bank statements): size, rows and length of the error report (core/uploads.py).
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 20 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_ERRORS = env_int("IMPORT_MAX_ERRORS", 100)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a missing login a 401, not a 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["abitare.core.api.DeclaredAccess"],
    "DEFAULT_PAGINATION_CLASS": "abitare.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "abitare.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Abitare API",
    "DESCRIPTION": "Community welfare and social housing platform. Every endpoint is scoped to "
    "the caller's organisation, territory and role.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Ids in paths use the <id:...> converter (core/params.py): a positive 64-bit integer.
    "PATH_CONVERTER_OVERRIDES": {
        "id": {"type": "integer", "format": "int64", "minimum": 1, "maximum": 2**63 - 1},
    },
    # One name per choice set, so the schema's enums are stable and unambiguous.
    "ENUM_NAME_OVERRIDES": {
        "PathwayEnum": "abitare.assessments.models.PATHWAY_CHOICES",
        "TerritoryKindEnum": "abitare.accounts.models.Territory.Kind",
        "OrganisationKindEnum": "abitare.accounts.models.Organisation.Kind",
        "UnitStateEnum": "abitare.housing.models.Unit.State",
        "PrivateOwnerKindEnum": "abitare.housing.models.Owner.Kind",
        "CommonSpaceKindEnum": "abitare.housing.models.CommonSpace.Kind",
        "ApplicationStatusEnum": "abitare.matching.models.Application.Status",
        "InstrumentStatusEnum": "abitare.assessments.models.Instrument.Status",
        "ProposalStatusEnum": "abitare.assessments.models.PathwayChangeProposal.Status",
        "ConsentStatusEnum": "abitare.registry.models.Consent.Status",
        "RegistrationStatusEnum": "abitare.labs.models.Registration.Status",
        "HelpRequestStatusEnum": "abitare.labs.models.HelpRequest.Status",
        "TaskProgressStatusEnum": "abitare.core.models.TaskProgress.Status",
        "RoundStatusEnum": "abitare.matching.models.Round.Status",
        "MatchingProposalStatusEnum": "abitare.matching.models.Proposal.Status",
        "SharingAgreementStatusEnum": "abitare.matching.models.SharingAgreement.Status",
        "OfferStatusEnum": "abitare.matching.models.Offer.Status",
        "RefusalConsequenceEnum": "abitare.matching.models.RefusalRule.Consequence",
        "TenancyStatusEnum": "abitare.tenancies.models.Tenancy.Status",
        "LedgerEntryKindEnum": "abitare.tenancies.models.LedgerEntry.Kind",
        "LedgerEntrySourceEnum": "abitare.tenancies.models.LedgerEntry.Source",
        "SavingsEntryKindEnum": "abitare.tenancies.models.SavingsEntry.Kind",
        "SavingsFundsEnum": "abitare.tenancies.models.SavingsEntry.Funds",
        "WriteOffStatusEnum": "abitare.tenancies.models.WriteOffRequest.Status",
        "BankCreditStatusEnum": "abitare.tenancies.models.BankCredit.Status",
        "ArrearsCaseStatusEnum": "abitare.tenancies.models.ArrearsCase.Status",
        "RepaymentPlanStatusEnum": "abitare.tenancies.models.RepaymentPlan.Status",
        "CommunityWorkSessionStatusEnum": "abitare.tenancies.models.CommunityWorkSession.Status",
        "CommunityTaskKindEnum": "abitare.tenancies.models.CommunityTask.Kind",
        "HostStatusEnum": "abitare.hosting.models.Host.Status",
        "EmergencyRequestStatusEnum": "abitare.hosting.models.EmergencyRequest.Status",
        "EmergencyRequestClosingStatusEnum": "abitare.hosting.api.serializers.REQUEST_CLOSING_CHOICES",
        "HostSupportKindEnum": "abitare.hosting.models.HostSupportEntry.Kind",
        "DebtKindEnum": "abitare.finances.models.Debt.Kind",
        "RestructuringPlanStatusEnum": "abitare.finances.models.RestructuringPlan.Status",
        "RestructuringPlanSettableStatusEnum": "abitare.finances.api.serializers.PLAN_SETTABLE_CHOICES",
        "SupportMeetingKindEnum": "abitare.tenancies.models.support.Meeting.Kind",
        "SupportReferralKindEnum": "abitare.tenancies.models.support.Referral.Kind",
        "SupportClosingReasonEnum": "abitare.tenancies.models.support.SupportPlan.ClosingReason",
        "SupportGoalStatusEnum": "abitare.tenancies.models.support.Goal.Status",
        "SupportReferralOutcomeEnum": "abitare.tenancies.api.support_serializers.REFERRAL_OUTCOME_CHOICES",
        "MediationSubjectEnum": "abitare.tenancies.models.support.MediationCase.Subject",
        "MediationOutcomeEnum": "abitare.tenancies.models.support.MediationCase.Outcome",
    },
}

# Content Security Policy: everything comes from this server; no third party is contacted.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "abitare.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
