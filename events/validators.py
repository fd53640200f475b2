"""Rules on what an organiser types, shared by every door: the organiser forms
(events.forms, press.forms) and the API serializers call these, so a rule has
one home and says the same (translated) thing whichever way it is broken.

Rules that need the seminar row locked (the capacity against the seats taken)
live in the service that holds the lock, registrations.services.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.timezones import local_to_utc as local_to_utc
from common.timezones import validate_time_zone
from events.models import Organisation, Project, Seminar, Venue

# A venue that is not among the ones offered (another organisation's, or none at all).
UNKNOWN_VENUE = _("Choose one of your organisation's venues.")

# A seminar has at least one seat (the seats taken are the service's rule).
validate_capacity = MinValueValidator(1)


def validate_venue_of(venue: Venue | None, organisation: Organisation | None) -> None:
    """A seminar's venue is one of its host organisation's venues."""
    if venue is not None and organisation is not None and venue.organisation_id != organisation.pk:
        raise ValidationError(
            _("This venue belongs to another organisation. Choose a venue of the host organisation."),
            code="venue_of_another_organisation",
        )


def seminar_time_zone(*, venue: Venue | None, time_zone: str, format: str) -> str:
    """The zone a seminar's times are typed and shown in: its venue's; an online
    seminar without a venue names its own. Errors are keyed by the input they are about."""
    if venue is not None:
        return venue.time_zone
    if not time_zone:
        if format == Seminar.Format.ONLINE:
            raise ValidationError(
                {"time_zone": _("Choose the time zone the times of this online seminar are in.")}
            )
        raise ValidationError({"venue": _("A seminar held in person needs a venue.")})
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise ValidationError({"time_zone": error.messages}) from error
    return time_zone


def validate_slug_change(seminar: Seminar, slug: str) -> None:
    """A seminar's address can change until it is published; after that, links,
    emails and press releases point at it."""
    if seminar.pk and seminar.published_at is not None and slug != seminar.slug:
        raise ValidationError(
            _("The address of a published seminar cannot change: links to it would stop working."),
            code="slug_fixed",
        )


SEMINAR_SLUG_TAKEN = _("Another seminar already has this web address. Choose another one.")


def seminars_known_to(organisations) -> QuerySet[Seminar]:
    """The seminars whose address an organiser of `organisations` may know of: their
    organisations' (any state) and published ones. Another organisation's draft is
    not among them, so its address never counts as taken for them (slugs are
    unique per organisation and among published seminars in the database), and
    neither an error nor a changed slug confirms that it exists."""
    return Seminar.objects.filter(
        Q(organisation__in=organisations) | Q(pk__in=Seminar.objects.published().values("pk"))
    )


def validate_seminar_slug_free(slug: str, *, seminar: Seminar, known: QuerySet[Seminar]) -> None:
    """A seminar's address is refused only when a seminar the organiser may know of
    (seminars_known_to) has it."""
    others = known.exclude(pk=seminar.pk) if seminar.pk else known
    if slug and others.filter(slug=slug).exists():
        raise ValidationError(SEMINAR_SLUG_TAKEN, code="slug_taken")


def validate_project_of(project: Project | None, organisation: Organisation | None) -> None:
    """A press release (or seminar) is about a project its organisation coordinates or takes part in."""
    if project is None or organisation is None:
        return
    if not Project.objects.filter(
        Q(coordinator=organisation) | Q(partners=organisation), pk=project.pk
    ).exists():
        raise ValidationError(
            _("Choose a project the organisation coordinates or takes part in."), code="project_of_others"
        )
