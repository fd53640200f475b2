from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """Project-wide pages, templates and commands that belong to no single app."""

    name = "config"
    verbose_name = "VICTOR Seminars"
