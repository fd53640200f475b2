"""State changes of seminars and memberships. Each one says the rule it enforces."""

import uuid

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import audit
from common.text import numbered_away_from, slugify
from common.translations import changed_columns
from events import signals
from events.models import Seminar
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
