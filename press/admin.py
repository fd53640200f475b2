"""Coordinators see and fix everything of the press office in /admin/.

Publishing, correcting and withdrawing go through the press area (/manage/press/),
where they are recorded as revisions and in the audit log, so the admin shows a
release's state and dates without letting them be changed here. Saving a draft
here is a revision like any other.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin import PRIVATE_FILE_WIDGETS, ReadOnly, ReadOnlyInline
from press import services
from press.models import (
    Attachment,
    Distribution,
    PressContact,
    PressListEntry,
    PressRelease,
    PressReleaseRevision,
)

STATE_FIELDS = (
    "status",
    "publish_at",
    "corrected_at",
    "correction_note",
    "withdrawn_at",
    "withdrawal_note",
    "translation_group",
    "revision",
    "pdf",
    "pdf_revision",
    "author",
    "created_at",
    "updated_at",
)


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("title", "download", "content_type", "size")
    readonly_fields = fields

    @admin.display(description=_("file"))
    def download(self, attachment: Attachment) -> str:
        """A link to the attachment's view (private files have no URL of their own)."""
        url = reverse("press_attachment", kwargs={"slug": attachment.release.slug, "pk": attachment.pk})
        return format_html('<a href="{}">{}</a>', url, attachment.download_name)


class RevisionInline(ReadOnlyInline):
    model = PressReleaseRevision
    fields = ("number", "created_at", "author", "summary")
    readonly_fields = fields


@admin.register(PressContact)
class PressContactAdmin(admin.ModelAdmin):
    list_display = ("office_name", "organisation", "email", "phone")
    list_filter = ("organisation",)
    search_fields = ("office_name", "email")


@admin.register(PressRelease)
class PressReleaseAdmin(admin.ModelAdmin):
    list_display = ("headline", "organisation", "language", "status", "publish_at", "revision")
    list_filter = ("status", "language", "organisation")
    search_fields = ("headline", "slug", "lead")
    date_hierarchy = "publish_at"
    list_select_related = ("organisation",)
    filter_horizontal = ("seminars",)
    raw_id_fields = ("contact", "project")
    inlines = [AttachmentInline, RevisionInline]
    formfield_overrides = PRIVATE_FILE_WIDGETS  # the image and the PDF

    @staticmethod
    def _locked(obj) -> bool:
        return obj is not None and obj.status in (
            PressRelease.Status.PUBLISHED,
            PressRelease.Status.WITHDRAWN,
        )

    def get_readonly_fields(self, request, obj=None):
        if self._locked(obj):
            # A published release changes only through a correction in the press area.
            names = [field.name for field in PressRelease._meta.fields if field.name not in ("id", "image")]
            names.append("seminars")
        else:
            names = list(STATE_FIELDS)
        # The files are shown as links to their views, which check who asks.
        return [{"pdf": "stored_pdf"}.get(name, name) for name in names] + ["image_link"]

    def get_exclude(self, request, obj=None):
        return ["image"] if self._locked(obj) else []

    @admin.display(description=_("image"))
    def image_link(self, release: PressRelease) -> str:
        if not release.pk or not release.image:
            return "-"
        return format_html(
            '<a href="{}">{}</a>', reverse("press_image", kwargs={"slug": release.slug}), release.image.name
        )

    @admin.display(description="pdf")
    def stored_pdf(self, release: PressRelease) -> str:
        return release.pdf.name or "-"

    def save_model(self, request, obj, form, change):
        if obj.status in (PressRelease.Status.PUBLISHED, PressRelease.Status.WITHDRAWN):
            return  # every field is read-only: there is nothing to save
        obj.author = obj.author or request.user  # release_save validates before it sets one
        services.release_save(
            release=obj,
            actor=request.user,
            summary="edited in the admin" if change else "created in the admin",
        )


@admin.register(PressListEntry)
class PressListEntryAdmin(admin.ModelAdmin):
    list_display = ("name", "outlet", "email", "language", "organisation", "consent_at", "unsubscribed_at")
    list_filter = ("organisation", "language")
    search_fields = ("name", "outlet", "email")


@admin.register(Distribution)
class DistributionAdmin(ReadOnly, admin.ModelAdmin):
    """What went to whom: a record, not something to edit."""

    list_display = ("release", "entry", "sent_at")
    list_select_related = ("release", "entry")
    readonly_fields = ("translation_group", "release", "entry", "sent_at")
