"""Seminars in the REST API: what the public reads, and what organisers send.

Output serializers read the display_* properties, so the view decides the
language (translation.override) and the text falls back to the seminar's
language of instruction. Times are shown in the seminar's time zone (its
venue's), ISO 8601 with the UTC offset of that moment.

The input serializer validates with the organiser forms' own rules (the shared
validators of events.validators, then Seminar.full_clean), so the API gives the
same field errors as the forms. An edit is saved by
events.services.seminar_update, in the view.
"""

import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import ProfessionalGroup
from common.api_language import SlugReferenceField
from common.api_serializers import LocalDateTimeField, check, times_in_zone
from common.api_serializers import ZonedTimeField as SeminarTimeField
from common.markdown import render_markdown
from common.translations import in_language, translated_columns
from events.models import Organisation, Seminar, Venue
from events.services import unique_seminar_slug
from events.validators import (
    SEMINAR_SLUG_TAKEN,
    UNKNOWN_VENUE,
    seminar_time_zone,
    seminars_known_to,
    validate_capacity,
    validate_seminar_slug_free,
    validate_slug_change,
    validate_venue_of,
)

TRANSLATED_FIELDS = tuple(translated_columns("title", "summary", "description"))
LOCAL_TIME_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")


class OrganisationSummarySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)


class VenueSummarySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    city = serializers.CharField(read_only=True)
    country = serializers.CharField(
        source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2 country code."
    )


class SeminarSerializer(serializers.Serializer):
    """A seminar as the public list shows it."""

    slug = serializers.SlugField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The seminar's page, in the language of the response.")
    title = serializers.CharField(source="display_title", read_only=True)
    summary = serializers.CharField(source="display_summary", read_only=True)
    status = serializers.ChoiceField(choices=Seminar.Status.choices, read_only=True)
    format = serializers.ChoiceField(choices=Seminar.Format.choices, read_only=True)
    starts_at = SeminarTimeField()
    ends_at = SeminarTimeField()
    time_zone = serializers.CharField(
        read_only=True,
        help_text="IANA name of the seminar's time zone: its venue's, or the organisers' when online.",
    )
    time_zone_abbreviation = serializers.SerializerMethodField(
        help_text="Abbreviation of the time zone when the seminar starts, e.g. CET or CEST."
    )
    venue = VenueSummarySerializer(read_only=True, allow_null=True)
    organisation = OrganisationSummarySerializer(read_only=True)
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, read_only=True, help_text="Language of instruction."
    )
    capacity = serializers.IntegerField(read_only=True)
    registration_opens_at = SeminarTimeField(allow_null=True)
    registration_closes_at = SeminarTimeField(allow_null=True)
    requires_approval = serializers.BooleanField(read_only=True)
    target_groups = serializers.SerializerMethodField(help_text="Slugs of the professional groups addressed.")
    calendar_url = serializers.SerializerMethodField(help_text="The seminar as an iCalendar file.")
    # Not read-only only so that the schema marks it optional: it is present
    # solely for the seminar's own organisers (see to_representation).
    join_url = serializers.URLField(
        required=False,
        allow_blank=True,
        help_text="Online join link; only in answers to the seminar's organisers.",
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, seminar: Seminar) -> str:
        return self.context["request"].build_absolute_uri(seminar.get_absolute_url())

    @extend_schema_field(OpenApiTypes.URI)
    def get_calendar_url(self, seminar: Seminar) -> str:
        path = reverse("seminar_calendar", kwargs={"slug": seminar.slug})
        return self.context["request"].build_absolute_uri(path)

    @extend_schema_field(serializers.ListField(child=serializers.SlugField()))
    def get_target_groups(self, seminar: Seminar) -> list[str]:
        return [group.slug for group in seminar.target_groups.all()]

    def get_time_zone_abbreviation(self, seminar: Seminar) -> str:
        return seminar.starts_at.astimezone(seminar.zone).tzname() or ""

    def to_representation(self, seminar: Seminar) -> dict:
        data = super().to_representation(seminar)
        if seminar.organisation_id not in self.context.get("managed_organisation_ids", ()):
            del data["join_url"]
        return data


class TrainerSerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    affiliation = serializers.CharField(read_only=True)


class AgendaSessionSerializer(serializers.Serializer):
    title = serializers.CharField(source="display_title", read_only=True)
    description = serializers.CharField(source="display_description", read_only=True)
    starts_at = SeminarTimeField(zone_of=lambda session: session.seminar.zone)
    ends_at = SeminarTimeField(zone_of=lambda session: session.seminar.zone)
    trainers = TrainerSerializer(many=True, read_only=True)


class ProjectSummarySerializer(serializers.Serializer):
    acronym = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)


class SeminarDetailSerializer(SeminarSerializer):
    """A seminar as its page shows it, with the agenda."""

    # Reads the prefetched agenda, partners and groups of selectors.with_agenda.

    description_html = serializers.SerializerMethodField(
        help_text="The description, rendered from Markdown and sanitised."
    )
    agenda = AgendaSessionSerializer(source="sessions", many=True, read_only=True)
    partners = OrganisationSummarySerializer(many=True, read_only=True)
    project = ProjectSummarySerializer(read_only=True, allow_null=True)

    def get_description_html(self, seminar: Seminar) -> str:
        return str(render_markdown(seminar.display_description))


class SeminarCancelledSerializer(SeminarDetailSerializer):
    """A seminar just cancelled, and how many people were told."""

    registrants_told = serializers.IntegerField(
        read_only=True, help_text="How many registrations were cancelled, each person told by email."
    )


class SeminarInputSerializer(serializers.ModelSerializer):
    """What an organiser sends to create or change a seminar (never its status)."""

    slug = serializers.SlugField(
        max_length=80,
        required=False,
        help_text="The seminar's address; made from the title when left out. "
        "It cannot change once the seminar is published.",
    )
    organisation = SlugReferenceField(
        slug_field="slug",
        queryset=Organisation.objects.none(),
        help_text="Slug of a host organisation you organise seminars for.",
    )
    venue = serializers.PrimaryKeyRelatedField(
        queryset=Venue.objects.none(),
        required=False,
        allow_null=True,
        error_messages={"does_not_exist": UNKNOWN_VENUE},
        help_text="Id of a venue of the host organisation; required unless the seminar is online.",
    )
    time_zone = serializers.CharField(
        max_length=64,
        required=False,
        allow_blank=True,
        help_text="IANA time zone; required for an online seminar without venue. "
        "With a venue, the venue's time zone is used.",
    )
    starts_at = LocalDateTimeField(help_text="ISO 8601; without an offset, local time at the venue.")
    ends_at = LocalDateTimeField(help_text="ISO 8601; without an offset, local time at the venue.")
    registration_opens_at = LocalDateTimeField(required=False, allow_null=True)
    registration_closes_at = LocalDateTimeField(required=False, allow_null=True)
    target_groups = SlugReferenceField(
        slug_field="slug",
        many=True,
        required=False,
        queryset=ProfessionalGroup.objects.filter(is_active=True),
        help_text="Slugs of the professional groups addressed.",
    )

    class Meta:
        model = Seminar
        fields = [
            "slug",
            "organisation",
            *TRANSLATED_FIELDS,
            "format",
            "venue",
            "join_url",
            "time_zone",
            "starts_at",
            "ends_at",
            "language",
            "capacity",
            "registration_opens_at",
            "registration_closes_at",
            "requires_approval",
            "target_groups",
            "contact_email",
        ]
        # Not DRF's UniqueTogetherValidator for (organisation, slug): it would make the
        # slug required; validate() applies the slug rule (events.validators).
        validators = []

    def __init__(self, *args, managed_organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.managed_organisations = managed_organisations
        if managed_organisations is not None:
            self.fields["organisation"].queryset = managed_organisations
            self.fields["venue"].queryset = Venue.objects.filter(organisation__in=managed_organisations)

    def validate_slug(self, slug: str) -> str:
        if self.instance is not None:
            check(validate_slug_change, self.instance, slug)
        return slug

    def validate_capacity(self, capacity: int) -> int:
        check(validate_capacity, capacity)
        return capacity

    def validate(self, attrs: dict) -> dict:
        seminar = self.instance or Seminar()
        organisation = attrs.get("organisation") or getattr(seminar, "organisation", None)
        venue = attrs.get("venue", seminar.venue if seminar.venue_id else None)
        check(validate_venue_of, venue, organisation, field="venue")
        zone_name = check(
            seminar_time_zone,
            venue=venue,
            time_zone=attrs.get("time_zone") or seminar.time_zone,
            format=attrs.get("format", seminar.format),
        )
        attrs = {
            **attrs,
            "time_zone": zone_name,
            **times_in_zone(attrs, LOCAL_TIME_FIELDS, zoneinfo.ZoneInfo(zone_name)),
        }
        for name, value in attrs.items():
            if name != "target_groups":
                setattr(seminar, name, value)
        # Only seminars the organiser may know of count as taking an address.
        known = seminars_known_to(
            [*(self.managed_organisations or []), *filter(None, [organisation and organisation.pk])]
        )
        if "slug" in attrs:
            check(validate_seminar_slug_free, seminar.slug, seminar=seminar, known=known, field="slug")
        if not seminar.slug:
            # Latin-script titles make readable slugs, so English comes first.
            with translation.override("en"):
                seminar.slug = unique_seminar_slug(
                    in_language(seminar, "title", seminar.language or ""), known=known
                )
        try:
            seminar.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        self.seminar = seminar
        return attrs

    def create(self, validated_data: dict) -> Seminar:
        seminar = self.seminar
        try:
            with transaction.atomic():
                seminar.save()
                if "target_groups" in validated_data:
                    seminar.target_groups.set(validated_data["target_groups"])
        except IntegrityError as error:
            # Only a concurrent request taking the same slug gets here: full_clean checked the rest.
            raise serializers.ValidationError({"slug": [SEMINAR_SLUG_TAKEN]}) from error
        return seminar

    def update(self, instance: Seminar, validated_data: dict) -> Seminar:
        raise NotImplementedError("The view saves an edit through events.services.seminar_update.")
