"""Press releases in the REST API: /api/v1/press-releases/.

Anyone reads the listed releases (published, past their publish time, not
withdrawn) and any public release's page; a withdrawn release keeps its page,
saying so, without its text. Until its publish time a release is embargoed: a
404 for everyone but the organisation's press office, which also reads its
drafts (press.rules.releases_editable_by).

The press office writes with a token or a session: press officers and
organisers create drafts and change them (press.services.release_save);
press officers publish, now or at a later time (release_publish). A published
release changes only by correction, which the API does not offer. Another
organisation's unpublished release is a 404.
"""

from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from common.api_fields import valid_query
from common.api_language import LANGUAGE_CODES, JSONParser, RequestedLanguageMixin, language_parameters
from common.forms import ExistingSlugField
from events import rules as event_rules
from events.api.permissions import API_AUTHENTICATION, refuse_without_two_factor
from events.models import Membership, Organisation, Project
from press import rules, selectors, services
from press.api.serializers import (
    PressReleaseDetailSerializer,
    PressReleaseInputSerializer,
    PressReleaseSerializer,
    PublishInputSerializer,
    public_versions,
)
from press.models import PressRelease
from press.selectors import PressFilters
from press.validators import SLUG_TAKEN

Status = PressRelease.Status
WRITE_ACTIONS = {"create", "partial_update", "publish"}


class PressOperationRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "press_error"


class PressOfficeWrites(permissions.BasePermission):
    """Anyone reads. Writing needs a login as press officer or organiser of some
    host organisation (and two-factor login where the site requires it for
    staff); which releases, the queryset decides (releases_editable_by)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if not view.drafting_organisations.exists():
            raise PermissionDenied(
                _("Only press officers and organisers of a host organisation can write press releases.")
            )
        refuse_without_two_factor(user)
        return True


class PressReleaseFilterForm(forms.Form):
    """Validates ?language=&organisation=<slug>&project=<slug>&year= ."""

    language = forms.ChoiceField(required=False, choices=settings.LANGUAGES)
    organisation = ExistingSlugField(
        required=False,
        max_length=60,
        queryset=Organisation.objects.all(),
        unknown=_("There is no host organisation with this address."),
    )
    project = ExistingSlugField(
        required=False,
        max_length=60,
        queryset=Project.objects.all(),
        unknown=_("There is no project with this address."),
    )
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)

    def filters(self) -> PressFilters:
        return PressFilters(**self.cleaned_data)


FILTER_PARAMETERS = [
    OpenApiParameter("language", str, enum=LANGUAGE_CODES, description="Only releases in this language."),
    OpenApiParameter("organisation", str, description="Slug of the host organisation that issued them."),
    OpenApiParameter("project", str, description="Slug of the project they are about."),
    OpenApiParameter("year", int, description="Year of the dateline, e.g. 2031."),
]
LANGUAGE_PARAMETERS = language_parameters(
    "Language of error messages. A release's own texts are in its `language`."
)
ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description='Invalid input (errors by field), or the change is refused: {"detail": reason}.',
    ),
    401: OpenApiResponse(description="Not logged in (send Authorization: Token <key>)."),
    403: OpenApiResponse(
        description="Not in a host organisation's press office, two-factor login required for your "
        "role, or (publish) not a press officer of the release's organisation."
    ),
    404: OpenApiResponse(description="No such release among those you may change."),
}


@extend_schema_view(
    list=extend_schema(
        summary="Published press releases",
        description="Published releases past their publish time, newest first; withdrawn and "
        "embargoed ones are left out.",
        parameters=FILTER_PARAMETERS + LANGUAGE_PARAMETERS,
        responses={200: PressReleaseSerializer(many=True), 400: ERRORS[400]},
    ),
    retrieve=extend_schema(
        summary="A press release",
        description="Any public release; a withdrawn one says so, with its note and without its "
        "text. The organisation's press office also reads its drafts and scheduled releases.",
        parameters=LANGUAGE_PARAMETERS,
        responses={
            200: PressReleaseDetailSerializer,
            404: OpenApiResponse(description="No such public release (or still under embargo)."),
        },
    ),
    create=extend_schema(
        summary="Write a press release (as a draft)",
        description="For press officers and organisers of the organisation. To add a language "
        "version of a release, name it in `translation_of`.",
        parameters=LANGUAGE_PARAMETERS,
        request=PressReleaseInputSerializer,
        responses={201: PressReleaseDetailSerializer, **{code: ERRORS[code] for code in (400, 401, 403)}},
    ),
    partial_update=extend_schema(
        summary="Change a draft",
        description="Drafts and releases in review only: a published release changes only by "
        "correction, in the press area.",
        parameters=LANGUAGE_PARAMETERS,
        request=PressReleaseInputSerializer,
        responses={200: PressReleaseDetailSerializer, **ERRORS},
    ),
    publish=extend_schema(
        summary="Publish a draft, now or later",
        description="Press officers of the organisation only. With a future `publish_at` the "
        "release is scheduled: embargoed, invisible everywhere until then.",
        parameters=LANGUAGE_PARAMETERS,
        request=PublishInputSerializer,
        responses={200: PressReleaseDetailSerializer, **ERRORS},
    ),
)
@extend_schema(tags=["press releases"])
class PressReleaseViewSet(RequestedLanguageMixin, viewsets.GenericViewSet):
    queryset = PressRelease.objects.none()  # the model, for the schema; get_queryset decides
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    # Token first, so that a request without credentials gets 401 and WWW-Authenticate.
    authentication_classes = API_AUTHENTICATION
    permission_classes = [PressOfficeWrites]
    parser_classes = [JSONParser]
    filter_backends = []  # the filters are PressReleaseFilterForm's, validated in _filters()

    @cached_property
    def now(self):
        """One moment for the whole request: the embargo checks of a response agree."""
        return timezone.now()

    @cached_property
    def drafting_organisations(self) -> QuerySet[Organisation]:
        """Organisations the user may write releases for (organisers draft, press officers publish)."""
        return event_rules.organisations_where(
            self.request.user, Membership.Role.ORGANISER, Membership.Role.PRESS_OFFICER
        )

    def get_serializer_class(self):
        writing = self.action in {"create", "partial_update"}
        # OPTIONS describes what POST accepts.
        if writing or (self.action == "metadata" and self.request.method == "POST"):
            return PressReleaseInputSerializer
        if self.action == "publish":
            return PublishInputSerializer
        if self.action == "list":
            return PressReleaseSerializer
        return PressReleaseDetailSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": self.now}

    def get_queryset(self) -> QuerySet[PressRelease]:
        user = self.request.user
        if self.action in WRITE_ACTIONS:
            releases = rules.releases_editable_by(user)
        elif self.action == "list":
            return selectors.listed_releases(self._filters(), now=self.now)
        else:
            releases = PressRelease.objects.public(now=self.now)
            user = event_rules.with_staff_powers(user)
            if user.is_authenticated:
                releases = PressRelease.objects.filter(
                    pk__in=releases.values("pk")
                ) | PressRelease.objects.filter(pk__in=rules.releases_editable_by(user).values("pk"))
        return releases.select_related("organisation", "project")

    def _output(self, releases, serializer_class, **kwargs):
        rows = list(releases) if kwargs.get("many") else [releases]
        context = {**self.get_serializer_context(), "translations": public_versions(rows, now=self.now)}
        return serializer_class(releases, context=context, **kwargs).data

    def _detail(self, release: PressRelease, **kwargs) -> Response:
        release = PressRelease.objects.select_related("organisation", "project").get(pk=release.pk)
        return Response(self._output(release, PressReleaseDetailSerializer), **kwargs)

    def _input(self, *args, **kwargs) -> PressReleaseInputSerializer:
        organisations = self.drafting_organisations
        return PressReleaseInputSerializer(
            *args,
            drafting_organisations=organisations,
            translatable=PressRelease.objects.filter(organisation__in=organisations),
            author=self.request.user,
            context=self.get_serializer_context(),
            **kwargs,
        )

    def _save(self, release: PressRelease) -> PressRelease:
        try:
            with transaction.atomic():
                return services.release_save(release=release, actor=self.request.user)
        except services.PressError as error:
            raise PressOperationRefused(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error)) from error
        except IntegrityError as error:
            # Only a concurrent request taking the same slug gets here: full_clean checked the rest.
            raise ValidationError({"slug": [SLUG_TAKEN]}) from error

    def _filters(self) -> PressFilters:
        return valid_query(PressReleaseFilterForm(self.request.query_params)).filters()

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self._output(page, PressReleaseSerializer, many=True))

    def get_object(self) -> PressRelease:
        """The release at this address among those the person may see. Slugs are unique
        per organisation, so two organisations' releases may share one: the public one
        that became public first comes first (the one /press/<slug>/ shows), then the
        others, oldest first."""
        release = (
            self.get_queryset()
            .filter(slug=self.kwargs["slug"])
            .order_by(F("publish_at").asc(nulls_last=True), "pk")
            .first()
        )
        if release is None:
            raise Http404
        self.check_object_permissions(self.request, release)
        return release

    def retrieve(self, request, slug: str):
        return Response(self._output(self.get_object(), PressReleaseDetailSerializer))

    def create(self, request):
        serializer = self._input(data=request.data)
        serializer.is_valid(raise_exception=True)
        release = self._save(serializer.release)
        location = request.build_absolute_uri(
            reverse("api:press-release-detail", kwargs={"slug": release.slug})
        )
        return self._detail(release, status=status.HTTP_201_CREATED, headers={"Location": location})

    def partial_update(self, request, slug: str):
        release = self.get_object()
        if release.status not in (Status.DRAFT, Status.REVIEW):
            raise PressOperationRefused(_("A published release changes only through a correction."))
        serializer = self._input(release, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return self._detail(self._save(serializer.release))

    @action(detail=True, methods=["post"])
    def publish(self, request, slug: str):
        release = self.get_object()
        if not rules.may_publish(request.user, release):
            raise PermissionDenied(_("Only the organisation's press officers may publish."))
        serializer = PublishInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            release = services.release_publish(
                release=release,
                actor=request.user,
                publish_at=serializer.validated_data.get("publish_at"),
                now=self.now,
            )
        except services.PressError as error:
            raise PressOperationRefused(str(error)) from error
        return self._detail(release)
