"""Personal data held by the accounts app: the profile, email addresses, consents,
two-factor devices, the API token and the person's own entries in the audit log.

Erasure here removes what would outlive the account row: sessions, and the
descriptions of the person in the audit and admin logs. The row itself, with
its addresses, consents, token and devices (deleted with it), goes last, in
config.privacy.erase_account.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Concat

from accounts.models import ApiToken, AuditEntry, PrivacyConsent, User


def _moment(value) -> str | None:
    return value.isoformat() if value else None


def personal_data(user: User) -> dict:
    """Everything the accounts app holds about `user` (never secrets: no password
    hash, token key or two-factor seed)."""
    token = ApiToken.objects.filter(user=user).first()
    return {
        "profile": {
            "email": user.email,
            "full_name": user.full_name,
            "organisation": user.organisation,
            "job_title": user.job_title,
            "country": str(user.country),
            "professional_group": user.professional_group.slug if user.professional_group else None,
            "preferred_language": user.preferred_language,
            "date_joined": _moment(user.date_joined),
            "last_login": _moment(user.last_login),
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("email")
        ],
        "privacy_consents": [
            {
                "notice_version": consent.notice.version,
                "language": consent.language,
                "agreed_at": _moment(consent.agreed_at),
            }
            for consent in PrivacyConsent.objects.filter(user=user).select_related("notice")
        ],
        "two_factor_devices": [
            {
                "type": device.type,
                "created_at": _moment(device.created_at),
                "last_used_at": _moment(device.last_used_at),
            }
            for device in Authenticator.objects.filter(user=user).order_by("created_at")
        ],
        "api_token": {
            "created": _moment(token.created_at),
            "expires": _moment(token.expires_at),
            "last_used": _moment(token.last_used_at),
        }
        if token
        else None,
        "actions_in_audit_log": [
            {
                "at": _moment(entry.at),
                "action": entry.action,
                "target_type": entry.target_type,
                "target_id": entry.target_id,
                "details": entry.details,
            }
            for entry in AuditEntry.objects.filter(actor=user).order_by("at", "pk")
        ],
    }


def forget_descriptions(model: type[models.Model], pks) -> None:
    """Audit and admin log entries about these objects keep the object's type and
    number, not its description (which may name the person)."""
    ids = [str(pk) for pk in pks]
    if not ids:
        return
    AuditEntry.objects.filter(target_type=model._meta.label_lower, target_id__in=ids).update(
        target_repr=Concat(Value("#"), F("target_id"))
    )
    LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids).update(
        object_repr=Concat(Value("#"), F("object_id")), change_message=""
    )


def delete_sessions(user: User, *, except_key: str | None = None) -> None:
    """Sessions of the person on any device (they hold the address they logged in with),
    but the one whose key is `except_key`."""
    user_id = str(user.pk)
    stale = [
        session.pk
        for session in Session.objects.exclude(pk=except_key or "").iterator()
        if session.get_decoded().get(SESSION_KEY) == user_id
    ]
    Session.objects.filter(pk__in=stale).delete()


def erase(user: User, *, now) -> None:
    forget_descriptions(User, [user.pk])
    delete_sessions(user)
