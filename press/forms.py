"""Forms of the press area: releases and their translations, press contacts,
attachments, scheduling, corrections and withdrawals.

A release belongs to one of the organisations the user drafts for; its related
seminars and its press contact must be that organisation's. The publish time
of a scheduled release is typed as wall-clock time in the organisation's time
zone and stored in UTC.
"""

import zoneinfo
from datetime import datetime

from django import forms
from django.conf import settings
from django.forms.models import fields_for_model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from common.files import PrivateFileInput
from common.forms import language_name
from common.text import slugify
from common.timezones import local_to_utc
from common.uploads import validate_image_upload
from events.forms import DATE_WIDGET, TIME_WIDGET, OrganisationChoiceMixin
from events.models import Organisation, Project, Seminar
from press.models import PressContact, PressRelease
from press.validators import LANGUAGE_TAKEN, free_slug, release_errors, releases_known_to, validate_publish_at

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# What a correction may change (press.services.release_correct says the same).
CORRECTABLE_FIELDS = ["headline", "subtitle", "lead", "body", "image_alt"]
TEXT_FIELDS = ["headline", "subtitle", "dateline_city", "lead", "body", "image_alt"]


def _with_organisation(organisations) -> callable:
    """Choice labels that name the organisation when the user works for several."""
    if len(organisations) > 1:
        return lambda obj: f"{obj} · {obj.organisation}"
    return str


class OrganisationOwnedForm(OrganisationChoiceMixin, forms.ModelForm):
    """events.forms.OrganisationChoiceMixin; a translation, too, has its organisation already."""

    def _set_up_organisation(self, organisations: list[Organisation]) -> None:
        if self.instance.organisation_id and not self.instance.pk:
            self.organisations = list(organisations)
            del self.fields["organisation"]
        else:
            super()._set_up_organisation(list(organisations))

    def owner_ids(self) -> list[int]:
        if self.instance.organisation_id:
            return [self.instance.organisation_id]
        return [org.pk for org in self.organisations]


class ReleaseForm(OrganisationOwnedForm):
    """A release in one language, new or a draft being edited. Saving it is
    press.services.release_save (a revision each time)."""

    change_summary = forms.CharField(
        label=_("What changed"),
        max_length=200,
        required=False,
        help_text=_("Optional: a few words for the revision history, such as “quotes checked”."),
    )

    class Meta:
        model = PressRelease
        fields = [
            "organisation",
            "language",
            "headline",
            "subtitle",
            "dateline_city",
            "dateline_date",
            "lead",
            "body",
            "project",
            "seminars",
            "contact",
            "image",
            "image_alt",
            "slug",
        ]
        widgets = {
            "dateline_date": DATE_WIDGET,
            "lead": forms.Textarea(attrs={"rows": 4}),
            "body": forms.Textarea(attrs={"rows": 16}),
            "seminars": forms.CheckboxSelectMultiple,
            "image": PrivateFileInput(attrs={"accept": "image/png,image/jpeg"}),
        }
        labels = {
            "project": _("Project"),
            "seminars": _("Related seminars"),
            "contact": _("Press contact"),
        }
        help_texts = {
            "headline": _("One line that says what happened."),
            "dateline_city": _("Where the release comes from, as in “LJUBLJANA, 30 January 2014 –”."),
            "lead": _("The first paragraph: who, what, when, where and why."),
            "body": _(
                "Markdown: **bold**, *italic*, lists with “- ”, links as [text](https://…), quotes with “> ”."
            ),
            "image": _("PNG or JPEG, at most 10 MB."),
            "image_alt": _("What the image shows, for people who cannot see it. Required with an image."),
        }

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_organisation(organisations)
        owner_ids = self.owner_ids()
        labelled = _with_organisation(self.organisations if "organisation" in self.fields else [])

        self.taken_languages = self._languages_of_other_versions()
        language = self.fields["language"]
        language.choices = [
            (code, language_name(code)) for code in LANGUAGE_CODES if code not in self.taken_languages
        ]
        language.error_messages["invalid_choice"] = LANGUAGE_TAKEN
        if self.taken_languages:
            language.help_text = _("Versions already written: %(languages)s.") % {
                "languages": ", ".join(str(language_name(code)) for code in sorted(self.taken_languages))
            }

        self.fields["project"].queryset = Project.objects.all()
        self.fields["project"].empty_label = _("No project")
        seminars = self.fields["seminars"]
        seminars.queryset = (
            Seminar.objects.filter(organisation__in=owner_ids)
            .select_related("organisation")
            .order_by("-starts_at", "pk")
        )
        seminars.label_from_instance = lambda seminar: (
            f"{seminar.display_title} ({date_format(seminar.starts_at.astimezone(seminar.zone), 'DATE_FORMAT')})"
        )
        seminars.help_text = _("Seminars of the organisation that the release is about.")
        contact = self.fields["contact"]
        contact.queryset = PressContact.objects.filter(organisation__in=owner_ids).select_related(
            "organisation"
        )
        contact.label_from_instance = labelled
        contact.empty_label = _("No press contact")
        contact.help_text = _("The “for more information” block at the foot of the release.")

        if not self.instance.pk:
            del self.fields["change_summary"]  # the first revision is "created"
        slug = self.fields["slug"]
        slug.required = False
        slug.label = _("Web address (slug)")
        slug.help_text = _(
            "The release's web address. Leave it empty to make one from the headline. "
            "It cannot change once the release is published."
        )
        text_language = self.instance.language or self.initial.get("language")
        if text_language:
            for name in TEXT_FIELDS:
                self.fields[name].widget.attrs["lang"] = text_language

    def _languages_of_other_versions(self) -> set[str]:
        versions = PressRelease.objects.filter(translation_group=self.instance.translation_group)
        if self.instance.pk:
            versions = versions.exclude(pk=self.instance.pk)
        return set(versions.values_list("language", flat=True))

    def clean_image(self):
        return validate_image_upload(self.cleaned_data.get("image"))

    def clean(self):
        cleaned = super().clean()
        organisation = self.host_organisation
        if organisation is not None and any(
            seminar.organisation_id != organisation.pk for seminar in cleaned.get("seminars") or []
        ):
            self.add_error("seminars", _("Choose only seminars of the organisation of this release."))
        # Addresses and the slug made below: see press.validators.releases_known_to.
        known = releases_known_to([*self.organisations, *filter(None, [organisation])], now=timezone.now())
        typed_slug = cleaned.get("slug") if "slug" not in self.errors else ""
        for name, error in release_errors(
            self.instance,
            organisation,
            language=cleaned.get("language") if "language" not in self.errors else None,
            contact=cleaned.get("contact"),
            project=cleaned.get("project"),
            slug=typed_slug,
            known=known,
        ).items():
            self.add_error(name, error)
        image = cleaned.get("image")
        has_image = bool(image) if "image" in cleaned else bool(self.instance.image)
        if has_image and not cleaned.get("image_alt", "").strip() and "image" not in self.errors:
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        if "slug" not in self.errors and not typed_slug:
            self._make_slug(cleaned, known)
        return cleaned

    def _make_slug(self, cleaned, known) -> None:
        """An empty address is made from the headline, away from the addresses of
        `known` only (nothing reveals another organisation's unpublished release)."""
        # A headline with no letter that has a Latin spelling gives no slug: then
        # the date and the language make one.
        dateline = cleaned.get("dateline_date")
        fallback = f"press-release-{dateline.isoformat() if dateline else ''}-{cleaned.get('language', '')}"
        base = slugify(cleaned.get("headline", "")) or slugify(fallback)
        cleaned["slug"] = free_slug(base, release=self.instance, known=known)


class PressContactForm(OrganisationOwnedForm):
    class Meta:
        model = PressContact
        fields = ["organisation", "office_name", "phone", "email", "website"]
        labels = {"organisation": _("Organisation")}
        help_texts = {
            "office_name": _("For example “Communication office of the Social Protection Institute”.")
        }

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_organisation(organisations)


class AttachmentForm(forms.Form):
    """The file is checked by its content in press.services.attachment_add."""

    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
    )


class ScheduleForm(forms.Form):
    """A publish time in the future, typed in the organisation's time zone."""

    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    time = forms.TimeField(label=_("Time"), widget=TIME_WIDGET)

    def __init__(self, *args, zone: zoneinfo.ZoneInfo, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone, self.now = zone, now
        self.fields["time"].help_text = _("In the time zone %(zone)s.") % {"zone": zone.key}

    def clean(self):
        cleaned = super().clean()
        day, wall_clock = cleaned.get("date"), cleaned.get("time")
        if day is None or wall_clock is None:
            return cleaned
        try:
            publish_at = local_to_utc(day, wall_clock, self.zone)
        except forms.ValidationError as error:
            self.add_error("time", error)
            return cleaned
        try:
            validate_publish_at(publish_at, self.now)
        except forms.ValidationError as error:
            self.add_error("date", error)
        cleaned["publish_at"] = publish_at
        return cleaned


class CorrectionForm(forms.Form):
    """The note the public page shows, and the corrected text."""

    note = forms.CharField(
        label=_("Correction note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the release page: say what was corrected and why."),
    )

    def __init__(self, *args, release: PressRelease, **kwargs):
        super().__init__(*args, **kwargs)
        self.release = release
        for name, field in fields_for_model(PressRelease, fields=CORRECTABLE_FIELDS).items():
            field.initial = getattr(release, name)
            field.widget.attrs["lang"] = release.language
            self.fields[name] = field
        self.fields["lead"].widget.attrs["rows"] = 4
        self.fields["body"].widget.attrs["rows"] = 16

    def clean(self):
        cleaned = super().clean()
        if self.release.image and "image_alt" in cleaned and not cleaned["image_alt"].strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return cleaned

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in CORRECTABLE_FIELDS
            if self.cleaned_data[name] != getattr(self.release, name)
        }


class WithdrawalForm(forms.Form):
    note = forms.CharField(
        label=_("Why is the release withdrawn?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the release page, which stays online to say that the release was withdrawn."),
    )
