from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    """Colleagues of host organisations: members, invitations, the invitation link."""

    name = "members"
    verbose_name = _("Colleagues")
