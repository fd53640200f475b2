"""Press releases in the REST API: what the public reads, and what the press office sends.

Output serializers read what the view prepared: the release with its
organisation and project (select_related), `context["translations"]` (the
public versions of each translation group, fetched once per page) and
`context["now"]` (one moment for the whole response, so embargo checks agree).
Every text field is a plain JSON string; only `body_html` is HTML, rendered
from Markdown and sanitised (common.markdown).

The input serializer validates through the model (PressRelease.full_clean), so
the API gives the same field errors as the press-office forms. Saving is
press.services.release_save's, in the view.
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.core.exceptions import MultipleObjectsReturned
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api_fields import NamedChoiceField, OffsetDateTimeField
from common.api_language import SlugReferenceField
from common.markdown import render_markdown
from events.api.serializers import OrganisationSummarySerializer, ProjectSummarySerializer
from events.models import Organisation, Project
from press.models import PressContact, PressRelease, url_in_own_language
from press.validators import free_slug, release_errors, releases_known_to, validate_publish_at

Status = PressRelease.Status

# URL name of the PDF (press/urls.py fixed_urlpatterns, outside the language prefix).
PDF_URL_NAME = "press_pdf"


@dataclass(frozen=True)
class Version:
    """One public language version of a release, for the `translations` list."""

    language: str
    slug: str


def public_versions(releases: list[PressRelease], *, now: datetime) -> dict[object, list[Version]]:
    """The public versions of the releases' translation groups, in one query,
    by translation group."""
    groups = {release.translation_group for release in releases}
    versions: dict[object, list[Version]] = {}
    if not groups:
        return versions
    rows = (
        PressRelease.objects.public(now=now)
        .filter(translation_group__in=groups)
        .order_by("language", "pk")
        .values_list("translation_group", "language", "slug")
    )
    for group, language, slug in rows:
        versions.setdefault(group, []).append(Version(language=language, slug=slug))
    return versions


def page_url(request, release: PressRelease | Version) -> str:
    """The release's public page, under the prefix of the release's own language."""
    return request.build_absolute_uri(url_in_own_language(release))


class PressReleaseStatusField(NamedChoiceField):
    component_name = "PressReleaseStatusEnum"

    def __init__(self, **kwargs):
        super().__init__(choices=Status.choices, **kwargs)


class DatelineSerializer(serializers.Serializer):
    city = serializers.CharField(source="dateline_city", read_only=True)
    date = serializers.DateField(source="dateline_date", read_only=True)


class PressTranslationSerializer(serializers.Serializer):
    language = serializers.ChoiceField(choices=settings.LANGUAGES, read_only=True)
    slug = serializers.SlugField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The public page of this language version.")

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, version: Version) -> str:
        return page_url(self.context["request"], version)


class PressReleaseSerializer(serializers.Serializer):
    """A press release as the public list shows it."""

    slug = serializers.SlugField(read_only=True)
    url = serializers.SerializerMethodField(help_text="The release's public page, in the release's language.")
    language = serializers.ChoiceField(
        choices=settings.LANGUAGES, read_only=True, help_text="Language of this version of the release."
    )
    headline = serializers.CharField(read_only=True)
    subtitle = serializers.CharField(read_only=True)
    dateline = DatelineSerializer(source="*", read_only=True)
    lead = serializers.CharField(read_only=True, allow_null=True, help_text="Null when withdrawn.")
    body_html = serializers.SerializerMethodField(
        help_text="The body, rendered from Markdown and sanitised; null when withdrawn."
    )
    publish_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="Publication time; the release is embargoed (invisible to the public) until then. "
        "Null for a draft.",
    )
    corrected_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text="When the release was last corrected, if ever."
    )
    correction_note = serializers.CharField(read_only=True, help_text="What was corrected; empty if nothing.")
    organisation = OrganisationSummarySerializer(read_only=True)
    project = ProjectSummarySerializer(read_only=True, allow_null=True)
    translations = serializers.SerializerMethodField(
        help_text="The other public language versions of this release."
    )
    pdf_url = serializers.SerializerMethodField(
        help_text="The release as a PDF; null unless published and past its publish time."
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, release: PressRelease) -> str:
        return page_url(self.context["request"], release)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_body_html(self, release: PressRelease) -> str | None:
        if release.status == Status.WITHDRAWN:
            return None
        return str(render_markdown(release.body))

    @extend_schema_field(PressTranslationSerializer(many=True))
    def get_translations(self, release: PressRelease) -> list:
        versions = [
            version
            for version in self.context["translations"].get(release.translation_group, [])
            if version.slug != release.slug
        ]
        return self._translations_field.to_representation(versions)

    @cached_property
    def _translations_field(self) -> serializers.ListSerializer:
        """One list serializer for every row (building one per release cost a third of the list)."""
        return PressTranslationSerializer(many=True, context=self.context)

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_pdf_url(self, release: PressRelease) -> str | None:
        if release.status != Status.PUBLISHED or not release.is_public(now=self.context["now"]):
            return None
        return self.context["request"].build_absolute_uri(
            reverse(PDF_URL_NAME, kwargs={"slug": release.slug})
        )

    def to_representation(self, release: PressRelease) -> dict:
        data = super().to_representation(release)
        if release.status == Status.WITHDRAWN:
            data["lead"] = None
        return data


class PressReleaseDetailSerializer(PressReleaseSerializer):
    """One release as its page shows it: also its status, and a withdrawal's note."""

    status = PressReleaseStatusField(
        read_only=True,
        help_text="`published` for the public (or `withdrawn`); the press office also reads its "
        "`draft` and `review` releases and scheduled ones (`published` with a future publish_at).",
    )
    withdrawn_at = serializers.DateTimeField(read_only=True, allow_null=True)
    withdrawal_note = serializers.CharField(read_only=True, help_text="Why the release was withdrawn.")


class PublishInputSerializer(serializers.Serializer):
    publish_at = OffsetDateTimeField(
        required=False,
        allow_null=True,
        help_text="When the release becomes public, with its UTC offset. A future time schedules it "
        "(embargo: invisible everywhere until then); left out or null, it is published now.",
    )

    def validate_publish_at(self, value: datetime | None) -> datetime | None:
        # DRF reports a Django ValidationError of a validate_<field> method on the field.
        if value is not None:
            validate_publish_at(value, self.context["now"])
        return value


class ReleaseReferenceField(SlugReferenceField):
    """A release by slug among those offered. Slugs are unique per organisation, so a
    person writing for several organisations may have two releases at one address."""

    default_error_messages = {
        "ambiguous": _(
            "Several releases of your organisations have this web address. Change the address of one of them first."
        )
    }

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except MultipleObjectsReturned:
            self.fail("ambiguous")


class PressReleaseInputSerializer(serializers.ModelSerializer):
    """What the press office sends to create or change a draft (never its status:
    publishing is its own action, and a published release changes only by correction)."""

    organisation = SlugReferenceField(
        slug_field="slug",
        queryset=Organisation.objects.none(),
        help_text="Slug of a host organisation you write press releases for. It cannot change later.",
    )
    slug = serializers.SlugField(
        max_length=100,
        required=False,
        help_text="The release's address; made from the headline when left out. Refused when one of "
        "your organisations' releases or a public release has it.",
    )
    translation_of = ReleaseReferenceField(
        slug_field="slug",
        queryset=PressRelease.objects.none(),
        required=False,
        write_only=True,
        help_text="Slug of a release of the same organisation this one translates; only when creating.",
    )
    project = SlugReferenceField(
        slug_field="slug",
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        help_text="Slug of a project the organisation coordinates or takes part in.",
    )
    contact = serializers.PrimaryKeyRelatedField(
        queryset=PressContact.objects.none(),
        required=False,
        allow_null=True,
        help_text="Id of one of the organisation's press contacts.",
    )

    class Meta:
        model = PressRelease
        fields = [
            "organisation",
            "translation_of",
            "language",
            "slug",
            "headline",
            "subtitle",
            "dateline_city",
            "dateline_date",
            "lead",
            "body",
            "project",
            "contact",
        ]
        # Not DRF's UniqueTogetherValidator for (organisation, slug): it would make the
        # slug required; validate() applies the slug rule (press.validators).
        validators = []

    def __init__(
        self,
        *args,
        drafting_organisations: QuerySet[Organisation] | None = None,
        translatable: QuerySet[PressRelease] | None = None,
        author=None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.author = author
        self.drafting_organisations = drafting_organisations
        if drafting_organisations is not None:
            self.fields["organisation"].queryset = drafting_organisations
            self.fields["contact"].queryset = PressContact.objects.filter(
                organisation__in=drafting_organisations
            )
        if translatable is not None:
            self.fields["translation_of"].queryset = translatable

    def validate_organisation(self, organisation: Organisation) -> Organisation:
        if self.instance is not None and organisation.pk != self.instance.organisation_id:
            raise serializers.ValidationError(_("A press release cannot move to another organisation."))
        return organisation

    def validate_translation_of(self, original: PressRelease) -> PressRelease:
        if self.instance is not None:
            raise serializers.ValidationError(_("Only a new release can be made a translation."))
        return original

    def validate(self, attrs: dict) -> dict:
        release = self.instance or PressRelease()
        original = attrs.pop("translation_of", None)
        for name, value in attrs.items():
            setattr(release, name, value)
        organisation = release.organisation if release.organisation_id else None
        errors = {}
        if original is not None:
            if organisation is not None and original.organisation_id != organisation.pk:
                errors["translation_of"] = [_("Choose a release of the same organisation.")]
            else:
                release.translation_group = original.translation_group
        known = releases_known_to(
            [*(self.drafting_organisations or []), *filter(None, [organisation])], now=self.context["now"]
        )
        shared = release_errors(
            release,
            organisation,
            language=release.language,
            contact=release.contact,
            project=release.project,
            slug=release.slug if "slug" in attrs else "",
            known=known,
        )
        errors.update({name: error.messages for name, error in shared.items()})
        if errors:
            raise serializers.ValidationError(errors)
        if not release.slug:
            release.slug = free_slug(release.headline, release=release, known=known)
        if release.pk is None:
            # The model requires an author, and release_save validates before it would set one.
            release.author = self.author
        release.full_clean()  # DRF turns its ValidationError into field errors
        self.release = release
        return attrs

    def create(self, validated_data: dict) -> PressRelease:
        raise NotImplementedError("The view saves through press.services.release_save.")

    def update(self, instance: PressRelease, validated_data: dict) -> PressRelease:
        raise NotImplementedError("The view saves through press.services.release_save.")
