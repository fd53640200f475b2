"""Coordinators manage people, professional groups and privacy-notice versions here."""

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.models import AuditEntry, PrivacyConsent, PrivacyNotice, ProfessionalGroup, User


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "full_name", "professional_group", "country", "is_active", "is_superuser")
    list_filter = ("is_active", "is_superuser", "professional_group", "preferred_language")
    search_fields = ("email", "full_name", "organisation")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Profile"),
            {
                "fields": (
                    "full_name",
                    "organisation",
                    "job_title",
                    "country",
                    "professional_group",
                    "preferred_language",
                )
            },
        ),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "full_name", "password1", "password2")}),
    )


@admin.register(ProfessionalGroup)
class ProfessionalGroupAdmin(TranslationAdmin):
    list_display = ("name", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name_en",)}


class PrivacyNoticeForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.published_at and self.instance.consents.exists():
            raise forms.ValidationError(
                _("People have agreed to this version, so it can no longer change. Add a new version.")
            )
        return cleaned


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(TranslationAdmin):
    form = PrivacyNoticeForm
    list_display = ("version", "title", "published_at", "created_at")
    ordering = ("-version",)


@admin.register(PrivacyConsent)
class PrivacyConsentAdmin(admin.ModelAdmin):
    list_display = ("user", "notice", "language", "agreed_at")
    list_filter = ("notice", "language")
    search_fields = ("user__email",)
    raw_id_fields = ("user",)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_type", "target_repr")
    list_filter = ("action", "target_type")
    search_fields = ("target_repr", "target_id", "actor__email")
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
