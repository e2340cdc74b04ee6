"""The installation-wide security settings read from the environment."""

from __future__ import annotations

from abitare.core.tests.test_settings import _run

PRODUCTION = {"ABITARE_ENV": "production", "SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "a.example.org"}
PRINT = "from django.conf import settings; print(settings.OTP_REQUIRED_ROLES, settings.TRUSTED_PROXY_COUNT)"


def test_production_makes_the_second_factor_compulsory_for_administrators_by_default(tmp_path):
    result = _run(["shell", "--no-imports", "-c", PRINT], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "['administrator'] 0"


def test_the_server_operator_sets_the_minimum_and_the_proxies(tmp_path):
    env = {**PRODUCTION, "OTP_REQUIRED_ROLES": "operator, auditor", "TRUSTED_PROXY_COUNT": "2"}
    result = _run(["shell", "--no-imports", "-c", PRINT], env, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "['operator', 'auditor'] 2"


def test_none_means_no_minimum(tmp_path):
    result = _run(["shell", "--no-imports", "-c", PRINT], {**PRODUCTION, "OTP_REQUIRED_ROLES": "none"}, tmp_path)
    assert result.stdout.strip().splitlines()[-1] == "[] 0"


def test_an_unknown_role_stops_start_up(tmp_path):
    result = _run(["check"], {"OTP_REQUIRED_ROLES": "operator,boss"}, tmp_path)
    assert result.returncode != 0
    assert "OTP_REQUIRED_ROLES names unknown roles ['boss']" in result.stderr


def test_a_negative_proxy_count_stops_start_up(tmp_path):
    result = _run(["check"], {"TRUSTED_PROXY_COUNT": "-1"}, tmp_path)
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be 0 or more" in result.stderr
