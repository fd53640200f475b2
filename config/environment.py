"""Turning environment variables into Django settings values."""

from urllib.parse import urlparse

import environ
from django.core.exceptions import ImproperlyConfigured

# Constructor arguments of django.core.mail.backends.smtp.EmailBackend, by the
# EMAIL_* key that django-environ's email_url() returns for them.
_SMTP_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}


def mailers_from_email_url(url: str) -> dict:
    """Build Django 6.1's MAILERS setting from an email URL.

    django-environ still parses URLs into the deprecated EMAIL_* keys; this maps
    them onto the options of the "default" mailer so EMAIL_* is never set.
    """
    parsed = environ.Env.email_url_config(url)
    backend = parsed["EMAIL_BACKEND"]
    options: dict = {}
    if backend.endswith("smtp.EmailBackend"):
        for key, option in _SMTP_OPTIONS.items():
            value = parsed.get(key)
            if value not in (None, ""):
                options[option] = value
        for key, value in parsed.get("OPTIONS", {}).items():
            option = _SMTP_OPTIONS.get(f"EMAIL_{key}", key.lower())
            options[option] = value
        if options.get("use_tls") and options.get("use_ssl"):
            raise ImproperlyConfigured("EMAIL_URL cannot ask for both STARTTLS and SSL.")
    elif backend.endswith("filebased.EmailBackend"):
        # filemail:///var/mail/victor means the absolute folder /var/mail/victor.
        options["file_path"] = urlparse(url).path
    mailer = {"BACKEND": backend}
    if options:
        mailer["OPTIONS"] = options
    return {"default": mailer}
