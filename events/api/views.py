"""Seminars in the REST API: /api/v1/seminars/.

Anyone reads published (and publicly cancelled) seminars; organisers also read
their own organisations' drafts, and create, change, publish and cancel them.
Who may do what comes from events.rules; another organisation's seminar is a 404.
"""

from functools import cached_property

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from common.api_language import LANGUAGE_PARAMETERS, JSONParser, QueryFormatIsAFilter, RequestedLanguageMixin
from common.api_serializers import form_errors
from events import rules, selectors, services
from events.api.permissions import API_AUTHENTICATION, refuse_without_two_factor
from events.api.serializers import (
    SeminarCancelledSerializer,
    SeminarDetailSerializer,
    SeminarInputSerializer,
    SeminarSerializer,
)
from events.filters import SeminarFilterForm
from events.models import Seminar

WRITE_ACTIONS = {"create", "update", "partial_update", "publish", "cancel"}


class SeminarOperationRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "seminar_error"


class OrganisersWrite(permissions.BasePermission):
    """Anyone reads. Writing needs a login as organiser of some host organisation;
    which seminars, the queryset decides (seminars_managed_by)."""

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated):
            return False
        refuse_without_two_factor(user)
        if not view.managed_organisation_ids:
            raise PermissionDenied(_("Only organisers of a host organisation can change seminars."))
        return True


FILTER_PARAMETERS = [
    OpenApiParameter(
        "country", str, description="ISO 3166-1 alpha-2 code of the venue's country, e.g. SI, GR, RO."
    ),
    OpenApiParameter(
        "when",
        str,
        enum=["upcoming", "past"],
        description="Upcoming (not yet ended) or past seminars; both when left out.",
    ),
    OpenApiParameter("group", str, description="Slug of a professional group the seminar addresses."),
    OpenApiParameter("format", str, enum=Seminar.Format.values),
    OpenApiParameter("q", str, description="Words to find in the title, summary, city or organisation."),
]
UPDATE_DESCRIPTION = (
    "The same rules as the organiser's edit page: the capacity cannot go below the seats already "
    "taken (400 at `capacity`), and new seats are offered to the waiting list; people holding a "
    "seat are told by email when the times, venue, format or join link change."
)
ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input: errors by field."),
    401: OpenApiResponse(description="Not logged in (send Authorization: Token <key>)."),
    403: OpenApiResponse(description="Not an organiser of any host organisation."),
    404: OpenApiResponse(description="No such seminar among those you organise."),
}


@extend_schema_view(
    list=extend_schema(
        summary="Published seminars",
        description="Published and publicly cancelled seminars; for organisers also their own drafts.",
        parameters=FILTER_PARAMETERS + LANGUAGE_PARAMETERS,
        responses={200: SeminarSerializer(many=True), 400: ERRORS[400]},
    ),
    retrieve=extend_schema(
        summary="A seminar with its agenda",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: SeminarDetailSerializer, 404: OpenApiResponse(description="No such public seminar.")},
    ),
    create=extend_schema(
        summary="Create a seminar (as a draft)",
        request=SeminarInputSerializer,
        responses={201: SeminarDetailSerializer, **{code: ERRORS[code] for code in (400, 401, 403)}},
    ),
    update=extend_schema(
        summary="Replace a seminar's details",
        description=UPDATE_DESCRIPTION,
        request=SeminarInputSerializer,
        responses={200: SeminarDetailSerializer, **ERRORS},
    ),
    partial_update=extend_schema(
        summary="Change some of a seminar's details",
        description=UPDATE_DESCRIPTION,
        request=SeminarInputSerializer,
        responses={200: SeminarDetailSerializer, **ERRORS},
    ),
    publish=extend_schema(
        summary="Publish a draft",
        request=None,
        responses={200: SeminarDetailSerializer, **ERRORS},
    ),
    cancel=extend_schema(
        summary="Cancel a seminar",
        description="Every active registration (confirmed, awaiting approval, waiting or offered a "
        "seat) is cancelled and its person is told by email; `registrants_told` says how many. "
        "A public seminar stays visible, marked cancelled. The same as cancelling in the organiser area.",
        request=None,
        responses={200: SeminarCancelledSerializer, **ERRORS},
    ),
)
@extend_schema(tags=["seminars"])
class SeminarViewSet(RequestedLanguageMixin, viewsets.GenericViewSet):
    queryset = Seminar.objects.none()  # the model, for the schema; get_queryset decides
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"  # anything else is a 404 before any query
    # Token first, so that a request without credentials gets 401 and WWW-Authenticate.
    authentication_classes = API_AUTHENTICATION
    permission_classes = [OrganisersWrite]
    parser_classes = [JSONParser]
    content_negotiation_class = QueryFormatIsAFilter
    filter_backends = []  # the filters are SeminarFilterForm's, validated in list()

    @cached_property
    def managed_organisation_ids(self) -> frozenset[int]:
        organisations = rules.organisations_managed_by(rules.with_staff_powers(self.request.user))
        return frozenset(organisations.values_list("pk", flat=True))

    def get_serializer_class(self):
        writing = self.action in {"create", "update", "partial_update"}
        # OPTIONS describes what POST and PUT accept.
        if writing or (self.action == "metadata" and self.request.method in {"POST", "PUT"}):
            return SeminarInputSerializer
        if self.action == "list":
            return SeminarSerializer
        return SeminarDetailSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "managed_organisation_ids": self.managed_organisation_ids}

    def get_queryset(self) -> QuerySet[Seminar]:
        if self.action in WRITE_ACTIONS:
            return selectors.seminars_managed_by(self.request.user)
        return selectors.with_agenda(self._visible_seminars())

    def _visible_seminars(self, filters: selectors.SeminarFilters | None = None) -> QuerySet[Seminar]:
        """Public seminars, and for organisers also their own unpublished ones."""
        return selectors.seminars_visible_to(rules.with_staff_powers(self.request.user), filters)

    def _filters(self) -> selectors.SeminarFilters:
        form = SeminarFilterForm(self.request.query_params)
        if not form.is_valid():
            raise form_errors(form)
        return form.filters()

    def _detail(self, seminar: Seminar) -> dict:
        seminar = selectors.with_agenda(
            Seminar.objects.select_related("venue", "organisation", "project")
        ).get(pk=seminar.pk)
        return SeminarDetailSerializer(seminar, context=self.get_serializer_context()).data

    def _serializer_for_input(self, *args, **kwargs) -> SeminarInputSerializer:
        organisations = rules.organisations_managed_by(self.request.user)
        return SeminarInputSerializer(
            *args, managed_organisations=organisations, context=self.get_serializer_context(), **kwargs
        )

    def list(self, request):
        seminars = selectors.without_descriptions(self._visible_seminars(self._filters())).prefetch_related(
            "target_groups"
        )
        page = self.paginate_queryset(seminars)
        serializer = SeminarSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def get_object(self) -> Seminar:
        """Among the seminars the person may see or change (selectors.seminar_at: the
        published one first, should a coordinator see two drafts at one address)."""
        seminar = selectors.seminar_at(self.get_queryset(), self.kwargs["slug"])
        self.check_object_permissions(self.request, seminar)
        return seminar

    def retrieve(self, request, slug: str):
        return Response(
            SeminarDetailSerializer(self.get_object(), context=self.get_serializer_context()).data
        )

    def create(self, request):
        serializer = self._serializer_for_input(data=request.data)
        serializer.is_valid(raise_exception=True)
        seminar = serializer.save()
        location = request.build_absolute_uri(reverse("api:seminar-detail", kwargs={"slug": seminar.slug}))
        return Response(self._detail(seminar), status=status.HTTP_201_CREATED, headers={"Location": location})

    def update(self, request, slug: str, partial: bool = False):
        serializer = self._serializer_for_input(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                seminar = services.seminar_update(seminar=serializer.seminar, actor=request.user)
                if "target_groups" in serializer.validated_data:
                    seminar.target_groups.set(serializer.validated_data["target_groups"])
        except services.CapacityRefused as error:
            raise ValidationError({"capacity": [str(error)]}) from error
        return Response(self._detail(seminar))

    def partial_update(self, request, slug: str):
        return self.update(request, slug, partial=True)

    @action(detail=True, methods=["post"])
    def publish(self, request, slug: str):
        return self._state_change(services.seminar_publish)

    @action(detail=True, methods=["post"])
    def cancel(self, request, slug: str):
        seminar = self.get_object()
        try:
            told = services.seminar_cancel(seminar=seminar, actor=request.user)
        except services.SeminarError as error:
            raise SeminarOperationRefused(str(error)) from error
        return Response({**self._detail(seminar), "registrants_told": told})

    def _state_change(self, service) -> Response:
        seminar = self.get_object()
        try:
            service(seminar=seminar, actor=self.request.user)
        except services.SeminarError as error:
            raise SeminarOperationRefused(str(error)) from error
        except DjangoValidationError as error:
            raise ValidationError(as_serializer_error(error)) from error
        return Response(self._detail(seminar))
