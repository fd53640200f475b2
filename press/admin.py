"""Coordinators see and fix everything of the press office in /admin/.

Publishing, correcting and withdrawing go through the press area (/manage/press/),
where they are recorded as revisions and in the audit log, so the admin shows a
release's state and dates without letting them be changed here. Saving a draft
here is a revision like any other.
"""

from django.contrib import admin

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


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("title", "file", "content_type", "size")
    readonly_fields = fields


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

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status in (PressRelease.Status.PUBLISHED, PressRelease.Status.WITHDRAWN):
            # A published release changes only through a correction in the press area.
            return [field.name for field in PressRelease._meta.fields if field.name != "id"] + ["seminars"]
        return STATE_FIELDS

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
class DistributionAdmin(admin.ModelAdmin):
    """What went to whom: a record, not something to edit."""

    list_display = ("release", "entry", "sent_at")
    list_select_related = ("release", "entry")
    readonly_fields = ("translation_group", "release", "entry", "sent_at")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
