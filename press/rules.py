"""Who may do what in the press office (on top of events.rules)."""

from django.db.models import Q, QuerySet

from events import rules
from press.models import PressRelease


def may_publish(user, release: PressRelease) -> bool:
    """Press officers of the organisation and coordinators publish, correct and withdraw."""
    return rules.can_publish_for(user, release.organisation)


def may_edit(user, release: PressRelease) -> bool:
    """Press officers edit any release of their organisation; organisers may draft
    (not publish) releases of their organisation."""
    return may_publish(user, release) or (
        release.status in (PressRelease.Status.DRAFT, PressRelease.Status.REVIEW)
        and rules.can_organise_for(user, release.organisation)
    )


def releases_editable_by(user) -> QuerySet[PressRelease]:
    """Every release the user may open in the press area (any status)."""
    if rules.is_coordinator(user):
        return PressRelease.objects.all()
    return PressRelease.objects.filter(
        Q(organisation__in=rules.organisations_publishing_for(user))
        | Q(
            organisation__in=rules.organisations_managed_by(user),
            status__in=[PressRelease.Status.DRAFT, PressRelease.Status.REVIEW],
        )
    )
