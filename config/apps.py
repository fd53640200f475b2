from django.apps import AppConfig

from common.text import collation_key


class ConfigConfig(AppConfig):
    """Project-wide pages, templates and commands that belong to no single app."""

    name = "config"
    verbose_name = "VICTOR Seminars"

    def ready(self) -> None:
        # Patched once the app registry is ready, after django-countries has loaded.
        import django_countries

        # django-countries sorts by a module-level key chosen at import: pyuca's
        # if installed, else one that folds names to ASCII and so leaves Greek
        # names in English order. Country lists sort in the reader's alphabet.
        django_countries.sort_key = lambda country: collation_key(country[1])
