"""What an organiser's browser submits for the seminar edit page, for tests."""

from events.forms import SeminarForm
from events.models import Seminar


def seminar_edit_data(seminar: Seminar, **changes) -> dict:
    """The seminar's edit form as the organiser sees it, submitted with `changes`."""
    form = SeminarForm(instance=seminar, organisations=[seminar.organisation])
    data = {
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0",
        "sessions-MAX_NUM_FORMS": "60",
    }
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = (
            "on" if value is True else [str(v) for v in value] if isinstance(value, list) else str(value)
        )
    data.update(changes)
    return data
