"""The audit log: one call records a sensitive action."""

from django.db import models

from accounts.models import AuditEntry


def record(*, actor, action: str, target: models.Model, **details) -> AuditEntry:
    """Record that `actor` did `action` to `target` (kept with a short description of
    the target). Details hold ids, slugs and statuses, never other personal data."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        details=details,
    )
