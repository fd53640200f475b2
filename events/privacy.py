"""Personal data held by the events app: a person's roles in host organisations
and the invitations sent to their address."""

from django.db.models import Q

from accounts.privacy import forget_descriptions
from events.models import Invitation, Membership


def _invitations_of(user):
    return Invitation.objects.filter(Q(email__iexact=user.email) | Q(accepted_by=user))


def personal_data(user) -> dict:
    return {
        "memberships": [
            {
                "organisation": membership.organisation.slug,
                "role": membership.role,
                "since": membership.created_at.isoformat(),
            }
            for membership in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "invitations": [
            {
                "organisation": invitation.organisation.slug,
                "email": invitation.email,
                "role": invitation.role,
                "sent_at": invitation.created_at.isoformat(),
                "accepted_at": invitation.accepted_at.isoformat() if invitation.accepted_at else None,
            }
            for invitation in _invitations_of(user).select_related("organisation").order_by("created_at")
        ],
    }


def erase(user, *, now) -> None:
    """Roles go with the person (config.privacy refuses to erase an organisation's
    only organiser), and so do the invitations to their address."""
    memberships = Membership.objects.filter(user=user)
    forget_descriptions(Membership, list(memberships.values_list("pk", flat=True)))
    memberships.delete()
    invitations = _invitations_of(user)
    forget_descriptions(Invitation, list(invitations.values_list("pk", flat=True)))
    invitations.delete()
