"""State changes of an organisation's colleagues: invitations and memberships.
Each one says the rule it enforces."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from events.models import Invitation, Membership, Organisation


class MembershipError(Exception):
    """A change to an organisation's colleagues that is not allowed; the message is translated."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *, organisation: Organisation, email: str, role: str, invited_by, now=None
) -> tuple[Invitation, str]:
    """Invite a colleague by email. Returns the invitation and its secret token
    (only its hash is stored); the link expires after INVITATION_VALID_DAYS."""
    now = now or timezone.now()
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email, role=role).exists():
        raise MembershipError(_("This person already has that role in your organisation."))
    token = secrets.token_urlsafe(32)
    # A new invitation replaces any open one to the same address and role.
    Invitation.objects.filter(
        organisation=organisation,
        email=email,
        role=role,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).update(revoked_at=now)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        token_hash=_token_hash(token),
        invited_by=invited_by,
        created_at=now,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    audit.record(actor=invited_by, action="membership.invite", target=invitation, role=role)
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=_token_hash(token)).first()


def invitation_accept(*, token: str, user, now=None) -> Membership:
    """The invited person joins the organisation in the invited role. The link
    works once, before it expires, for the address it was sent to."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(token_hash=_token_hash(token)).first()
        if invitation is None or not invitation.is_open(now=now):
            raise MembershipError(_("This invitation link has expired or has already been used."))
        if invitation.email != user.email.lower():
            raise MembershipError(
                _("This invitation was sent to another email address. Log in with that address to accept it.")
            )
        membership, _created = Membership.objects.get_or_create(
            organisation=invitation.organisation, user=user, role=invitation.role
        )
        invitation.accepted_at = now
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        audit.record(actor=user, action="membership.accept", target=membership, invitation=invitation.pk)
    return membership


def membership_remove(*, membership: Membership, actor) -> None:
    """An organiser removes a colleague's role. An organisation keeps at least one organiser."""
    with transaction.atomic():
        # Evaluated, not counted: COUNT(*) would drop the FOR UPDATE row locks.
        organisers = list(
            Membership.objects.select_for_update().filter(
                organisation=membership.organisation, role=Membership.Role.ORGANISER
            )
        )
        if membership.role == Membership.Role.ORGANISER and len(organisers) <= 1:
            raise MembershipError(_("An organisation needs at least one organiser."))
        audit.record(actor=actor, action="membership.remove", target=membership, role=membership.role)
        membership.delete()


def invitation_revoke(*, invitation: Invitation, actor, now=None) -> Invitation:
    """An organiser withdraws an invitation that has not been used; its link stops working."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open(now=now):
            raise MembershipError(_("This invitation has already been used, withdrawn or has expired."))
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="membership.invite_revoke", target=invitation, role=invitation.role)
    return invitation
