"""The public seminar filters, shared by /seminars/, the API and the calendar feed."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from accounts.models import ProfessionalGroup
from common.forms import lazy_choices
from events import selectors
from events.models import Seminar
from events.selectors import SeminarFilters


class SeminarFilterForm(forms.Form):
    """Validates ?country=SI&when=upcoming|past&group=<slug>&format=&q= ."""

    # Any ISO code is accepted; the list offers only the countries that have seminars
    # (rendering all 250 options cost most of the page's time).
    country = forms.CharField(label=_("Country"), required=False, max_length=2, widget=forms.Select)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))],
    )
    group = forms.ChoiceField(label=_("Professional group"), required=False)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Any format")), *Seminar.Format.choices]
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Evaluated only when the form is rendered: the API validates with it and never pays.
        self.fields["country"].widget.choices = lazy_choices(
            lambda: [("", _("All countries")), *selectors.seminar_countries()]
        )
        self.fields["group"].choices = lazy_choices(
            lambda: [
                ("", _("All groups")),
                *((group.slug, group.name) for group in ProfessionalGroup.objects.filter(is_active=True)),
            ]
        )
        if self.is_bound and self.data.get("country"):
            # ?country=si works as well as ?country=SI.
            self.data = self.data.copy()
            self.data["country"] = self.data["country"].upper()

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(_("Choose a country from the list."), code="invalid_country")
        return code

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
        return SeminarFilters(
            country=data.get("country", ""),
            when=data.get("when", ""),
            group=data.get("group", ""),
            format=data.get("format", ""),
            q=data.get("q", ""),
        )
