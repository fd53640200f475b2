"""The form press officers use to add a journalist to their organisation's press
list, or correct an entry."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.forms import OrganisationChoiceMixin
from events.models import Organisation
from press.models import PressListEntry


class PressListEntryForm(OrganisationChoiceMixin, forms.ModelForm):
    """A journalist joins the list only with their recorded consent; an email
    address is on an organisation's list once, whatever its letter case."""

    consent = forms.BooleanField(
        label=_("The journalist agreed to receive press releases"),
        required=False,
    )

    class Meta:
        model = PressListEntry
        fields = ["organisation", "name", "outlet", "email", "language"]
        help_texts = {
            "language": _("Journalists get a release in this language when a translation exists."),
        }

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_organisation(organisations)
        self.is_new = self.instance.pk is None
        if self.is_new:
            self.fields["consent"].required = True
            self.fields["consent"].error_messages["required"] = _(
                "Add a journalist only when they have agreed to receive press releases."
            )
        elif self.instance.unsubscribed_at is not None:
            self.fields["consent"].help_text = _(
                "This journalist unsubscribed. Tick only if they have agreed again: "
                "this records a new consent and puts them back on the list."
            )
        else:
            self.fields["consent"].help_text = _(
                "Tick only if the journalist has confirmed their consent again: this records today's date."
            )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        organisation, email = self.host_organisation, cleaned.get("email")
        if organisation and email:
            others = PressListEntry.objects.filter(organisation=organisation, email__iexact=email).exclude(
                pk=self.instance.pk
            )
            if others.exists():
                self.add_error("email", _("This email address is already on the press list."))
        return cleaned

    def validate_constraints(self):
        # The duplicate is reported on the email field above, in words a press officer understands.
        if "email" not in self.errors:
            super().validate_constraints()
