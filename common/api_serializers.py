"""API fields and checks any serializer may use: times in a zone, times typed
without an offset, and Django validators giving the API's errors."""

import zoneinfo
from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import serializers

from common.timezones import in_zone


class ZonedTimeField(serializers.DateTimeField):
    """A moment shown in its object's time zone (`zone_of(object)`, by default
    its `.zone`): 2026-03-02T09:00:00+01:00."""

    def __init__(self, *, zone_of=lambda instance: instance.zone, **kwargs):
        self.zone_of = zone_of
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return None if value is None else value.astimezone(self.zone_of(instance))

    def to_representation(self, value):
        return value.isoformat()


class LocalDateTimeField(serializers.DateTimeField):
    """ISO 8601 with an offset, or without one: then it is local time, which the
    serializer applies once it knows the zone (common.timezones.in_zone)."""

    def enforce_timezone(self, value: datetime) -> datetime:
        if timezone.is_naive(value):
            return value
        try:
            return value.astimezone(UTC)
        except OverflowError:
            self.fail("overflow")


def check(validator, *args, field: str | None = None, **kwargs):
    """Run a Django validator; its error becomes the API's, at `field` when the
    validator does not name one."""
    try:
        return validator(*args, **kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        raise serializers.ValidationError({field: error.messages} if field else error.messages) from error


def times_in_zone(attrs: dict, names, zone: zoneinfo.ZoneInfo) -> dict:
    """The times `names` of `attrs` (those given), read in `zone` (common.timezones.in_zone);
    every one that cannot be is an error at its field."""
    localised, errors = {}, {}
    for name in names:
        if attrs.get(name) is not None:
            try:
                localised[name] = in_zone(attrs[name], zone)
            except DjangoValidationError as error:
                errors[name] = error.messages
    if errors:
        raise serializers.ValidationError(errors)
    return localised


def form_errors(form) -> serializers.ValidationError:
    """A Django form's errors as the API's (messages by field)."""
    return serializers.ValidationError(
        {name: [error["message"] for error in errors] for name, errors in form.errors.get_json_data().items()}
    )
