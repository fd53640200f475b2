"""Rules on what the press office types, shared by the press-area forms and the
API serializers (one home each, the same translated words through both doors).
The project rule is events.validators.validate_project_of."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.models import Organisation
from press.models import PressContact


def validate_contact_of(contact: PressContact | None, organisation: Organisation | None) -> None:
    """A release's press contact is one of its organisation's."""
    if contact is not None and organisation is not None and contact.organisation_id != organisation.pk:
        raise ValidationError(
            _("Choose a press contact of the organisation of this release."), code="contact_of_others"
        )


def validate_publish_at(publish_at: datetime, now: datetime) -> None:
    """A scheduled publication lies in the future; publishing now needs no time."""
    if publish_at <= now:
        raise ValidationError(_("Choose a time in the future, or publish now."), code="publish_at_past")
