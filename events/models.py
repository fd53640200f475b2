"""Host organisations and the people who work for them in VICTOR Seminars."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


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
