from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    """Host organisations and their members; seminars and where they happen."""

    name = "events"
    verbose_name = _("Organisations and seminars")

    def ready(self) -> None:
        from events import cache  # the models load only once the app registry is ready

        cache.connect()
