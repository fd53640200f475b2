"""API field classes of no app in particular, and query-string forms' errors as API errors."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class OffsetDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an explicit UTC offset: an embargo must not depend on a guessed time zone."""

    default_error_messages = {
        "naive": _("Give the time with its UTC offset, for example 2031-03-02T09:00:00+01:00."),
    }

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)


class NamedChoiceField(serializers.ChoiceField):
    """Choices with a schema component of their own (`component_name`): several
    `status` fields with different values keep drf-spectacular from guessing (and warning)."""

    component_name = ""


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField
    match_subclasses = True

    def get_name(self) -> str:
        return self.target.component_name

    def map_serializer_field(self, auto_schema, direction) -> dict:
        return {
            "type": "string",
            "enum": list(self.target.choices),
            "description": "\n".join(
                f"* `{value}` - {label}" for value, label in self.target.choices.items()
            ),
        }


def valid_query(form):
    """The form of query parameters, validated; a 400 with its messages by field otherwise."""
    if not form.is_valid():
        raise serializers.ValidationError(
            {
                name: [error["message"] for error in errors]
                for name, errors in form.errors.get_json_data().items()
            }
        )
    return form
