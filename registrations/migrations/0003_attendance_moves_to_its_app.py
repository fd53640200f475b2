from django.db import migrations


class Migration(migrations.Migration):
    """Attendance moves to the attendance app: its table and rows stay as they are."""

    dependencies = [
        ("registrations", "0002_attendance_walk_ins"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Attendance")],
            database_operations=[],
        ),
    ]
