"""Settings from the environment: production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.environment import mailers_from_email_url

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "x" * 64 + "-production-secret-key-for-the-deploy-check",
    "DJANGO_ALLOWED_HOSTS": "seminars.example.org",
    "EMAIL_URL": "smtp+tls://mailer:s3cret@smtp.example.org:587",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
}


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.pop("EMAIL_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="config.settings", **environment)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "EMAIL_URL"])
def test_production_refuses_to_start_without_required_settings(missing):
    environment = {key: value for key, value in PRODUCTION.items() if key != missing}
    result = manage("check", **environment)
    assert result.returncode != 0
    assert f"{missing} must be set when DJANGO_DEBUG=false." in result.stderr


def test_deploy_check_reports_no_warnings_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_smtp_url_becomes_the_default_mailer_without_email_settings():
    assert mailers_from_email_url("smtp+tls://mailer:s3cret@smtp.example.org:587") == {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "smtp.example.org",
                "port": 587,
                "username": "mailer",
                "password": "s3cret",
                "use_tls": True,
            },
        }
    }


def test_ssl_smtp_url_with_timeout_option():
    mailers = mailers_from_email_url("smtp+ssl://relay.example.org:465?timeout=10")
    assert mailers["default"]["OPTIONS"] == {
        "host": "relay.example.org",
        "port": 465,
        "use_ssl": True,
        "timeout": 10,
    }


def test_console_and_file_urls():
    assert mailers_from_email_url("consolemail://") == {
        "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    }
    assert mailers_from_email_url("filemail:///var/mail/victor") == {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": "/var/mail/victor"},
        }
    }


def test_unknown_email_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured):
        mailers_from_email_url("pigeon://coop")


def test_no_deprecated_email_settings_are_defined(settings):
    assert "default" in settings.MAILERS
    for name in ("EMAIL_HOST", "EMAIL_PORT", "EMAIL_BACKEND", "EMAIL_USE_TLS"):
        assert not settings.is_overridden(name)
