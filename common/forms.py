"""Form fields the whole project uses."""

from django import forms
from django.core.exceptions import ValidationError

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
