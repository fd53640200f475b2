"""Attendance at the door and after it: whether a registration was present at
each unit of its seminar (an agenda session, or a day)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import AgendaSession
from registrations.models import Registration


class Attendance(models.Model):
    """Whether a registration was present at one unit of the seminar: an agenda
    session, or a whole day (`day`, in the seminar's zone) for seminars without
    an agenda. Hours attended are the summed hours of the units present."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(
        AgendaSession, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances"
    )
    day = models.DateField(null=True, blank=True)
    present = models.BooleanField(default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["registration", "session__starts_at", "day"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        db_table = "registrations_attendance"  # the table of before the door became an app
        constraints = [
            models.CheckConstraint(
                condition=Q(session__isnull=False, day__isnull=True)
                | Q(session__isnull=True, day__isnull=False),
                name="registrations_attendance_session_or_day",
            ),
            models.UniqueConstraint(
                fields=["registration", "session"],
                condition=Q(session__isnull=False),
                name="registrations_attendance_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["registration", "day"],
                condition=Q(day__isnull=False),
                name="registrations_attendance_once_per_day",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.registration_id}: {self.session_id or self.day} {'present' if self.present else 'absent'}"
        )
