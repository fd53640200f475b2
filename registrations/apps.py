from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    """Registrations by professional group, quotas, waitlist and approval."""

    name = "registrations"
    verbose_name = _("Registrations")

    def ready(self) -> None:
        # Connected once the models are loaded.
        from registrations import cache, receivers  # noqa: F401

        cache.connect()
