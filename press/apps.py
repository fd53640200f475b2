from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PressConfig(AppConfig):
    """Press releases, translations, press contacts and feeds."""

    name = "press"
    verbose_name = _("Press office")

    def ready(self) -> None:
        from press import cache  # the models load only once the app registry is ready

        cache.connect()
