"""Forms of the organiser area: seminars with their agenda, venues and trainers.

Every date and time an organiser types is wall-clock time at the venue (or in
the seminar's own time zone when it is online), whatever the organiser's
browser or language; the forms turn it into UTC with zoneinfo.
"""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.models import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from accounts.models import ProfessionalGroup
from common.forms import (
    DATE_WIDGET,
    LANGUAGE_CODES,
    TIME_WIDGET,
    IdChoiceField,
    KeptRowsFormSet,
    ModelErrorsAtInputsMixin,
    TimeZoneField,
    label_by_language,
    language_groups,
    language_name,
    local_instant,
    show_local,
    utc_or_error,
)
from common.text import slugify
from common.timezones import COUNTRY_TIME_ZONES
from common.timezones import local_to_utc as local_to_utc
from common.translations import translated_columns
from events.models import AgendaSession, Organisation, Project, Seminar, Trainer, Venue
from events.services import unique_seminar_slug
from events.validators import (
    UNKNOWN_VENUE,
    seminar_time_zone,
    seminars_known_to,
    validate_capacity,
    validate_seminar_slug_free,
    validate_slug_change,
    validate_venue_of,
)

# The language a seminar is usually taught in, by the host organisation's country.
COUNTRY_LANGUAGES = {"SI": "sl", "GR": "el", "RO": "ro"}


def _organisation_label(organisations) -> callable:
    """Choice labels that name the organisation when the user works for several."""
    if len(organisations) > 1:
        return lambda obj: f"{obj} · {obj.organisation}"
    return str


class OrganisationChoiceMixin:
    """The organisation is chosen once, when the object is created, and only
    among the organisations the user works for. With a single one there is
    nothing to choose."""

    def _set_up_organisation(self, organisations: list[Organisation]) -> None:
        self.organisations = organisations
        if self.instance.pk or len(organisations) == 1:
            del self.fields["organisation"]
            if not self.instance.pk and organisations:
                self.instance.organisation = organisations[0]
        else:
            field = self.fields["organisation"]
            field.queryset = Organisation.objects.filter(pk__in=[org.pk for org in organisations])
            field.empty_label = None
            field.error_messages["invalid_choice"] = _("Choose one of your organisations.")

    @property
    def host_organisation(self) -> Organisation | None:
        if "organisation" in self.fields:
            return getattr(self, "cleaned_data", {}).get("organisation")
        return self.instance.organisation if self.instance.organisation_id else None

    @property
    def initial_organisation(self) -> Organisation | None:
        if self.instance.organisation_id:
            return self.instance.organisation
        return self.organisations[0] if self.organisations else None


class VenueForm(OrganisationChoiceMixin, forms.ModelForm):
    time_zone = TimeZoneField(
        label=_("Time zone"),
        required=False,
        blank_label=_("The country's usual time zone"),
        help_text=_(
            "Seminars at this venue are entered and shown in this time zone. "
            "Leave it for Slovenia, Greece and Romania."
        ),
    )

    class Meta:
        model = Venue
        fields = ["organisation", "name", "address", "city", "country", "time_zone"]

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_organisation(organisations)
        if not self.instance.pk and self.initial_organisation and not self.initial.get("country"):
            self.initial["country"] = self.initial_organisation.country.code

    def clean(self):
        cleaned = super().clean()
        country = cleaned.get("country")
        if not cleaned.get("time_zone") and country:
            zone = COUNTRY_TIME_ZONES.get(str(country))
            if zone:
                cleaned["time_zone"] = zone
            else:
                self.add_error(
                    "time_zone", _("There is no usual time zone for this country. Choose one from the list.")
                )
        organisation, name = self.host_organisation, cleaned.get("name")
        if organisation and name:
            others = Venue.objects.filter(organisation=organisation, name__iexact=name).exclude(
                pk=self.instance.pk
            )
            if others.exists():
                self.add_error("name", _("Your organisation already has a venue with this name."))
        return cleaned


class TrainerForm(OrganisationChoiceMixin, forms.ModelForm):
    class Meta:
        model = Trainer
        fields = ["organisation", "name", "affiliation", *translated_columns("bio")]

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_organisation(organisations)
        label_by_language(self, "bio", _("Short bio"), rows=4)

    def bio_fields(self):
        return [self[f"bio_{code}"] for code in LANGUAGE_CODES]


class SeminarForm(OrganisationChoiceMixin, ModelErrorsAtInputsMixin, forms.ModelForm):
    """A seminar's details. Its agenda is the AgendaFormSet built from this form."""

    # Seminar.clean() reports on model fields; this says which input each one is about.
    MODEL_ERROR_FIELDS = {
        "starts_at": "start_time",
        "ends_at": "end_time",
        "registration_opens_at": "registration_opens_time",
        "registration_closes_at": "registration_closes_time",
    }

    start_date = forms.DateField(label=_("Start date"), widget=DATE_WIDGET)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET)
    end_date = forms.DateField(label=_("End date"), widget=DATE_WIDGET)
    end_time = forms.TimeField(label=_("End time"), widget=TIME_WIDGET)
    registration_opens_date = forms.DateField(
        label=_("Registration opens on"), required=False, widget=DATE_WIDGET
    )
    registration_opens_time = forms.TimeField(label=_("at"), required=False, widget=TIME_WIDGET)
    registration_closes_date = forms.DateField(
        label=_("Registration closes on"), required=False, widget=DATE_WIDGET
    )
    registration_closes_time = forms.TimeField(label=_("at"), required=False, widget=TIME_WIDGET)
    time_zone = TimeZoneField(
        label=_("Time zone of an online seminar"),
        required=False,
        help_text=_("Only used when there is no venue; otherwise the venue's time zone applies."),
    )

    class Meta:
        model = Seminar
        fields = [
            "organisation",
            *[f"{name}_{code}" for code in LANGUAGE_CODES for name in ("title", "summary", "description")],
            "language",
            "format",
            "venue",
            "join_url",
            "time_zone",
            "capacity",
            "requires_approval",
            "target_groups",
            "slug",
            "partners",
            "project",
            "contact_email",
        ]
        widgets = {
            "format": forms.RadioSelect,
            "target_groups": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }
        field_classes = {"target_groups": IdChoiceField, "partners": IdChoiceField}
        help_texts = {
            "contact_email": _("Shown to participants who have questions about the seminar."),
        }

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_organisation(organisations)
        self.zone: zoneinfo.ZoneInfo | None = None
        self.window: tuple[datetime, datetime] | None = None
        organisation_ids = (
            [self.instance.organisation_id] if self.instance.pk else [org.pk for org in organisations]
        )

        for code in LANGUAGE_CODES:
            self.fields[f"title_{code}"].label = _("Title")
            self.fields[f"summary_{code}"].label = _("Summary")
            self.fields[f"summary_{code}"].help_text = _("One or two sentences for lists and search results.")
            self.fields[f"description_{code}"].label = _("Description")
            self.fields[f"description_{code}"].help_text = _(
                "Markdown: **bold**, *italic*, lists with “- ”, links as [text](https://…)."
            )
            for name in ("title", "summary", "description"):
                self.fields[f"{name}_{code}"].widget.attrs["lang"] = code
            self.fields[f"description_{code}"].widget.attrs["rows"] = 6

        venue = self.fields["venue"]
        venue.queryset = Venue.objects.filter(organisation__in=organisation_ids).select_related(
            "organisation"
        )
        venue.label_from_instance = _organisation_label(organisations if not self.instance.pk else [])
        venue.empty_label = _("No venue (online only)")
        venue.error_messages["invalid_choice"] = UNKNOWN_VENUE

        self.fields["target_groups"].queryset = ProfessionalGroup.objects.filter(is_active=True)
        partners = Organisation.objects.exclude(pk=self.instance.organisation_id)
        if partners.exists():
            self.fields["partners"].queryset = partners
            self.fields["partners"].help_text = _("Other organisations that run this seminar with you.")
        else:
            del self.fields["partners"]  # nothing to choose from
        self.fields["project"].queryset = Project.objects.all()
        self.fields["capacity"].validators.append(validate_capacity)
        self.fields["capacity"].widget.attrs["min"] = 1
        slug = self.fields["slug"]
        slug.required = False
        slug.help_text = _(
            "The seminar's web address. Leave it empty to make one from the title. "
            "It cannot change once the seminar is published."
        )

        if self.instance.pk:
            self._show_local_times(self.instance)
        else:
            self._suggest_defaults()

    def _suggest_defaults(self) -> None:
        organisation = self.initial_organisation
        country = organisation.country.code if organisation else ""
        self.initial.setdefault("time_zone", "")
        self.initial["time_zone"] = self.initial["time_zone"] or COUNTRY_TIME_ZONES.get(
            country, "Europe/Ljubljana"
        )
        self.initial["language"] = self.initial.get("language") or COUNTRY_LANGUAGES.get(
            country, settings.LANGUAGE_CODE
        )

    def _show_local_times(self, seminar: Seminar) -> None:
        """Stored UTC instants, shown back as wall-clock time in the seminar's zone."""
        show_local(self, "start", seminar.starts_at, seminar.zone)
        show_local(self, "end", seminar.ends_at, seminar.zone)
        show_local(self, "registration_opens", seminar.registration_opens_at, seminar.zone)
        show_local(self, "registration_closes", seminar.registration_closes_at, seminar.zone)

    def language_fieldsets(self) -> list[dict]:
        """Title, summary and description per language; the template opens the
        language of instruction and any language that has text or errors."""
        return language_groups(self, ("title", "summary", "description"), self["language"].value())

    def clean(self):
        cleaned = super().clean()
        organisation = self.host_organisation
        venue = cleaned.get("venue")
        try:
            validate_venue_of(venue, organisation)
        except ValidationError as error:
            self.add_error("venue", error)
            venue = None
        if organisation and organisation in cleaned.get("partners", []):
            self.add_error("partners", _("The host organisation cannot also be a partner."))

        self._clean_zone(cleaned, venue)
        self._clean_times(cleaned)
        self._clean_titles(cleaned)
        self._clean_slug(cleaned)
        return cleaned

    def _clean_zone(self, cleaned, venue) -> None:
        if venue is None and "time_zone" in self.errors:
            return
        try:
            name = seminar_time_zone(
                venue=venue, time_zone=cleaned.get("time_zone") or "", format=cleaned.get("format")
            )
        except ValidationError as error:
            self.add_error(None, error)
            return
        cleaned["time_zone"] = name
        self.zone = zoneinfo.ZoneInfo(name)

    def _clean_times(self, cleaned) -> None:
        seminar = self.instance
        # Seminar.clean() compares these; a value that could not be read stays empty
        # so that it reports nothing about it.
        seminar.starts_at = local_instant(self, "start", self.zone, required=True)
        seminar.ends_at = local_instant(self, "end", self.zone, required=True)
        seminar.registration_opens_at = local_instant(self, "registration_opens", self.zone, required=False)
        seminar.registration_closes_at = local_instant(self, "registration_closes", self.zone, required=False)
        if seminar.starts_at and seminar.ends_at and seminar.ends_at > seminar.starts_at:
            self.window = (seminar.starts_at, seminar.ends_at)

    def _clean_titles(self, cleaned) -> None:
        language = cleaned.get("language")
        if language and not (cleaned.get(f"title_{language}") or "").strip():
            self.add_error(
                f"title_{language}",
                ValidationError(
                    _("Give the title in the language of instruction (%(language)s)."),
                    code="required",
                    params={"language": language_name(language)},
                ),
            )

    def _clean_slug(self, cleaned) -> None:
        if "slug" in self.errors:
            return
        # Only seminars the organiser may know of count as taking an address
        # (events.validators.seminars_known_to): nothing reveals another organisation's draft.
        organisations = [*self.organisations, *([self.instance.organisation_id] if self.instance.pk else [])]
        known = seminars_known_to(organisations)
        if cleaned.get("slug"):
            try:
                validate_slug_change(self.instance, cleaned["slug"])
                validate_seminar_slug_free(cleaned["slug"], seminar=self.instance, known=known)
            except ValidationError as error:
                self.add_error("slug", error)
            return
        if self.instance.pk:
            cleaned["slug"] = self.instance.slug  # keep the public address
            return
        titles = [cleaned.get(f"title_{code}") or "" for code in LANGUAGE_CODES]
        base = next((slugify(title) for title in titles if slugify(title)), "")
        if not base and cleaned.get("start_date"):
            base = f"seminar-{cleaned['start_date']:%Y-%m-%d}"
        cleaned["slug"] = unique_seminar_slug(base or "seminar", known=known)

    def model_error_fields(self) -> dict[str, str]:
        """Seminar.clean()'s title error is about the title in the language of instruction."""
        language = getattr(self, "cleaned_data", {}).get("language") or settings.LANGUAGE_CODE
        return {**self.MODEL_ERROR_FIELDS, "title": f"title_{language}"}

    def validate_constraints(self):
        # Seminar.clean() checks the same rules as the database constraints, with
        # clear messages; the constraints speak only when nothing else did.
        if not self._errors:
            super().validate_constraints()


class AgendaSessionForm(forms.ModelForm):
    day = forms.DateField(
        label=_("Day"),
        widget=DATE_WIDGET,
        required=False,
        help_text=_("Leave empty for the seminar's first day."),
    )
    start_time = forms.TimeField(label=_("Starts"), widget=TIME_WIDGET)
    end_time = forms.TimeField(label=_("Ends"), widget=TIME_WIDGET)

    class Meta:
        model = AgendaSession
        fields = [*translated_columns("title", "description"), "trainers"]
        widgets = {"trainers": forms.CheckboxSelectMultiple}
        field_classes = {"trainers": IdChoiceField}

    def __init__(self, *args, zone=None, window=None, organisation=None, trainers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.window, self.organisation = zone, window, organisation
        self.fields["trainers"].queryset = trainers if trainers is not None else Trainer.objects.none()
        self.fields["trainers"].error_messages["invalid_choice"] = _(
            "Choose trainers of the seminar's organisation."
        )
        label_by_language(self, "title", _("Title"))
        label_by_language(self, "description", _("Description"), rows=3)
        if self.instance.pk and zone is not None:
            start, end = self.instance.starts_at.astimezone(zone), self.instance.ends_at.astimezone(zone)
            self.initial.setdefault("day", start.date())
            self.initial.setdefault("start_time", start.time().replace(second=0, microsecond=0))
            self.initial.setdefault("end_time", end.time().replace(second=0, microsecond=0))

    def title_fields(self):
        return [self[f"title_{code}"] for code in LANGUAGE_CODES]

    def description_fields(self):
        return [self[f"description_{code}"] for code in LANGUAGE_CODES]

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"title_{code}") or "").strip() for code in LANGUAGE_CODES):
            self.add_error(None, _("Give the session a title in at least one language."))
        organisation = self.organisation
        trainers = cleaned.get("trainers") or []
        if organisation and any(trainer.organisation_id != organisation.pk for trainer in trainers):
            self.add_error("trainers", _("Choose trainers of the seminar's organisation."))
        day, start, end = cleaned.get("day"), cleaned.get("start_time"), cleaned.get("end_time")
        if day is None and self.window and self.zone is not None:
            day = self.window[0].astimezone(self.zone).date()
        elif day is None and "day" not in self.errors:
            self.add_error("day", _("Enter the day of the session."))
        if self.zone is None or not (day and start and end):
            return cleaned
        if end <= start:
            self.add_error("end_time", _("The session must end after it starts."))
            return cleaned
        starts_at = utc_or_error(self, "start_time", day, start, self.zone)
        ends_at = starts_at and utc_or_error(self, "end_time", day, end, self.zone)
        if ends_at is None:
            return cleaned
        if self.window and (starts_at < self.window[0] or ends_at > self.window[1]):
            self.add_error(None, _("The session must lie within the seminar's start and end."))
        self.instance.starts_at, self.instance.ends_at = starts_at, ends_at
        return cleaned


class BaseAgendaFormSet(KeptRowsFormSet):
    prefetch = ("trainers",)
    delete_label = _("Remove this session")
    stale_code = "stale_agenda"
    stale_message = _(
        "Some sessions of this agenda no longer exist; someone may have changed it "
        "meanwhile. Open the seminar again and redo your changes."
    )


AgendaFormSet = inlineformset_factory(
    Seminar,
    AgendaSession,
    form=AgendaSessionForm,
    formset=BaseAgendaFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=60,
    validate_max=True,
    absolute_max=70,  # a forged TOTAL_FORMS never builds more forms than this
)


def agenda_formset(data=None, *, seminar_form: SeminarForm) -> BaseAgendaFormSet:
    """The agenda of the seminar in `seminar_form`, read in the seminar's time zone.

    Build it after `seminar_form.is_valid()`: the sessions' times are read in
    the zone, and checked against the start and end, that the form worked out."""
    seminar = seminar_form.instance
    if seminar_form.is_bound:
        zone, window, organisation = seminar_form.zone, seminar_form.window, seminar_form.host_organisation
    else:
        zone = seminar.zone if seminar.pk else None
        window, organisation = None, seminar.organisation if seminar.organisation_id else None
    organisations = [organisation] if organisation else seminar_form.organisations
    trainers = Trainer.objects.filter(organisation__in=organisations).select_related("organisation")
    label = _organisation_label(organisations)
    formset = AgendaFormSet(
        data,
        instance=seminar,
        prefix="sessions",
        form_kwargs={"zone": zone, "window": window, "organisation": organisation, "trainers": trainers},
    )
    for form in formset.forms:
        form.fields["trainers"].label_from_instance = label
    return formset
