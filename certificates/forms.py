"""The organiser's certificate forms: the seminar's design with its signatories,
and revocation."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from certificates.models import MAX_SIGNATORIES, CertificateDesign, Signatory
from common.files import PrivateFileInput

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class CertificateDesignForm(forms.ModelForm):
    class Meta:
        model = CertificateDesign
        fields = [
            "min_attendance_percent",
            "language",
            *(f"wording_{code}" for code in LANGUAGE_NAMES),
            "extra_logo",
        ]
        widgets = {f"wording_{code}": forms.Textarea(attrs={"rows": 3}) for code in LANGUAGE_NAMES}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Each holder's preferred language")), *settings.LANGUAGES]
        for code, name in LANGUAGE_NAMES.items():
            self.fields[f"wording_{code}"].label = _("Wording in %(language)s") % {"language": name}
            self.fields[f"wording_{code}"].help_text = ""
        self.fields["extra_logo"].widget = PrivateFileInput(attrs={"accept": "image/png,image/jpeg"})

    @property
    def wording_fields(self):
        return [self[f"wording_{code}"] for code in LANGUAGE_NAMES]


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["name", "title", "signature", "position"]
        widgets = {"signature": PrivateFileInput(attrs={"accept": "image/png,image/jpeg"})}


class BaseSignatoryFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this signatory")

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                _(
                    "Some of these signatories no longer exist; someone may have changed them "
                    "meanwhile. Open the page again and redo your changes."
                ),
                code="stale_signatories",
            )


SignatoryFormSet = inlineformset_factory(
    CertificateDesign,
    Signatory,
    form=SignatoryForm,
    formset=BaseSignatoryFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=MAX_SIGNATORIES,
    validate_max=True,
    absolute_max=MAX_SIGNATORIES + 2,  # a forged TOTAL_FORMS never builds more forms than this
)


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The holder is told it by email. The verification page shows only that the certificate is revoked, and since when."
        ),
    )
