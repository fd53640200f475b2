"""Read queries on seminars that more than one caller needs (pages, API, .ics)."""

from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django_countries import countries

from common.text import collation_key
from common.translations import translated_columns
from events import rules
from events.models import AgendaSession, Seminar, Trainer, Venue


@dataclass(frozen=True)
class SeminarFilters:
    """The public filters of /seminars/, the API list and the calendar feed."""

    country: str = ""
    when: str = ""  # "upcoming", "past" or "" for both
    group: str = ""  # professional group slug
    format: str = ""
    q: str = ""


def public_seminars(filters: SeminarFilters | None = None, *, now=None) -> QuerySet[Seminar]:
    """Published (and publicly cancelled) seminars, filtered, with what a list row shows."""
    return seminars_matching(Seminar.objects.published(), filters, now=now)


def seminars_visible_to(user, filters: SeminarFilters | None = None, *, now=None) -> QuerySet[Seminar]:
    """Public seminars, and for organisers also every seminar of their organisations (drafts too)."""
    visible = Seminar.objects.published()
    if user.is_authenticated:
        managed = Seminar.objects.filter(organisation__in=rules.organisations_managed_by(user))
        visible = Seminar.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=managed.values("pk")))
    return seminars_matching(visible, filters, now=now)


def seminars_matching(
    seminars: QuerySet[Seminar], filters: SeminarFilters | None = None, *, now=None
) -> QuerySet[Seminar]:
    """Apply the public filters, with what a list row shows (venue and organisation;
    a seminar's own page and API answer add its project and agenda)."""
    filters = filters or SeminarFilters()
    now = now or timezone.now()
    seminars = seminars.select_related("venue", "organisation")
    if filters.country:
        seminars = seminars.filter(venue__country=filters.country.upper())
    if filters.when == "upcoming":
        seminars = seminars.upcoming(now=now)
    elif filters.when == "past":
        seminars = seminars.past(now=now).order_by("-starts_at", "-pk")
    if filters.group:
        seminars = seminars.filter(target_groups__slug=filters.group)
    if filters.format:
        seminars = seminars.filter(format=filters.format)
    if filters.q:
        seminars = seminars.filter(_text_search(filters.q))
    if filters.group or filters.q:
        seminars = seminars.distinct()
    return seminars


# Long texts only a seminar's own page and answer show: lists leave them in the database.
DESCRIPTION_FIELDS = ("description", *translated_columns("description"))


def without_descriptions(seminars: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """For lists: the descriptions (the bulk of a row) are not read."""
    return seminars.defer(*DESCRIPTION_FIELDS)


# Every value a seminar card shows (events/includes/seminar_card.html): lists of
# cards read only these columns, and a rendered card is kept under their values.
CARD_FIELDS = (
    "slug",
    "status",
    "format",
    "language",
    "starts_at",
    "ends_at",
    "time_zone",
    *translated_columns("title", "summary"),
    "venue__city",
    "venue__country",
    "organisation__name",
)


def for_cards(seminars: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """For lists of cards: only the columns a card shows (a third of a seminar's)."""
    return seminars.only(*CARD_FIELDS)


def seminar_countries() -> list[tuple[str, str]]:
    """(code, name) of the countries where public seminars take place, in the reader's alphabetical order."""
    public_venues = Venue.objects.filter(seminars__in=Seminar.objects.published())
    codes = public_venues.order_by().values_list("country", flat=True).distinct()
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: collation_key(pair[1]))


def _text_search(text: str) -> Q:
    condition = Q()
    for word in text.split()[:8]:
        word_matches = Q(venue__city__icontains=word) | Q(organisation__name__icontains=word)
        for column in translated_columns("title", "summary"):
            word_matches |= Q(**{f"{column}__icontains": word})
        condition &= word_matches
    return condition


def with_agenda(seminars: QuerySet[Seminar]) -> QuerySet[Seminar]:
    """Add the agenda, its trainers, partners and target groups in a fixed number of queries."""
    sessions = AgendaSession.objects.prefetch_related(
        Prefetch("trainers", queryset=Trainer.objects.order_by("name"))
    ).order_by("starts_at", "pk")
    return seminars.prefetch_related(Prefetch("sessions", queryset=sessions), "partners", "target_groups")


def public_seminar(slug: str) -> Seminar | None:
    return (
        with_agenda(Seminar.objects.published().select_related("venue", "organisation", "project"))
        .filter(slug=slug)
        .first()
    )


def seminar_at(seminars: QuerySet[Seminar], slug: str) -> Seminar:
    """The seminar at this address among `seminars` (the person's, usually), else 404.
    Slugs are unique per organisation and among published seminars, so only
    someone who sees several organisations' drafts (a coordinator, a member of two
    organisations) can find two: the published one comes first, then the oldest."""
    seminar = seminars.filter(slug=slug).order_by(F("published_at").asc(nulls_last=True), "pk").first()
    if seminar is None:
        raise Http404
    return seminar


def seminar_managed_by(user, pk: int, seminars: QuerySet[Seminar] | None = None) -> Seminar:
    """The seminar `pk` if `user` organises it (among `seminars`, to add
    select_related), else 404: the one lookup of every organiser page."""
    managed = (
        seminars_managed_by(user)
        if seminars is None
        else seminars.filter(organisation__in=rules.organisations_managed_by(user))
    )
    return get_object_or_404(managed, pk=pk)


def seminars_managed_by(user) -> QuerySet[Seminar]:
    """Every seminar of the organisations the user organises for (all, for coordinators)."""
    return Seminar.objects.filter(organisation__in=rules.organisations_managed_by(user)).select_related(
        "venue", "organisation"
    )
