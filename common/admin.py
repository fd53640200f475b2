"""Admin helpers of no app in particular."""

from django.contrib import admin
from django.db import models

from common.files import PrivateFileInput

# Private files have no URL: the admin shows no link to one (formfield_overrides).
PRIVATE_FILE_WIDGETS = {
    models.ImageField: {"widget": PrivateFileInput},
    models.FileField: {"widget": PrivateFileInput},
}


class ReadOnly:
    """Rows shown, never added or changed here (a ModelAdmin or an inline)."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    """Rows shown beside their parent, never added, changed or deleted here."""

    extra = 0
    can_delete = False
