"""Configuration from the environment: production refuses unsafe settings, check --deploy is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Starts Django in subprocesses: run by make test and CI, skipped by make test-quick.
pytestmark = pytest.mark.slow

ROOT = Path(settings.BASE_DIR)


def _run(args, env, tmp_path):
    unset = {"SECRET_KEY", "ALLOWED_HOSTS", "ABITARE_ENV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings", "ABITARE_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "abitare", *args], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = _run(
        ["check", "--deploy"],
        {
            "ABITARE_ENV": "production",
            "SECRET_KEY": "k" * 20 + "-Q7x!v9zR2#mL5pW8tY3@bN6cJ1dF4gH0",
            "ALLOWED_HOSTS": "abitare.example.org",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _run(["check"], {"ABITARE_ENV": "production", "ALLOWED_HOSTS": "abitare.example.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path):
    result = _run(["check"], {"ABITARE_ENV": "production", "SECRET_KEY": "x" * 60}, tmp_path)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_development_generates_a_secret_key_once_into_var(tmp_path):
    _run(["check"], {}, tmp_path)
    key_file = tmp_path / "secret_key"
    first = key_file.read_text()
    _run(["check"], {}, tmp_path)
    assert len(first) >= 50
    assert key_file.read_text() == first
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_development_defaults_to_sqlite_in_var(tmp_path):
    result = _run(
        [
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.DATABASES['default']['NAME'])",
        ],
        {},
        tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "abitare.sqlite3")


def test_the_content_security_policy_allows_only_this_server(client, db):
    header = client.get("/")["Content-Security-Policy"]
    assert "default-src 'self'" in header
    assert "script-src 'self'" in header
    assert "http" not in header


def test_production_refuses_debug(tmp_path):
    result = _run(
        ["check"],
        {"ABITARE_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.example.org", "DEBUG": "true"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


OIDC = {
    "OIDC_RP_CLIENT_ID": "abitare",
    "OIDC_RP_CLIENT_SECRET": "s3cret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.org/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.org/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.org/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.org/jwks",
}


def test_openid_connect_is_switched_on_by_configuration_alone(tmp_path):
    script = (
        "from django.conf import settings; from django.urls import reverse; "
        "print(reverse('oidc_authentication_init'), settings.AUTHENTICATION_BACKENDS[-1])"
    )
    result = _run(["shell", "--no-imports", "-c", script], OIDC, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["/oidc/authenticate/", "abitare.accounts.oidc.MembershipOIDCBackend"]


def test_openid_connect_refuses_an_incomplete_configuration(tmp_path):
    incomplete = {key: value for key, value in OIDC.items() if key != "OIDC_OP_JWKS_ENDPOINT"}
    result = _run(["check"], incomplete, tmp_path)
    assert result.returncode != 0
    assert "OIDC_OP_JWKS_ENDPOINT is not set" in result.stderr


def test_without_configuration_there_is_no_openid_connect_login(client, db):
    assert client.get("/oidc/authenticate/").status_code == 404
