"""Press releases of host organisations, their translations, revisions, contacts,
attachments and the press list they are sent to under embargo.

Visibility is computed from the publish time, so an embargo holds without any
worker running. The press office never touches participant data.
"""

import os
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from common.files import private_storage
from common.text import slugify
from events.models import Organisation, Project, Seminar


def _random_name(folder: str, filename: str) -> str:
    """A random file name, so that files of embargoed releases cannot be found by
    guessing their URL before the release is public."""
    return f"{folder}/{uuid.uuid4().hex}{os.path.splitext(filename)[1].lower()[:8]}"


def image_path(instance, filename: str) -> str:
    return _random_name("press/images", filename)


def attachment_path(instance, filename: str) -> str:
    return _random_name("press/attachments", filename)


def pdf_path(instance, filename: str) -> str:
    return _random_name("press/pdf", filename)


class PressContact(models.Model):
    """The "for more information" block at the foot of a release."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="press_contacts")
    office_name = models.CharField(_("office name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"))
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["office_name"]
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self) -> str:
        return self.office_name


class PressReleaseQuerySet(models.QuerySet):
    def public(self, *, now=None):
        """Published and past the publish time (embargo): visible on every public surface.
        Withdrawn releases keep their page (saying so) but leave lists and feeds."""
        now = now or timezone.now()
        return self.filter(
            status__in=[PressRelease.Status.PUBLISHED, PressRelease.Status.WITHDRAWN], publish_at__lte=now
        )

    def listed(self, *, now=None):
        """What lists, feeds, the API list and search show."""
        return self.public(now=now).filter(status=PressRelease.Status.PUBLISHED)


class PressRelease(models.Model):
    """One language version of a press release. Versions of the same release share
    `translation_group`."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="press_releases", verbose_name=_("organisation")
    )
    translation_group = models.UUIDField(default=uuid.uuid4, db_index=True, editable=False)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # Unique per organisation, not across them: a site-wide rule would make a
    # taken address confirm another organisation's unpublished release. Which of two
    # public releases sharing a slug /press/<slug>/ shows: press.selectors.public_release.
    slug = models.SlugField(_("slug"), max_length=100)
    headline = models.CharField(_("headline"), max_length=250)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    dateline_city = models.CharField(_("dateline city"), max_length=100)
    dateline_date = models.DateField(_("dateline date"))
    lead = models.TextField(_("lead"), max_length=2000)
    body = models.TextField(_("body (Markdown)"))
    project = models.ForeignKey(
        Project, on_delete=models.SET_NULL, null=True, blank=True, related_name="press_releases"
    )
    seminars = models.ManyToManyField(Seminar, blank=True, related_name="press_releases")
    image = models.ImageField(_("image"), upload_to=image_path, storage=private_storage, blank=True)
    image_alt = models.CharField(_("image description (alt text)"), max_length=250, blank=True)
    contact = models.ForeignKey(
        PressContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="releases"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="press_releases",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Invisible everywhere until then (embargo).")
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    correction_note = models.TextField(_("correction note"), blank=True, max_length=2000)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_note = models.TextField(_("withdrawal note"), blank=True, max_length=2000)
    revision = models.PositiveIntegerField(default=1, editable=False)
    pdf = models.FileField(upload_to=pdf_path, storage=private_storage, blank=True, editable=False)
    pdf_revision = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PressReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")
        indexes = [models.Index(fields=["status", "publish_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["translation_group", "language"], name="press_one_version_per_language"
            ),
            models.UniqueConstraint(
                fields=["organisation", "slug"],
                name="press_slug_once_per_organisation",
                violation_error_message=_("Another press release of the organisation has this web address."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review", "published", "withdrawn"]),
                name="press_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "review"]) | Q(publish_at__isnull=False),
                name="press_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def get_absolute_url(self) -> str:
        return reverse("press_detail", kwargs={"slug": self.slug})

    def is_public(self, *, now=None) -> bool:
        return (
            self.status in (self.Status.PUBLISHED, self.Status.WITHDRAWN)
            and self.publish_at is not None
            and self.publish_at <= (now or timezone.now())
        )


class PressReleaseRevision(models.Model):
    """Every saved change of a release: who, when, and the fields as they then were."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    summary = models.CharField(max_length=200)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["release", "number"], name="press_revision_number_once")
        ]

    def __str__(self) -> str:
        return f"{self.release_id} r{self.number}"


class Attachment(models.Model):
    """A PDF or image attached to a release, checked by content and size on upload."""

    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=attachment_path, storage=private_storage)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        """The name a downloaded copy gets: the title as a slug, the file's extension."""
        return f"{slugify(self.title)[:80] or 'attachment'}{os.path.splitext(self.file.name)[1]}"


class PressListEntry(models.Model):
    """A journalist on an organisation's press list, with their consent."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="press_list")
    name = models.CharField(_("name"), max_length=150)
    outlet = models.CharField(_("outlet"), max_length=200, blank=True)
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="en")
    consent_at = models.DateTimeField(_("consent recorded"))
    unsubscribe_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("press list entry")
        verbose_name_plural = _("press list")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="press_list_email_once"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.outlet})" if self.outlet else self.name


class Distribution(models.Model):
    """That one release (in some language) went to one press-list entry: sending is idempotent."""

    translation_group = models.UUIDField()
    entry = models.ForeignKey(PressListEntry, on_delete=models.CASCADE, related_name="distributions")
    release = models.ForeignKey(PressRelease, on_delete=models.CASCADE, related_name="distributions")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["translation_group", "entry"], name="press_distribution_once"),
        ]

    def __str__(self) -> str:
        return f"{self.release_id} → {self.entry_id}"


def url_in_own_language(release: PressRelease) -> str:
    """The release's page with the interface in the release's language (/el/press/<slug>/);
    anything with its slug and language will do."""
    with translation.override(release.language):
        return reverse("press_detail", kwargs={"slug": release.slug})
