"""Rules on what the press office types, shared by the press-area forms and the
API serializers (one home each, the same translated words through both doors);
release_errors applies those that both doors check on a release.
The project rule is events.validators.validate_project_of."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from common.text import slugify
from events.models import Organisation, Project
from events.validators import validate_project_of
from press.models import PressContact, PressRelease

SLUG_TAKEN = _("Another press release already has this web address. Choose another one.")
LANGUAGE_TAKEN = _("This release already has a version in that language. Choose another language.")


def validate_contact_of(contact: PressContact | None, organisation: Organisation | None) -> None:
    """A release's press contact is one of its organisation's."""
    if contact is not None and organisation is not None and contact.organisation_id != organisation.pk:
        raise ValidationError(
            _("Choose a press contact of the organisation of this release."), code="contact_of_others"
        )


def validate_language_free(release: PressRelease, language: str) -> None:
    """A release and its translations hold one version per language."""
    versions = PressRelease.objects.filter(translation_group=release.translation_group, language=language)
    if language and (versions.exclude(pk=release.pk) if release.pk else versions).exists():
        raise ValidationError(LANGUAGE_TAKEN, code="language_taken")


def validate_publish_at(publish_at: datetime, now: datetime) -> None:
    """A scheduled publication lies in the future; publishing now needs no time."""
    if publish_at <= now:
        raise ValidationError(_("Choose a time in the future, or publish now."), code="publish_at_past")


def releases_known_to(
    organisations: Iterable[Organisation] | QuerySet, *, now: datetime
) -> QuerySet[PressRelease]:
    """The releases whose address a person writing for `organisations` may know of:
    their organisations' (any state) and public ones. Another organisation's draft or
    embargoed release is not among them, so its address never counts as taken for
    them (slugs are unique per organisation in the database), and neither an error
    nor a changed slug confirms that it exists."""
    return PressRelease.objects.filter(
        Q(organisation__in=organisations) | Q(pk__in=PressRelease.objects.public(now=now).values("pk"))
    )


def validate_slug_free(slug: str, *, release: PressRelease, known: QuerySet[PressRelease]) -> None:
    """A release's address is refused only when a release the writer may know of
    (releases_known_to) has it."""
    others = known.exclude(pk=release.pk) if release.pk else known
    if slug and others.filter(slug=slug).exists():
        raise ValidationError(SLUG_TAKEN, code="slug_taken")


# Room for "-2", "-3", ... within the field's 100 characters.
SLUG_BASE_LENGTH = 90


def free_slug(base: str, *, release: PressRelease, known: QuerySet[PressRelease]) -> str:
    """A slug from `base`, numbered (base-2, base-3, ...) away from the addresses of
    the releases the writer may know of, and only those (see releases_known_to)."""
    base = slugify(base).strip("-") or "press-release"
    if len(base) > SLUG_BASE_LENGTH:  # cut after a whole word, not inside one
        cut = base[: SLUG_BASE_LENGTH + 1]
        base = (cut.rsplit("-", 1)[0] if "-" in cut else cut[:SLUG_BASE_LENGTH]).strip("-")
    others = known.exclude(pk=release.pk) if release.pk else known
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def release_errors(
    release: PressRelease,
    organisation: Organisation | None,
    *,
    language: str | None,
    contact: PressContact | None,
    project: Project | None,
    slug: str,
    known: QuerySet[PressRelease],
) -> dict[str, ValidationError]:
    """What the press-area form and the API both refuse on a release, by field: a
    press contact or project of another organisation, a second version in one
    language, a typed address (`slug`) that a release in `known` has."""
    checks = {
        "contact": lambda: validate_contact_of(contact, organisation),
        "project": lambda: validate_project_of(project, organisation),
        "language": lambda: validate_language_free(release, language),
        "slug": lambda: validate_slug_free(slug, release=release, known=known),
    }
    errors = {}
    for name, check in checks.items():
        try:
            check()
        except ValidationError as error:
            errors[name] = error
    return errors
