"""Personal data at the door: a person's presences, by seminar. Erasure and the
retention purge anonymise the registration (registrations.privacy); its
attendance stays with it, anonymous, so counts and hours stay right."""

from attendance.models import Attendance


def personal_data(user) -> dict:
    presences = (
        Attendance.objects.filter(registration__user=user)
        .select_related("registration__seminar", "session__seminar")
        .order_by("registration__created_at", "registration_id", "session__starts_at", "day")
    )
    return {
        "attendance": [
            {
                "seminar": attendance.registration.seminar.slug,
                "session": attendance.session.display_title if attendance.session else None,
                "day": attendance.day.isoformat() if attendance.day else None,
                "present": attendance.present,
            }
            for attendance in presences
        ]
    }


def erase(user, *, now) -> None:
    """Nothing to erase: the anonymised registration keeps its anonymous attendance."""
