from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    """The door: check-in desk, walk-ins, check-in codes, attendance, hours, sign-in sheets."""

    name = "attendance"
    verbose_name = _("Attendance")
