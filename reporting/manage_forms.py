"""Forms of the organiser's exports and funder report downloads."""

from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from registrations.models import Question, Registration
from reporting.exports import CSV, XLSX, columns_for

FORMAT_CHOICES = [(XLSX, _("Excel workbook (XLSX)")), (CSV, _("CSV (comma-separated values)"))]
FORMAT_ERRORS = {
    "required": _("Choose a file format."),
    "invalid_choice": _("Choose a file format from the list."),
}
DEFAULT_COLUMNS = ("name", "email", "organisation", "country", "professional_group", "status")


class ExportForm(forms.Form):
    """Which columns (standard ones, then one per custom question), which
    registrations (by status) and which file format."""

    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one column."),
            "invalid_choice": _("Choose columns from the list."),
            "invalid_list": _("Choose columns from the list."),
        },
    )
    status = forms.ChoiceField(
        label=_("Registrations"),
        required=False,
        choices=[("", _("Every status")), *Registration.Status.choices],
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    format = forms.ChoiceField(
        label=_("File format"),
        choices=FORMAT_CHOICES,
        initial=XLSX,
        widget=forms.RadioSelect,
        error_messages=FORMAT_ERRORS,
    )

    def __init__(self, *args, questions: Sequence[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["columns"].choices = [(column.key, column.label) for column in columns_for(questions)]
        self.fields["columns"].initial = list(DEFAULT_COLUMNS)


class ReportDownloadForm(forms.Form):
    """The funder report as a file, with small counts suppressed or not."""

    format = forms.ChoiceField(
        label=_("File format"),
        choices=FORMAT_CHOICES,
        initial=XLSX,
        widget=forms.RadioSelect,
        error_messages=FORMAT_ERRORS,
    )
    anonymised = forms.BooleanField(
        label=_("Anonymised: counts from 1 to 4 show as “<5”"),
        required=False,
        initial=True,
        help_text=_(
            "For publication and for funders: some other cells are hidden too (“x”), so that no small "
            "count can be worked out from the totals."
        ),
    )
