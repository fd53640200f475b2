from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """The organiser's figures: dashboard, exports, funder report, small-count suppression."""

    name = "reporting"
