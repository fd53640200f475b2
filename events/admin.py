"""Coordinators manage host organisations and who works for them.

A seminar's state and capacity change through the organiser area's services
(publish, cancel, seats), which tell the people affected; the admin shows them
read-only. An edit saved here goes through the same service as the edit page
(events.services.seminar_update): calendars update and the people
holding a seat hear about a new time, place, format or join link.
"""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from events import services
from events.models import (
    AgendaSession,
    Invitation,
    Membership,
    Organisation,
    Project,
    Seminar,
    Trainer,
    Venue,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    raw_id_fields = ("user",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "country", "website")
    search_fields = ("name", "short_name")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "role", "created_at")
    list_filter = ("role", "organisation")
    search_fields = ("user__email", "user__full_name", "organisation__name")
    raw_id_fields = ("user",)


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ("acronym", "name", "coordinator", "funder")
    search_fields = ("acronym", "name")
    prepopulated_fields = {"slug": ("acronym",)}
    filter_horizontal = ("partners",)


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ("name", "city", "country", "time_zone", "organisation")
    list_filter = ("country", "organisation")
    search_fields = ("name", "city")


@admin.register(Trainer)
class TrainerAdmin(TranslationAdmin):
    list_display = ("name", "affiliation", "organisation")
    list_filter = ("organisation",)
    search_fields = ("name", "affiliation")


class AgendaSessionInline(TranslationTabularInline):
    model = AgendaSession
    extra = 0
    filter_horizontal = ("trainers",)


@admin.register(Seminar)
class SeminarAdmin(TranslationAdmin):
    list_display = ("slug", "organisation", "starts_at", "format", "status", "capacity")
    list_filter = ("status", "format", "organisation", "venue__country")
    search_fields = ("slug", "title_en", "title_sl", "title_el", "title_ro")
    date_hierarchy = "starts_at"
    filter_horizontal = ("partners", "target_groups")
    readonly_fields = (
        "uid",
        "status",
        "sequence",
        "published_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    )
    inlines = [AgendaSessionInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields  # a new seminar is a draft with the capacity typed here
        return (*self.readonly_fields, "capacity")

    def save_model(self, request, obj, form, change):
        if change:
            services.seminar_update(seminar=obj, actor=request.user)
        else:
            super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "organisation", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
    list_filter = ("role", "organisation")
    search_fields = ("email",)
    readonly_fields = ("token_hash", "created_at", "accepted_at", "accepted_by", "revoked_at")

    def has_add_permission(self, request) -> bool:
        return False
