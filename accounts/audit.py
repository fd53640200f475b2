"""The audit log: one call records a sensitive action."""

from django.db import models

from accounts.models import AuditEntry

# Targets whose str() names a person (a user, a membership, an invitation's
# address): the log describes them by number only, so it holds no personal data
# beyond the link to the acting account.
TARGETS_DESCRIBED_BY_NUMBER = {"accounts.user", "events.membership", "events.invitation"}


def describe(target: models.Model) -> str:
    """The short description of `target` kept in the log."""
    if target._meta.label_lower in TARGETS_DESCRIBED_BY_NUMBER:
        return f"#{target.pk}"
    return str(target)[:200]


def record(*, actor, action: str, target: models.Model, **details) -> AuditEntry:
    """Record that `actor` did `action` to `target` (kept with a short description of
    the target). Details hold ids, slugs and statuses, never other personal data."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=describe(target),
        details=details,
    )
