"""Sign-up additions and the profile form."""

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import PrivacyConsent, PrivacyNotice, ProfessionalGroup, User


class ProfessionalGroupField(forms.ModelChoiceField):
    """Choice of an active professional group, shown in the visitor's language."""

    default_error_messages = {
        "invalid_choice": _("Choose one of the professional groups in the list."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", ProfessionalGroup.objects.filter(is_active=True))
        kwargs.setdefault("label", _("Professional group"))
        kwargs.setdefault("empty_label", _("Choose your professional group"))
        super().__init__(**kwargs)


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: name, group and privacy consent."""

    field_order = ["email", "full_name", "password1", "password2", "professional_group", "privacy_consent"]

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    professional_group = ProfessionalGroupField(required=False)
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is processed as it describes."),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice to create an account.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.privacy_notice = PrivacyNotice.current()
        if self.privacy_notice is None:
            del self.fields["privacy_consent"]
        else:
            self.fields["privacy_consent"].help_text = format_html(
                '<a href="{}" target="_blank" rel="noopener">{}</a>',
                reverse("privacy_notice"),
                _("Read the privacy notice (version %(version)s)") % {"version": self.privacy_notice.version},
            )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def signup(self, request, user: User) -> None:
        """Called by allauth once the user row exists."""
        user.full_name = self.cleaned_data["full_name"]
        user.professional_group = self.cleaned_data.get("professional_group")
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language in dict(settings.LANGUAGES):
            user.preferred_language = language
        user.save(update_fields=["full_name", "professional_group", "preferred_language"])
        if self.privacy_notice is not None:
            PrivacyConsent.objects.get_or_create(
                user=user, notice=self.privacy_notice, defaults={"language": user.preferred_language}
            )


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves (email is changed through allauth)."""

    professional_group = ProfessionalGroupField(required=False)

    class Meta:
        model = User
        fields = [
            "full_name",
            "organisation",
            "job_title",
            "country",
            "professional_group",
            "preferred_language",
        ]
        help_texts = {
            "preferred_language": _("Emails and certificates are sent in this language."),
        }

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter your full name."))
        return name


class AccountDeleteForm(forms.Form):
    """The person confirms they want their account erased (re-authentication follows)."""

    confirm = forms.BooleanField(
        label=_(
            "I understand that my account and my personal data will be erased, and that this cannot be undone."
        ),
        required=True,
        error_messages={"required": _("Please tick the box to confirm that your account should be erased.")},
    )


def _years_in_range(day):
    if day is not None and not 1900 <= day.year <= 2999:
        raise forms.ValidationError(
            _("Enter a date between the years 1900 and 2999."), code="date_out_of_range"
        )


class AuditFilterForm(forms.Form):
    """Filters of the audit log page; the choices are the actions and object types that occur."""

    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.CharField(label=_("Actor's email contains"), required=False, max_length=254)
    target_type = forms.ChoiceField(label=_("Object type"), required=False)
    since = forms.DateField(
        label=_("From (UTC)"),
        required=False,
        validators=[_years_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label=_("Until (UTC)"),
        required=False,
        validators=[_years_in_range],
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, actions: list[str], target_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *((action, action) for action in actions)]
        self.fields["target_type"].choices = [
            ("", _("All types")),
            *((label, label) for label in target_types),
        ]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned
