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


def s3_storages(env: environ.Env, bucket: str) -> dict:
    """STORAGES["default"] and ["private"] on one S3-compatible bucket (django-storages),
    under the prefixes public/ and private/, read from the environment:
    AWS_S3_ENDPOINT_URL (empty for AWS itself), AWS_S3_REGION_NAME,
    AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (else boto3's usual chain: a role, a
    profile), FILES_S3_PUBLIC_DOMAIN (a CDN or the bucket's public host for public
    URLs), FILES_S3_PUBLIC_ACL (say "public-read", for services that grant reads by
    ACL rather than by a bucket policy on public/*).

    Private objects are stored with the "private" ACL and are never given a plain
    URL: their views stream them (same code path as on disk); url() would sign
    one that expires after a minute."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "file_overwrite": False,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "public",
                "querystring_auth": False,
                "default_acl": env.str("FILES_S3_PUBLIC_ACL", default="") or None,
                "custom_domain": env.str("FILES_S3_PUBLIC_DOMAIN", default="") or None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        },
    }
