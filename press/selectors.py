"""Read queries of the public press pages, feeds and home page.

Everything here starts from PressRelease.objects.public() or .listed(), so the
embargo (publish time) holds on every surface that uses it.
"""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from events.models import Seminar
from press import rules
from press.models import PressRelease


@dataclass(frozen=True)
class PressFilters:
    """The public filters of /press/ (and the language filter of the feeds)."""

    language: str = ""
    organisation: str = ""  # organisation slug
    project: str = ""  # project slug
    year: int | None = None  # year of the dateline


@dataclass(frozen=True)
class Facets:
    """The organisations, projects and years that have listed releases (filter choices)."""

    organisations: list[tuple[str, str]]
    projects: list[tuple[str, str]]
    years: list[int]


def listed_releases(filters: PressFilters | None = None, *, now=None) -> QuerySet[PressRelease]:
    """Published releases past their publish time, newest first, with what a list row shows."""
    filters = filters or PressFilters()
    releases = PressRelease.objects.listed(now=now).select_related("organisation", "project")
    if filters.language:
        releases = releases.filter(language=filters.language)
    if filters.organisation:
        releases = releases.filter(organisation__slug=filters.organisation)
    if filters.project:
        releases = releases.filter(project__slug=filters.project)
    if filters.year:
        releases = releases.filter(dateline_date__year=filters.year)
    return releases.order_by("-publish_at", "-pk")


def listed_facets(*, now=None) -> Facets:
    """One query for all filter choices. Only listed releases count, so an embargoed
    release does not reveal its organisation, project or year through the filters."""
    rows = (
        PressRelease.objects.listed(now=now)
        .order_by()
        .values_list(
            "organisation__slug",
            "organisation__name",
            "project__slug",
            "project__acronym",
            "dateline_date__year",
        )
        .distinct()
    )
    organisations, projects, years = {}, {}, set()
    for organisation_slug, organisation_name, project_slug, project_acronym, year in rows:
        organisations[organisation_slug] = organisation_name
        if project_slug:
            projects[project_slug] = project_acronym
        years.add(year)
    return Facets(
        organisations=sorted(organisations.items(), key=lambda pair: pair[1].casefold()),
        projects=sorted(projects.items(), key=lambda pair: pair[1].casefold()),
        years=sorted(years, reverse=True),
    )


def latest_releases(limit: int, *, now=None) -> list[PressRelease]:
    """The newest listed releases, in any language (home page)."""
    return list(listed_releases(now=now)[:limit])


def public_release(slug: str, *, now=None) -> PressRelease | None:
    """A release page: published or withdrawn, past its publish time; with its
    contact, attachments and public seminars in a fixed number of queries.

    Slugs are unique per organisation only (so that a taken address never reveals
    another organisation's embargoed release), and publishing refuses an address a
    public release has; two organisations' releases scheduled under the same address
    can still both become public. Then the one public first keeps the address (its
    links were out first), the older row on a tie."""
    seminars = Seminar.objects.published().select_related("venue", "organisation", "project")
    return (
        PressRelease.objects.public(now=now)
        .select_related("organisation", "project", "contact")
        .prefetch_related("attachments", Prefetch("seminars", queryset=seminars))
        .filter(slug=slug)
        .order_by("publish_at", "pk")
        .first()
    )


def public_translations(release: PressRelease, *, now=None) -> list[PressRelease]:
    """The other language versions of the release that are public too."""
    return list(
        PressRelease.objects.public(now=now)
        .filter(translation_group=release.translation_group)
        .exclude(pk=release.pk)
        .order_by("language")
        .only("slug", "language", "headline", "translation_group", "status", "publish_at")
    )


def release_with_files(user, slug: str, *, now=None) -> tuple[PressRelease | None, bool]:
    """The release whose files (image, attachments) `user` may have, and whether
    they are public. A listed release (published, past its publish time, not
    withdrawn): anyone, public. Any other release (draft, in review, embargoed,
    withdrawn): only the people who may open it in the press area
    (press.rules.releases_editable_by), never public. (None, False) for anyone
    else: a 404, whether or not the release exists."""
    # The page's release when two public ones share the address (see public_release).
    release = PressRelease.objects.listed(now=now).filter(slug=slug).order_by("publish_at", "pk").first()
    if release is not None:
        return release, True
    if user.is_authenticated:
        release = rules.releases_editable_by(user).filter(slug=slug).order_by("pk").first()
        if release is not None:
            return release, False
    return None, False
