"""Coordinators manage host organisations and who works for them."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from events.models import Membership, Organisation, Project


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
