"""Registrations in the REST API: what participants send and read, and what
organisers read and decide.

Input serializers only parse and check the shape of the input; the rules
(seats, quotas, target groups, required answers, one registration per person)
are registrations.services'. Times are shown in the seminar's time zone (its
venue's), like the seminars API.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ProfessionalGroup
from common.api_language import SlugReferenceField
from common.api_serializers import ZonedTimeField as SeminarTimeField
from events.models import Seminar
from registrations.models import Registration
from registrations.selectors import join_url

MAX_IDS = 500
LARGEST_ID = 2**63 - 1  # BigAutoField; larger numbers would overflow the database's integers


class RegistrationStatusField(serializers.ChoiceField):
    """A registration's status; its own schema component (see the extension below)."""

    def __init__(self, **kwargs):
        super().__init__(choices=Registration.Status.choices, **kwargs)


class RegistrationStatusFieldExtension(OpenApiSerializerFieldExtension):
    """Seminars and registrations both have a `status` with different values, and
    each appears in several components: drf-spectacular cannot name the two enums
    by itself and warns. A named component for the registration status avoids it
    without renaming the seminars API's StatusEnum."""

    target_class = RegistrationStatusField

    def get_name(self) -> str:
        return "RegistrationStatusEnum"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        return {
            "type": "string",
            "enum": Registration.Status.values,
            "description": "\n".join(
                f"* `{value}` - {label}" for value, label in Registration.Status.choices
            ),
        }


def _local_time(**kwargs) -> SeminarTimeField:
    return SeminarTimeField(zone_of=lambda registration: registration.seminar.zone, **kwargs)


class RegisteredSeminarSerializer(serializers.Serializer):
    """The seminar of a registration, as the participant needs it."""

    slug = serializers.SlugField(read_only=True)
    title = serializers.CharField(source="display_title", read_only=True)
    url = serializers.SerializerMethodField(help_text="The seminar's page, in the language of the response.")
    status = serializers.ChoiceField(choices=Seminar.Status.choices, read_only=True)
    format = serializers.ChoiceField(choices=Seminar.Format.choices, read_only=True)
    starts_at = SeminarTimeField()
    ends_at = SeminarTimeField()
    time_zone = serializers.CharField(read_only=True, help_text="IANA name of the seminar's time zone.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, seminar: Seminar) -> str:
        return self.context["request"].build_absolute_uri(seminar.get_absolute_url())


class RegistrationSerializer(serializers.Serializer):
    """One of the participant's own registrations."""

    # Reads registration.waitlist_position, annotated by the view's queryset.

    id = serializers.IntegerField(read_only=True)
    url = serializers.SerializerMethodField(help_text="This registration in the API.")
    seminar = RegisteredSeminarSerializer(read_only=True)
    status = RegistrationStatusField(read_only=True)
    status_display = serializers.CharField(
        source="get_status_display", read_only=True, help_text="The status in the language of the response."
    )
    professional_group = serializers.SlugField(source="professional_group.slug", read_only=True)
    organisation = serializers.CharField(read_only=True)
    job_title = serializers.CharField(read_only=True)
    country = serializers.CharField(
        source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2 country code."
    )
    photo_consent = serializers.BooleanField(read_only=True)
    waitlist_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="1 for the first person waiting; null when not waiting."
    )
    offer_expires_at = _local_time(
        allow_null=True,
        help_text="When status is `offered`: confirm the seat before this moment.",
    )
    created_at = _local_time()
    # Not read-only only so that the schema marks it optional (see to_representation).
    join_url = serializers.URLField(
        source="seminar.join_url",
        required=False,
        help_text="Online join link; only once confirmed for a published online or hybrid seminar, until it ends.",
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, registration: Registration) -> str:
        path = reverse("api:registration-detail", kwargs={"pk": registration.pk})
        return self.context["request"].build_absolute_uri(path)

    def to_representation(self, registration: Registration) -> dict:
        data = super().to_representation(registration)
        if not join_url(registration):
            data.pop("join_url")
        return data


class CountryCodeField(serializers.CharField):
    """An ISO 3166-1 alpha-2 code such as SI (lower case is accepted)."""

    default_error_messages = {
        "invalid_country": _("Enter a country as its two-letter ISO code, such as SI for Slovenia."),
    }

    def __init__(self, **kwargs):
        super().__init__(min_length=2, max_length=2, **kwargs)

    def to_internal_value(self, data) -> str:
        code = super().to_internal_value(data).upper()
        if len(code) != 2 or countries.alpha2(code) != code:
            self.fail("invalid_country")
        return code


class AnswersField(serializers.DictField):
    """Answers keyed by question id: text for text questions, true/false for
    yes/no questions, option numbers (1 for the first) for choice questions."""

    def __init__(self, **kwargs):
        super().__init__(child=serializers.JSONField(), **kwargs)

    def to_internal_value(self, data) -> dict[int, object]:
        answers = super().to_internal_value(data)
        parsed, errors = {}, {}
        for key, value in answers.items():
            if not key.isdigit() or len(key) > 18:
                errors[key] = [_("Use the question's id as the key.")]
            elif not _is_plain_value(value):
                errors[key] = [_("Give text, true or false, an option number or a list of option numbers.")]
            else:
                parsed[int(key)] = value
        if errors:
            raise serializers.ValidationError(errors)
        return parsed


def _is_plain_value(value) -> bool:
    if value is None or isinstance(value, str | bool | int):
        return True
    return isinstance(value, list) and all(_is_option_number(item) for item in value)


def _is_option_number(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    return isinstance(value, str) and value.isdigit() and len(value) <= 6


class RegistrationInputSerializer(serializers.Serializer):
    """What a person sends to register for a seminar."""

    seminar = SlugReferenceField(
        slug_field="slug",
        queryset=Seminar.objects.published(),
        error_messages={"does_not_exist": _("There is no public seminar with the address “{value}”.")},
        help_text="Slug of the seminar.",
    )
    professional_group = SlugReferenceField(
        slug_field="slug",
        queryset=ProfessionalGroup.objects.filter(is_active=True),
        error_messages={"does_not_exist": _("There is no professional group “{value}”.")},
        help_text="Slug of the person's professional group.",
    )
    organisation = serializers.CharField(max_length=200, help_text="The organisation the person works for.")
    job_title = serializers.CharField(max_length=150, required=False, default="", allow_blank=True)
    country = CountryCodeField(help_text="ISO 3166-1 alpha-2 code of the country the person works in.")
    consent = serializers.BooleanField(
        help_text="Agreement to the processing of personal data under the privacy notice in force; "
        "must be true."
    )
    photo_consent = serializers.BooleanField(
        required=False, default=False, help_text="The person may appear in photos and press material."
    )
    answers = AnswersField(
        required=False,
        default=dict,
        help_text="Answers to the seminar's questions, keyed by question id: text, true/false for "
        "yes/no questions, option numbers (1 for the first option) for choice questions.",
    )

    def validate_consent(self, consent: bool) -> bool:
        if not consent:
            raise serializers.ValidationError(
                _("Please agree to the processing of your personal data to register.")
            )
        return consent

    def validate(self, attrs: dict) -> dict:
        """Answers must be to this seminar's questions, with option numbers for
        choice questions; which answers are required, the service decides."""
        questions = {question.pk: question for question in attrs["seminar"].questions.all()}
        errors = {}
        for question_id, value in attrs["answers"].items():
            question = questions.get(question_id)
            if question is None:
                errors[str(question_id)] = [_("This seminar has no such question.")]
            elif question.has_options and not (
                value is None or _is_option_number(value) or isinstance(value, list)
            ):
                errors[str(question_id)] = [
                    _("Choose one of the options for “%(question)s”.") % {"question": question.display_label}
                ]
            elif not question.has_options and isinstance(value, list):
                errors[str(question_id)] = [_("Give one answer to this question.")]
        if errors:
            raise serializers.ValidationError({"answers": errors})
        return attrs


class AnswerSerializer(serializers.Serializer):
    question_id = serializers.IntegerField(read_only=True)
    question = serializers.CharField(source="question.display_label", read_only=True)
    answer = serializers.CharField(
        source="display_value", read_only=True, help_text="The answer as text; chosen options by name."
    )


class SeminarRegistrationSerializer(serializers.Serializer):
    """A registration as the seminar's organisers see it."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="display_name", read_only=True)
    email = serializers.CharField(source="contact_email", read_only=True)
    professional_group = serializers.SlugField(source="professional_group.slug", read_only=True)
    organisation = serializers.CharField(read_only=True)
    job_title = serializers.CharField(read_only=True)
    country = serializers.CharField(
        source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2 country code."
    )
    status = RegistrationStatusField(read_only=True)
    waitlist_position = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="1 for the first person waiting; null when not waiting."
    )
    offer_expires_at = _local_time(allow_null=True)
    photo_consent = serializers.BooleanField(read_only=True)
    walk_in = serializers.BooleanField(
        source="is_walk_in", read_only=True, help_text="Registered at the door."
    )
    created_at = _local_time()
    checked_in_at = _local_time(allow_null=True)
    answers = AnswerSerializer(many=True, read_only=True)


class DecisionInputSerializer(serializers.Serializer):
    """Registrations of the seminar to approve or reject, with a message to the people."""

    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=LARGEST_ID),
        allow_empty=False,
        max_length=MAX_IDS,
        help_text="Ids of registrations of this seminar.",
    )
    message = serializers.CharField(
        max_length=2000,
        required=False,
        default="",
        allow_blank=True,
        help_text="A message to the participants, included in the email they get.",
    )

    def validate_ids(self, ids: list[int]) -> list[int]:
        return list(dict.fromkeys(ids))


class ApprovalResultSerializer(serializers.Serializer):
    confirmed = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Ids that got a seat."
    )
    waitlisted = serializers.ListField(
        child=serializers.IntegerField(), read_only=True, help_text="Ids that joined the waiting list."
    )
    unchanged = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Ids that were not awaiting approval, left as they were.",
    )


class RejectionResultSerializer(serializers.Serializer):
    rejected = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    unchanged = serializers.ListField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Ids that had already ended (cancelled, rejected, expired), left as they were.",
    )


class GroupSeatsSerializer(serializers.Serializer):
    group = serializers.CharField(source="group.slug", help_text="Professional group slug.")
    name = serializers.CharField(source="group.name", help_text="The group's name in the requested language.")
    seats = serializers.IntegerField(help_text="Seats reserved for the group (its quota).")
    seats_left = serializers.IntegerField(source="left", help_text="Seats of the quota still free.")


class SeminarSeatsSerializer(serializers.Serializer):
    """Seats of a published seminar: overall and per professional group with a quota."""

    capacity = serializers.IntegerField()
    seats_left = serializers.IntegerField(source="overall")
    groups = GroupSeatsSerializer(many=True)
    registration = serializers.ChoiceField(
        choices=["open", "not_yet_open", "closed", "unavailable"],
        help_text="Whether people can register now.",
    )
