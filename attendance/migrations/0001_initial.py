import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """Attendance, moved from registrations: the model takes over the table
    registrations_attendance and its constraints as they are (no database change)."""

    initial = True

    dependencies = [
        ("events", "0002_venues_trainers_seminars_invitations"),
        ("registrations", "0003_attendance_moves_to_its_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Attendance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("day", models.DateField(blank=True, null=True)),
                        ("present", models.BooleanField(default=True)),
                        ("recorded_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "registration",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendances",
                                to="registrations.registration",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendances",
                                to="events.agendasession",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "attendance",
                        "verbose_name_plural": "attendance",
                        "db_table": "registrations_attendance",
                        "ordering": ["registration", "session__starts_at", "day"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("day__isnull", True), ("session__isnull", False)),
                                    models.Q(("day__isnull", False), ("session__isnull", True)),
                                    _connector="OR",
                                ),
                                name="registrations_attendance_session_or_day",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("session__isnull", False)),
                                fields=("registration", "session"),
                                name="registrations_attendance_once_per_session",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("day__isnull", False)),
                                fields=("registration", "day"),
                                name="registrations_attendance_once_per_day",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
