"""State changes of seminars and memberships. Each one says the rule it enforces."""

import hashlib
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from common.text import numbered_away_from, slugify
from common.translations import changed_columns
from events import signals
from events.models import Invitation, Membership, Organisation, Seminar
from events.validators import seminars_known_to


class SeminarError(Exception):
    """A seminar operation that is not allowed; the message is translated."""


class CapacityRefused(SeminarError):
    """An edit's capacity refused by an app above (below the seats taken); doors show it at the capacity."""


# What an organiser's edit never touches: state changes have their own services.
_NOT_EDITED = {"id", "uid", "status", "sequence", "created_at", "published_at", "cancelled_at"}


def seminar_changed(*, seminar: Seminar) -> None:
    """Raise the iCalendar SEQUENCE after any change, so calendar clients update."""
    Seminar.objects.filter(pk=seminar.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())
    seminar.refresh_from_db(fields=["sequence", "updated_at"])


def seminar_update(*, seminar: Seminar, actor, now=None) -> Seminar:
    """Save an organiser's edit of a seminar, whichever door it came from (the
    edit page, the API, the admin). `seminar` carries the new values, already
    checked by the shared validators (events.validators, Seminar.full_clean); its
    status is not touched. Calendars update (SEQUENCE) and the edit is audited with
    the fields it changed; the apps above check and hear of it (events.signals:
    registrations refuses a capacity below the seats taken and tells the people
    holding a seat). The caller may save related rows (agenda, groups) in the same
    transaction."""
    now = now or timezone.now()
    fields = [field for field in Seminar._meta.concrete_fields if field.name not in _NOT_EDITED]
    with transaction.atomic():
        stored = Seminar.objects.select_for_update().get(pk=seminar.pk)
        changed = [name for name in changed_columns(seminar, stored, fields) if name != "updated_at"]
        news = {"seminar": seminar, "stored": stored, "changed": changed, "now": now}
        signals.seminar_updating.send(sender=Seminar, **news)
        seminar.save(update_fields=[field.name for field in fields])
        seminar_changed(seminar=seminar)
        audit.record(
            actor=actor,
            action="seminar.update",
            target=seminar,
            fields=sorted(name.removesuffix("_id") for name in changed),
        )
        signals.seminar_updated.send(sender=Seminar, **news)
    return seminar


def seminar_cancel(*, seminar: Seminar, actor, now=None) -> int:
    """Call a seminar off, whichever door it came from: it stays visible (marked
    cancelled) if it was public, calendars update, the apps above hear of it
    (registrations cancels every active registration and tells its person), and the
    cancellation is audited. Returns how many people were told."""
    now = now or timezone.now()
    with transaction.atomic():
        seminar = Seminar.objects.select_for_update().get(pk=seminar.pk)
        if seminar.status == Seminar.Status.CANCELLED:
            raise SeminarError(_("This seminar is already cancelled."))
        if seminar.has_ended(now=now):
            raise SeminarError(_("This seminar has already taken place, so it cannot be cancelled."))
        seminar.status = Seminar.Status.CANCELLED
        seminar.cancelled_at = now
        seminar.sequence += 1
        seminar.save(update_fields=["status", "cancelled_at", "sequence", "updated_at"])
        told = sum(
            answer or 0
            for _receiver, answer in signals.seminar_cancelled.send(sender=Seminar, seminar=seminar, now=now)
        )
        audit.record(
            actor=actor, action="seminar.cancel", target=seminar, slug=seminar.slug, registrations=told
        )
    return told


def seminar_publish(*, seminar: Seminar, actor, now=None) -> Seminar:
    """A draft becomes public. It must have a title and be complete (full_clean)."""
    if seminar.status != Seminar.Status.DRAFT:
        raise SeminarError(_("Only a draft can be published."))
    seminar.full_clean()
    # Which addresses published seminars have is public knowledge (drafts of other
    # organisations may share this one; the database keeps published ones unique).
    taken = _(
        "A published seminar already has the web address “%(slug)s”. Change this seminar's address, "
        "then publish it."
    ) % {"slug": seminar.slug}
    if Seminar.objects.published().filter(slug=seminar.slug).exclude(pk=seminar.pk).exists():
        raise SeminarError(taken)
    try:
        with transaction.atomic():
            seminar.status = Seminar.Status.PUBLISHED
            seminar.published_at = now or timezone.now()
            seminar.sequence += 1
            seminar.save(update_fields=["status", "published_at", "sequence", "updated_at"])
            audit.record(actor=actor, action="seminar.publish", target=seminar, slug=seminar.slug)
    except IntegrityError as error:  # published under this address a moment ago
        seminar.status, seminar.published_at = Seminar.Status.DRAFT, None
        raise SeminarError(taken) from error
    return seminar


def unique_seminar_slug(base: str, *, known: QuerySet[Seminar]) -> str:
    """A slug from `base`, numbered (base-2, base-3, ...) away from the addresses of
    `known`: the seminars the organiser may know of (events.validators.seminars_known_to),
    never from another organisation's draft, which would reveal it."""
    base = slugify(base)[:70] or "seminar"
    return numbered_away_from(base, set(known.filter(slug__startswith=base).values_list("slug", flat=True)))


def seminar_duplicate(*, seminar: Seminar, actor) -> Seminar:
    """A new draft with the same content, agenda, trainers, groups and partners,
    to plan the next seminar. Dates stay the same until the organiser edits them."""
    with transaction.atomic():
        copy = Seminar.objects.get(pk=seminar.pk)
        copy.pk = None
        copy.id = None
        copy._state.adding = True
        copy.uid = uuid.uuid4()
        copy.slug = unique_seminar_slug(
            f"{seminar.slug}-copy", known=seminars_known_to([seminar.organisation_id])
        )
        copy.status = Seminar.Status.DRAFT
        copy.sequence = 0
        copy.published_at = None
        copy.cancelled_at = None
        copy.save()
        copy.partners.set(seminar.partners.all())
        copy.target_groups.set(seminar.target_groups.all())
        for session in seminar.sessions.prefetch_related("trainers"):
            trainers = list(session.trainers.all())
            session.pk = None
            session.id = None
            session._state.adding = True
            session.seminar = copy
            session.save()
            session.trainers.set(trainers)
        audit.record(actor=actor, action="seminar.duplicate", target=copy, source=seminar.slug)
    return copy


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
        raise SeminarError(_("This person already has that role in your organisation."))
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
            raise SeminarError(_("This invitation link has expired or has already been used."))
        if invitation.email != user.email.lower():
            raise SeminarError(
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
            raise SeminarError(_("An organisation needs at least one organiser."))
        audit.record(actor=actor, action="membership.remove", target=membership, role=membership.role)
        membership.delete()


def invitation_revoke(*, invitation: Invitation, actor, now=None) -> Invitation:
    """An organiser withdraws an invitation that has not been used; its link stops working."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_open(now=now):
            raise SeminarError(_("This invitation has already been used, withdrawn or has expired."))
        invitation.revoked_at = now
        invitation.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action="membership.invite_revoke", target=invitation, role=invitation.role)
    return invitation
