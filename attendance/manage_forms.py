"""Forms of the check-in desk and the attendance grid. They validate input; the
services (check_in, walk_in_register, attendance_set) apply the rules."""

import re
from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfessionalGroupField
from attendance.units import AttendanceUnit
from common.forms import LARGEST_ID, IdChoiceField
from registrations.models import Registration

# What new_check_in_code() makes (token_urlsafe), with room for longer codes.
CHECK_IN_CODE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def check_in_code_from(text: str) -> str:
    """The code in what a scanner typed: the whole check-in URL or the bare code
    ("" when it cannot be one)."""
    text = text.strip()
    candidate = [part for part in text.split("?")[0].split("#")[0].split("/") if part][-1:] or [""]
    return candidate[0] if CHECK_IN_CODE.fullmatch(candidate[0]) else ""


class ParticipantForm(forms.Form):
    """One confirmed participant of the seminar (the desk's Present and Undo buttons)."""

    registration = forms.CharField()

    def __init__(self, *args, seminar, **kwargs):
        super().__init__(*args, **kwargs)
        self.seminar = seminar

    def clean_registration(self) -> Registration:
        value = self.cleaned_data["registration"]
        found = None
        if value.isdigit() and int(value) <= LARGEST_ID:
            found = (
                Registration.objects.filter(seminar=self.seminar, status=Registration.Status.CONFIRMED)
                .select_related("user")
                .filter(pk=int(value))
                .first()
            )
        if found is None:
            raise ValidationError(
                _(
                    "This person is not a confirmed participant of this seminar. Reload the page and try again."
                )
            )
        return found


class CodeForm(forms.Form):
    """What a QR scanner (or a person) typed: the check-in link or the bare code."""

    code = forms.CharField(
        label=_("Scanned code or link"),
        max_length=500,
        help_text=_("Scan the QR code of the confirmation email, or type the code under it."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        code = check_in_code_from(self.cleaned_data["code"])
        if not code:
            raise ValidationError(_("This is not a check-in code. Nothing was changed."))
        return code


class WalkInForm(forms.Form):
    """A person registered at the door (no account): email optional."""

    full_name = Registration._meta.get_field("full_name").formfield(help_text="")
    email = Registration._meta.get_field("email").formfield(
        help_text=_("Optional: a confirmation is sent to this address.")
    )
    organisation = Registration._meta.get_field("organisation").formfield()
    professional_group = ProfessionalGroupField(empty_label=_("Choose a professional group"))
    country = Registration._meta.get_field("country").formfield()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise ValidationError(_("Enter the person's full name."))
        return name


class AttendanceForm(forms.Form):
    """The attendance grid: the participants shown and the boxes ticked. A box left
    empty for a participant shown means absent."""

    shown = IdChoiceField(
        queryset=Registration.objects.none(),
        required=False,
        error_messages={
            "invalid_choice": _(
                "A participant in the grid is no longer confirmed. Reload the page and try again."
            ),
            "invalid_pk_value": _("Reload the page and try again."),
        },
    )
    present = forms.MultipleChoiceField(
        required=False,
        error_messages={
            "invalid_choice": _(
                "A ticked box is not one of this seminar's sessions. Reload the page and try again."
            )
        },
    )

    def __init__(self, *args, registrations: list[Registration], units: list[AttendanceUnit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.fields["shown"].queryset = Registration.objects.filter(
            pk__in=[registration.pk for registration in registrations]
        )
        self.fields["present"].choices = [
            (box_value(registration.pk, unit), "") for registration in registrations for unit in units
        ]

    def changes(self, now: datetime) -> dict[tuple[int, str], bool]:
        """(registration id, unit key) -> present, for every box of the participants
        shown. The boxes of units that have not started are shown disabled (a browser
        does not send them), so an empty one there says nothing; a ticked one is
        passed on for the service to refuse."""
        ticked = set(self.cleaned_data["present"])
        changes = {}
        for registration in self.cleaned_data["shown"]:
            for unit in self.units:
                present = box_value(registration.pk, unit) in ticked
                if present or unit.has_started(now):
                    changes[(registration.pk, unit.key)] = present
        return changes


def box_value(registration_id: int, unit: AttendanceUnit) -> str:
    return f"{registration_id}:{unit.key}"
