"""Secrets sealed for a while: encrypted with a key derived from SECRET_KEY
(and opened with its fallbacks after a rotation), so that what a table or a task
queue keeps reveals nothing to whoever has a copy of the database alone."""

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.utils.crypto import salted_hmac

__all__ = ["InvalidToken", "seal", "unseal"]


def _fernet(salt: str, secret: str) -> Fernet:
    key = salted_hmac(salt, "", secret=secret, algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _sealer(salt: str) -> MultiFernet:
    # Fallback keys open what was sealed before a SECRET_KEY rotation.
    secrets = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet([_fernet(salt, secret) for secret in secrets])


def seal(text: str, *, salt: str) -> str:
    """`text` encrypted; it opens only with this site's SECRET_KEY and the same salt."""
    return _sealer(salt).encrypt(text.encode()).decode()


def unseal(sealed: str, *, salt: str, max_age_seconds: int) -> str:
    """What seal() encrypted, if sealed at most `max_age_seconds` ago (else InvalidToken)."""
    return _sealer(salt).decrypt(sealed.encode(), ttl=max_age_seconds).decode()
