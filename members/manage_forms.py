"""Forms of the colleague pages in the organiser area."""

from django import forms
from django.utils.translation import gettext_lazy as _

from events.models import Membership


class InvitationForm(forms.Form):
    """Whom to invite to the organisation, and in which role."""

    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We email a link to this address. It works once and expires after a few days."),
        error_messages={
            "required": _("Enter the email address of the person you want to invite."),
            "invalid": _("Enter a valid email address, such as name@example.org."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.ORGANISER,
        error_messages={"invalid_choice": _("Choose one of the roles in the list.")},
    )
