"""Host organisations, their people, projects, venues, trainers and seminars."""

import uuid
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from accounts.models import ProfessionalGroup
from common.timezones import validate_time_zone
from common.translations import in_answer_language as in_answer_language
from common.translations import in_language
from common.translations import translated_columns as translated_columns
from common.translations import value_at as value_at


class Organisation(models.Model):
    """A host organisation (an NGO or public body) that runs seminars or
    publishes press releases."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organisations/logos/", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("host organisation")
        verbose_name_plural = _("host organisations")

    def __str__(self) -> str:
        return self.short_name or self.name


class Membership(models.Model):
    """A person's role in a host organisation. Roles are what give access to
    the organiser area and the press office."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        PRESS_OFFICER = "press_officer", _("Press officer")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user", "role"], name="events_membership_unique_role"
            ),
            models.CheckConstraint(
                condition=models.Q(role__in=["organiser", "press_officer"]),
                name="events_membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class Project(models.Model):
    """A funded programme of seminars, such as VICTOR, run by a coordinating
    organisation with partners."""

    acronym = models.CharField(_("acronym"), max_length=30, unique=True)
    name = models.CharField(_("full name"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    funder = models.CharField(_("funder"), max_length=250, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    coordinator = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="coordinated_projects",
        verbose_name=_("coordinating organisation"),
    )
    partners = models.ManyToManyField(
        Organisation, related_name="partner_projects", blank=True, verbose_name=_("partner organisations")
    )

    class Meta:
        ordering = ["acronym"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.acronym

    @property
    def full_title(self) -> str:
        """ "VICTOR: Victims of ...": the acronym before the name, unless the name starts with it already."""
        if self.name.casefold().startswith(self.acronym.casefold()):
            return self.name
        return f"{self.acronym}: {self.name}"


class Venue(models.Model):
    """A place where seminars happen; its time zone is the one seminars are shown in."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="venues", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("IANA name, e.g. Europe/Ljubljana, Europe/Athens, Europe/Bucharest."),
    )

    class Meta:
        ordering = ["city", "name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="events_venue_unique_name"),
            models.CheckConstraint(condition=~Q(time_zone=""), name="events_venue_time_zone_set"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class Trainer(models.Model):
    """Someone who teaches in seminars of an organisation."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="trainers", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    bio = models.TextField(_("short bio"), max_length=2000, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")

    def __str__(self) -> str:
        return self.name


class SeminarQuerySet(models.QuerySet):
    def published(self):
        """Visible to the public: published, or cancelled after publication."""
        return self.filter(
            Q(status=Seminar.Status.PUBLISHED)
            | Q(status=Seminar.Status.CANCELLED, published_at__isnull=False)
        )

    def upcoming(self, *, now=None):
        return self.filter(ends_at__gte=now or timezone.now())

    def past(self, *, now=None):
        return self.filter(ends_at__lt=now or timezone.now())


class Seminar(models.Model):
    """A training seminar held by a host organisation, in person, online or both.

    Times are stored in UTC and shown in the seminar's time zone (its venue's).
    """

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Unique per organisation and among published seminars, not across drafts: a
    # site-wide rule would make a taken address confirm another organisation's draft.
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="seminars", verbose_name=_("host organisation")
    )
    partners = models.ManyToManyField(
        Organisation, blank=True, related_name="partner_seminars", verbose_name=_("partner organisations")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="seminars",
        verbose_name=_("project"),
    )
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.ForeignKey(
        Venue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seminars",
        verbose_name=_("venue"),
    )
    join_url = models.URLField(
        _("join link"), max_length=500, blank=True, help_text=_("Only confirmed participants see it.")
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("The venue's time zone; for online seminars, the organisers'."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    language = models.CharField(_("language of instruction"), max_length=8, choices=settings.LANGUAGES)
    capacity = models.PositiveIntegerField(_("capacity"))
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    requires_approval = models.BooleanField(_("registrations need approval"), default=False)
    target_groups = models.ManyToManyField(
        ProfessionalGroup, blank=True, related_name="seminars", verbose_name=_("target professional groups")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    contact_email = models.EmailField(_("contact email"))
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="iCalendar SEQUENCE: raised on every change."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = SeminarQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("seminar")
        verbose_name_plural = _("seminars")
        indexes = [models.Index(fields=["status", "starts_at"]), models.Index(fields=["status", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_seminar_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__lte=F("ends_at")),
                name="events_seminar_registration_closes_before_end",
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="events_seminar_registration_opens_before_close",
            ),
            models.CheckConstraint(
                condition=Q(format="in_person") | ~Q(join_url=""), name="events_seminar_online_has_join_url"
            ),
            models.CheckConstraint(
                condition=Q(format="online") | Q(venue__isnull=False),
                name="events_seminar_in_person_has_venue",
            ),
            models.CheckConstraint(
                condition=Q(format__in=["in_person", "online", "hybrid"]), name="events_seminar_format_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "cancelled"]),
                name="events_seminar_status_valid",
            ),
            models.CheckConstraint(condition=~Q(time_zone=""), name="events_seminar_time_zone_set"),
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                name="events_seminar_slug_once_per_organisation",
                violation_error_message=_("Another seminar of the organisation has this web address."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(status="published") | Q(published_at__isnull=False),
                name="events_seminar_published_slug_once",
                violation_error_message=_("A published seminar already has this web address."),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title or self.slug

    def get_absolute_url(self) -> str:
        return reverse("seminar_detail", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def display_title(self) -> str:
        return in_language(self, "title", self.language)

    @property
    def display_summary(self) -> str:
        return in_language(self, "summary", self.language)

    @property
    def display_description(self) -> str:
        return in_language(self, "description", self.language)

    @property
    def is_public(self) -> bool:
        """Published, or cancelled after publication (a cancelled draft stays private)."""
        return self.status == self.Status.PUBLISHED or (
            self.status == self.Status.CANCELLED and self.published_at is not None
        )

    def has_ended(self, *, now=None) -> bool:
        """Over: its end has passed (the same line as SeminarQuerySet.past)."""
        return self.ends_at < (now or timezone.now())

    def can_be_cancelled(self, *, now=None) -> bool:
        """Only a seminar that is neither cancelled nor over can be called off."""
        return self.status != self.Status.CANCELLED and not self.has_ended(now=now)

    def clean(self) -> None:
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The seminar must end after it starts.")
        if self.registration_closes_at and self.ends_at and self.registration_closes_at > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close before the seminar ends.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_opens_at >= self.registration_closes_at
        ):
            errors["registration_opens_at"] = _("Registration must open before it closes.")
        if self.format != self.Format.IN_PERSON and not self.join_url:
            errors["join_url"] = _("An online or hybrid seminar needs a join link.")
        if self.format != self.Format.ONLINE and not self.venue_id:
            errors["venue"] = _("A seminar held in person needs a venue.")
        if self.venue_id and self.venue.time_zone != self.time_zone:
            self.time_zone = self.venue.time_zone
        if not in_language(self, "title"):
            errors["title"] = _("Give the seminar a title in at least one language.")
        if errors:
            raise ValidationError(errors)


class AgendaSession(models.Model):
    """One block of a seminar's agenda, with its trainers."""

    seminar = models.ForeignKey(Seminar, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    trainers = models.ManyToManyField(
        Trainer, blank=True, related_name="sessions", verbose_name=_("trainers")
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("agenda session")
        verbose_name_plural = _("agenda sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="events_session_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def display_title(self) -> str:
        return in_language(self, "title", self.seminar.language)

    @property
    def display_description(self) -> str:
        return in_language(self, "description", self.seminar.language)


class Invitation(models.Model):
    """An emailed invitation to join an organisation in a role; the link expires.

    Only a hash of the secret token is stored, so a database leak reveals no link.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="events_invitation_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["organiser", "press_officer"]), name="events_invitation_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def is_open(self, *, now=None) -> bool:
        return (
            self.accepted_at is None and self.revoked_at is None and (now or timezone.now()) < self.expires_at
        )
