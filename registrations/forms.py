"""The registration form: professional details from the profile, the seminar's own
questions, and consent to the privacy notice in force."""

from django import forms
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.forms import ProfessionalGroupField
from accounts.models import PrivacyNotice, ProfessionalGroup
from events.models import Seminar
from registrations.models import Question, Registration

SHORT_TEXT_LENGTH = 500
LONG_TEXT_LENGTH = 4000
YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def _question_field(question: Question) -> forms.Field:
    """A form field for a custom question; choices are 1-based option numbers."""
    common = {
        "label": question.display_label,
        "required": question.required,
        "help_text": "" if question.required else _("Optional."),
    }
    options = [(str(number), option) for number, option in enumerate(question.option_list, start=1)]
    match question.kind:
        case Question.Kind.LONG_TEXT:
            return forms.CharField(
                max_length=LONG_TEXT_LENGTH, widget=forms.Textarea(attrs={"rows": 4}), **common
            )
        case Question.Kind.SINGLE_CHOICE:
            return forms.ChoiceField(choices=options, widget=forms.RadioSelect, **common)
        case Question.Kind.MULTIPLE_CHOICE:
            return forms.MultipleChoiceField(choices=options, widget=forms.CheckboxSelectMultiple, **common)
        case Question.Kind.YES_NO:
            return forms.ChoiceField(choices=YES_NO_CHOICES, widget=forms.RadioSelect, **common)
        case _:
            return forms.CharField(max_length=SHORT_TEXT_LENGTH, **common)


class RegistrationForm(forms.Form):
    """Validates what the person typed; registrations.services decides the rest
    (window, seats, duplicates) under the seminar lock."""

    QUESTION_PREFIX = "question_"
    NOTICE_VERSION_FIELD = "privacy_notice_version"

    professional_group = ProfessionalGroupField()
    organisation = Registration._meta.get_field("organisation").formfield()
    job_title = Registration._meta.get_field("job_title").formfield()
    country = Registration._meta.get_field("country").formfield()

    def __init__(self, *args, seminar: Seminar, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.seminar = seminar
        self.questions = list(seminar.questions.all())
        targets = [group.pk for group in seminar.target_groups.all()]
        if targets:
            groups = self.fields["professional_group"]
            groups.queryset = ProfessionalGroup.objects.filter(is_active=True, pk__in=targets)
            groups.help_text = _("This seminar is for the professional groups in this list.")
        if not self.is_bound:
            self.initial.update(
                professional_group=user.professional_group_id,
                organisation=user.organisation,
                job_title=user.job_title,
                country=user.country.code if user.country else "",
            )
        for question in self.questions:
            self.fields[f"{self.QUESTION_PREFIX}{question.pk}"] = _question_field(question)

        self.privacy_notice = PrivacyNotice.current()
        consent = forms.BooleanField(
            label=_(
                "I agree that my personal data is processed for this registration as the privacy notice describes."
            ),
            error_messages={
                "required": _("Please agree to the processing of your personal data to register.")
            },
        )
        if self.privacy_notice is not None:
            consent.help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                reverse("privacy_notice"),
                _("Read the privacy notice (version %(version)s)") % {"version": self.privacy_notice.version},
            )
        self.fields["consent"] = consent
        self.fields["photo_consent"] = forms.BooleanField(
            label=_("I agree to appear in photos and press material from this seminar (optional)."),
            required=False,
        )

    @property
    def question_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(self.QUESTION_PREFIX)]

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("professional_group", "organisation", "job_title", "country")]

    @property
    def consent_fields(self) -> list[forms.BoundField]:
        return [self["consent"], self["photo_consent"]]

    def clean(self):
        cleaned = super().clean()
        # The consent must be to the version the person could read: if a new one
        # came into force while the form was open, ask again.
        if self.privacy_notice is not None and self.data.get(self.NOTICE_VERSION_FIELD) != str(
            self.privacy_notice.version
        ):
            self.add_error(
                "consent",
                _(
                    "The privacy notice has changed since you opened this page. Please read it and agree again."
                ),
            )
        return cleaned

    def registration_arguments(self) -> dict:
        """Keyword arguments for services.registration_create."""
        data = self.cleaned_data
        return {
            "professional_group": data["professional_group"],
            "organisation": data["organisation"],
            "job_title": data["job_title"],
            "country": data["country"],
            "consent": data["consent"],
            "photo_consent": data["photo_consent"],
            "answers": {
                question.pk: data[f"{self.QUESTION_PREFIX}{question.pk}"] for question in self.questions
            },
        }
