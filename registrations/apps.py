from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    """Registrations by professional group, quotas, waitlist and approval."""

    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        from registrations import cache  # the models load only once the app registry is ready

        cache.connect()
