"""The audit log: one call records a sensitive action."""

from django.db import models

from accounts.models import AuditEntry


def record(*, actor, action: str, target: models.Model, **details) -> AuditEntry:
    """Record that `actor` did `action` to `target`. Details must hold no personal data
    beyond what identifies the object (ids, slugs, statuses)."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        details=details,
    )
