"""The public seminar filters, shared by /seminars/, the API and the calendar feed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import ProfessionalGroup
from events.models import Seminar
from events.selectors import SeminarFilters


class SeminarFilterForm(forms.Form):
    """Validates ?country=SI&when=upcoming|past&group=<slug>&format=&q= ."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    group = forms.ModelChoiceField(
        label=_("Professional group"),
        required=False,
        queryset=ProfessionalGroup.objects.filter(is_active=True),
        to_field_name="slug",
        empty_label=_("All groups"),
    )
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *Seminar.Format.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *countries]
        if self.is_bound and self.data.get("country"):
            # ?country=si works as well as ?country=SI.
            self.data = self.data.copy()
            self.data["country"] = self.data["country"].upper()

    def filters(self) -> SeminarFilters:
        """The valid filters; an invalid value is dropped (the form shows its error)."""
        data = (
            self.cleaned_data
            if self.is_valid()
            else {
                name: value
                for name, value in getattr(self, "cleaned_data", {}).items()
                if name not in self.errors
            }
        )
        group = data.get("group")
        return SeminarFilters(
            country=data.get("country", ""),
            when=data.get("when", ""),
            group=group.slug if group else "",
            format=data.get("format", ""),
            q=data.get("q", ""),
        )
