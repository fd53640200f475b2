"""Form fields the whole project uses."""

import zoneinfo
from datetime import datetime
from functools import cache

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.choices import CallableChoiceIterator
from django.utils.text import format_lazy
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from common.timezones import COUNTRY_TIME_ZONES, local_to_utc, time_zone_names

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")

# What a 64-bit signed integer column stores: larger ids cannot exist.
LARGEST_ID = 2**63 - 1


class IdChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several objects by id, where an id too large for the database
    is an invalid choice (a form error) rather than an overflow in the query."""

    def _check_values(self, value):
        if (self.to_field_name or "pk") == "pk":
            for key in value:
                try:
                    number = int(str(key))
                except (TypeError, ValueError):
                    continue  # the parent reports it as an invalid value
                if not -LARGEST_ID <= number <= LARGEST_ID:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": key}
                    )
        return super()._check_values(value)


class ExistingSlugField(forms.SlugField):
    """The slug of a row of `queryset`, or nothing; another is refused with `unknown`."""

    def __init__(self, *, queryset, unknown, **kwargs):
        super().__init__(**kwargs)
        self.queryset, self.unknown = queryset, unknown

    def clean(self, value) -> str:
        value = super().clean(value)
        if value and not self.queryset.filter(slug=value).exists():
            raise ValidationError(self.unknown, code="unknown")
        return value


def language_name(code: str):
    """The language's name in the active UI language (lazy)."""
    return get_language_info(code)["name_translated"]


@cache
def _time_zone_names_for_select() -> tuple[list[str], list[str]]:
    common = list(dict.fromkeys(COUNTRY_TIME_ZONES.values()))
    others = sorted(
        name
        for name in time_zone_names()
        if ("/" in name and not name.startswith(("Etc/", "SystemV/")) and name not in common) or name == "UTC"
    )
    return common, others


def time_zone_choices():
    common, others = _time_zone_names_for_select()
    return [
        (_("Countries of the project"), [(name, name.replace("_", " ")) for name in common]),
        (_("All time zones"), [(name, name.replace("_", " ")) for name in others]),
    ]


class TimeZoneField(forms.ChoiceField):
    """A <select> of IANA time zone names, the project's countries' first."""

    default_error_messages = {
        "invalid_choice": _("“%(value)s” is not a known time zone. Choose one from the list."),
    }

    def __init__(self, *, blank_label=None, **kwargs):
        super().__init__(choices=time_zone_choices, **kwargs)
        if blank_label is not None:
            self.choices = [("", blank_label), *self.choices]


def local_instant(form, prefix: str, zone: zoneinfo.ZoneInfo | None, *, required: bool) -> datetime | None:
    """The UTC instant typed in the form's `<prefix>_date` and `<prefix>_time` inputs
    as wall-clock time in `zone` (common.timezones.local_to_utc), or None: when an
    input could not be read or the zone is unknown (reported elsewhere), or with
    the error added at the input it is about."""
    cleaned = form.cleaned_data
    day, wall_clock = cleaned.get(f"{prefix}_date"), cleaned.get(f"{prefix}_time")
    if f"{prefix}_date" in form.errors or f"{prefix}_time" in form.errors:
        return None
    if day is None and wall_clock is None and not required:
        return None
    if day is None:
        form.add_error(f"{prefix}_date", _("Enter the date as well as the time."))
        return None
    if wall_clock is None:
        form.add_error(f"{prefix}_time", _("Enter the time as well as the date."))
        return None
    if zone is None:
        return None
    return utc_or_error(form, f"{prefix}_time", day, wall_clock, zone)


def utc_or_error(form, field: str, day, wall_clock, zone: zoneinfo.ZoneInfo) -> datetime | None:
    """local_to_utc(day, wall_clock, zone), or None with its error added at `field`."""
    try:
        return local_to_utc(day, wall_clock, zone)
    except ValidationError as error:
        form.add_error(field, error)
        return None


def show_local(form, prefix: str, instant: datetime | None, zone: zoneinfo.ZoneInfo) -> None:
    """A stored instant shown back in `<prefix>_date` and `<prefix>_time` as wall-clock time in `zone`."""
    if instant is not None:
        local = instant.astimezone(zone)
        form.initial.setdefault(f"{prefix}_date", local.date())
        form.initial.setdefault(f"{prefix}_time", local.time().replace(second=0, microsecond=0))


class ModelErrorsAtInputsMixin:
    """For a model form whose model's clean() names model fields (starts_at) that
    the form reads through other inputs (start_time): model_error_fields() says
    which input each is about; each message shows at that input, once (an input
    that already has an error keeps only its own)."""

    MODEL_ERROR_FIELDS: dict[str, str] = {}

    def model_error_fields(self) -> dict[str, str]:
        return self.MODEL_ERROR_FIELDS

    def add_error(self, field, error):
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            targets = self.model_error_fields()
            remapped: dict[str, list] = {}
            for name, messages in error.error_dict.items():
                target = targets.get(name, name)
                if target != NON_FIELD_ERRORS and target not in self.fields:
                    target = NON_FIELD_ERRORS
                if target != NON_FIELD_ERRORS and target in self._errors:
                    continue  # this input already carries an error
                remapped.setdefault(target, []).extend(messages)
            if not remapped:
                return
            error = ValidationError(remapped)
        super().add_error(field, error)


def label_by_language(form, name: str, label, **attrs) -> None:
    """The translated columns of `name` (name_en, name_sl, ...) labelled "Label (Language)",
    their widgets marked with their language (and given `attrs`)."""
    for code in LANGUAGE_CODES:
        field = form.fields[f"{name}_{code}"]
        field.label = format_lazy("{} ({})", label, language_name(code))
        field.widget.attrs.update({"lang": code, **attrs})


def language_groups(form, names, open_code: str | None) -> list[dict]:
    """The form's translated fields `names`, grouped per language (code, name, fields),
    and whether the page opens the group: the language `open_code`, or one with text or errors."""
    groups = []
    for code in LANGUAGE_CODES:
        fields = [form[f"{name}_{code}"] for name in names]
        is_open = code == open_code or any(field.value() or field.errors for field in fields)
        groups.append({"code": code, "name": language_name(code), "fields": fields, "open": is_open})
    return groups


class KeptRowsFormSet(BaseInlineFormSet):
    """An inline formset that reads its rows once (with `prefetch`), labels the
    delete box `delete_label`, and refuses the whole edit (stale_message) when a
    row it was sent no longer exists (removed meanwhile, or a forged id): Django
    would silently skip that row."""

    prefetch: tuple[str, ...] = ()
    delete_label = None
    stale_message = None  # each formset says what was lost, in its own words
    stale_code = "stale_rows"

    def get_queryset(self):
        # Evaluated once per formset: every form reads it.
        if not hasattr(self, "_rows"):
            self._rows = super().get_queryset().prefetch_related(*self.prefetch)
        return self._rows

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields and self.delete_label is not None:
            form.fields["DELETE"].label = self.delete_label

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(self.stale_message, code=self.stale_code)


def lazy_choices(make) -> CallableChoiceIterator:
    """Choices made by `make()` when the field is first rendered, once per form:
    a form only validated (an API filter) never runs the query."""
    return CallableChoiceIterator(cache(make))
