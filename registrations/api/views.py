"""Registrations in the REST API.

/api/v1/registrations/ is the person's own: list, register, read, cancel, and
confirm a seat offered from the waiting list.
/api/v1/manage/seminars/<slug>/registrations/ is for the organisers of the
seminar's host organisation: list the registrations, approve and reject them.

The views parse input and call registrations.services; a refused change
(RegistrationError) is a 400 with its translated reason as "detail". Another
person's registration, and a seminar one does not organise, is a 404.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from common.api_language import LANGUAGE_PARAMETERS, JSONParser, RequestedLanguageMixin
from events import selectors as event_selectors
from events.api.permissions import (
    API_AUTHENTICATION,
    NOT_LOGGED_IN,
    ORGANISER_ERRORS,
    OrganisersWithTwoFactor,
)
from events.models import Seminar
from registrations import selectors, services
from registrations.api.serializers import (
    ApprovalResultSerializer,
    DecisionInputSerializer,
    RegistrationInputSerializer,
    RegistrationSerializer,
    RejectionResultSerializer,
    SeminarRegistrationSerializer,
    SeminarSeatsSerializer,
)
from registrations.models import Answer, Registration

Status = Registration.Status


class RegistrationRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "registration_error"


class RegistrationRateThrottle(UserRateThrottle):
    """Registering is limited per person, not per network address: colleagues
    register from the same office network. The rate is the "registrations"
    entry of DEFAULT_THROTTLE_RATES."""

    scope = "registrations"


def _refused(error: services.RegistrationError) -> RegistrationRefused:
    return RegistrationRefused(str(error))


ERRORS = {
    400: OpenApiResponse(
        OpenApiTypes.OBJECT,
        description='Invalid input (errors by field), or the change is refused: {"detail": reason}.',
    ),
    401: NOT_LOGGED_IN,
    404: OpenApiResponse(description="No such registration among yours."),
}
REGISTER_DESCRIPTION = (
    "The registration's status says what happened: `confirmed` (a seat is yours), `pending` "
    "(the organisers approve each registration), or `waitlisted` (the seminar or your group's "
    "seats are full; you are offered a seat by email when one frees up)."
)


@extend_schema_view(
    list=extend_schema(
        summary="My registrations",
        description="The logged-in person's registrations, newest first, ended ones included.",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: RegistrationSerializer(many=True), 401: ERRORS[401]},
    ),
    retrieve=extend_schema(
        summary="One of my registrations",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: RegistrationSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    ),
    create=extend_schema(
        summary="Register for a seminar",
        description=REGISTER_DESCRIPTION + " Limited per person (see 429). A confirmation email follows.",
        parameters=LANGUAGE_PARAMETERS,
        request=RegistrationInputSerializer,
        responses={
            201: RegistrationSerializer,
            400: ERRORS[400],
            401: ERRORS[401],
            429: OpenApiResponse(description="Too many registration attempts; see Retry-After."),
        },
    ),
    cancel=extend_schema(
        summary="Cancel my registration",
        description="Possible until the seminar starts; a freed seat is offered to the waiting list.",
        parameters=LANGUAGE_PARAMETERS,
        request=None,
        responses={200: RegistrationSerializer, **ERRORS},
    ),
    confirm_offer=extend_schema(
        summary="Take the seat offered to me",
        description="When status is `offered`, before offer_expires_at.",
        parameters=LANGUAGE_PARAMETERS,
        request=None,
        responses={200: RegistrationSerializer, **ERRORS},
    ),
)
@extend_schema(tags=["registrations"])
class RegistrationViewSet(RequestedLanguageMixin, viewsets.GenericViewSet):
    """The logged-in person's own registrations."""

    queryset = Registration.objects.none()  # the model, for the schema; get_queryset decides
    serializer_class = RegistrationSerializer
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    filter_backends = []

    def get_throttles(self):
        throttles = super().get_throttles()
        if self.action == "create":
            throttles.append(RegistrationRateThrottle())
        return throttles

    def get_serializer_class(self):
        # By the route's POST action, so that OPTIONS describes what POST accepts.
        if self.action_map.get("post") == "create":
            return RegistrationInputSerializer
        return RegistrationSerializer

    def get_queryset(self) -> QuerySet[Registration]:
        own = selectors.registrations_of(self.request.user).select_related("professional_group")
        return selectors.with_waitlist_position(own).order_by("-created_at", "-pk")

    def _output(self, registration: Registration, **kwargs) -> Response:
        registration = self.get_queryset().get(pk=registration.pk)
        return Response(
            RegistrationSerializer(registration, context=self.get_serializer_context()).data, **kwargs
        )

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        serializer = RegistrationSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    def retrieve(self, request, pk: str):
        return Response(RegistrationSerializer(self.get_object(), context=self.get_serializer_context()).data)

    def create(self, request):
        serializer = RegistrationInputSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            registration = services.registration_create(user=request.user, **serializer.validated_data)
        except services.RegistrationError as error:
            raise _refused(error) from error
        location = request.build_absolute_uri(
            reverse("api:registration-detail", kwargs={"pk": registration.pk})
        )
        return self._output(registration, status=status.HTTP_201_CREATED, headers={"Location": location})

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk: str):
        registration = self.get_object()
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except services.RegistrationError as error:
            raise _refused(error) from error
        return self._output(registration)

    @action(detail=True, methods=["post"], url_path="confirm-offer")
    def confirm_offer(self, request, pk: str):
        registration = self.get_object()
        try:
            services.offer_confirm(registration=registration)
        except services.RegistrationError as error:
            raise _refused(error) from error
        return self._output(registration)


SEMINAR_PARAMETER = OpenApiParameter(
    "seminar_slug", str, OpenApiParameter.PATH, description="Slug of a seminar you organise."
)
STATUS_PARAMETER = OpenApiParameter(
    "status", str, enum=Status.values, description="Only registrations with this status."
)


@extend_schema_view(
    list=extend_schema(
        summary="A seminar's registrations",
        description="In the order they came, with the participants' details and answers.",
        parameters=[STATUS_PARAMETER, *LANGUAGE_PARAMETERS],
        responses={200: SeminarRegistrationSerializer(many=True), **ORGANISER_ERRORS},
    ),
    approve=extend_schema(
        summary="Approve registrations",
        description="Registrations awaiting approval get a seat, in the order they came, while there "
        "are seats within their group's quota; the others join the waiting list. Each person gets "
        "an email with the message. Others are left unchanged.",
        parameters=LANGUAGE_PARAMETERS,
        request=DecisionInputSerializer,
        responses={200: ApprovalResultSerializer, **ORGANISER_ERRORS},
    ),
    reject=extend_schema(
        summary="Reject registrations",
        description="Active registrations (awaiting approval, confirmed, waiting, offered) are not "
        "accepted; each person gets an email with the message. Freed seats go to the waiting list.",
        parameters=LANGUAGE_PARAMETERS,
        request=DecisionInputSerializer,
        responses={200: RejectionResultSerializer, **ORGANISER_ERRORS},
    ),
)
@extend_schema(tags=["seminar registrations"], parameters=[SEMINAR_PARAMETER])
class SeminarRegistrationViewSet(RequestedLanguageMixin, viewsets.GenericViewSet):
    """Registrations of a seminar, for the organisers of its host organisation."""

    queryset = Registration.objects.none()  # the model, for the schema; get_queryset decides
    serializer_class = SeminarRegistrationSerializer
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated, OrganisersWithTwoFactor]
    parser_classes = [JSONParser]
    filter_backends = []

    def get_serializer_class(self):
        # By the route's POST action, so that OPTIONS describes what POST accepts.
        if self.action_map.get("post") in {"approve", "reject"}:
            return DecisionInputSerializer
        return SeminarRegistrationSerializer

    @cached_property
    def seminar(self) -> Seminar:
        return event_selectors.seminar_at(
            event_selectors.seminars_managed_by(self.request.user), self.kwargs["seminar_slug"]
        )

    def get_queryset(self) -> QuerySet[Registration]:
        answers = Answer.objects.select_related("question__seminar")
        registrations = (
            Registration.objects.filter(seminar=self.seminar)
            .select_related("seminar", "user", "professional_group")
            .prefetch_related(Prefetch("answers", queryset=answers))
        )
        return selectors.with_waitlist_position(registrations)

    def _chosen(self, request) -> tuple[list[int], list[Registration], str]:
        seminar = self.seminar  # 404 for a seminar the user does not organise, before reading the body
        serializer = DecisionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = serializer.validated_data["ids"]
        registrations = list(Registration.objects.filter(seminar=seminar, pk__in=ids))
        unknown = sorted(set(ids) - {registration.pk for registration in registrations})
        if unknown:
            raise ValidationError(
                {
                    "ids": [
                        _("These are not registrations of this seminar: %(ids)s.")
                        % {"ids": ", ".join(str(number) for number in unknown)}
                    ]
                }
            )
        return ids, registrations, serializer.validated_data["message"]

    def list(self, request, seminar_slug: str):
        registrations = self.get_queryset()
        wanted = request.query_params.get("status")
        if wanted:
            field = forms.ChoiceField(choices=Status.choices)
            try:
                registrations = registrations.filter(status=field.clean(wanted))
            except DjangoValidationError as error:
                raise ValidationError({"status": error.messages}) from error
        page = self.paginate_queryset(registrations)
        serializer = SeminarRegistrationSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)

    @action(detail=False, methods=["post"])
    def approve(self, request, seminar_slug: str):
        ids, registrations, message = self._chosen(request)
        confirmed, waitlisted = services.registrations_approve(
            registrations=registrations, actor=request.user, message=message
        )
        changed = {registration.pk for registration in confirmed + waitlisted}
        result = {
            "confirmed": [registration.pk for registration in confirmed],
            "waitlisted": [registration.pk for registration in waitlisted],
            "unchanged": [number for number in ids if number not in changed],
        }
        return Response(ApprovalResultSerializer(result).data)

    @action(detail=False, methods=["post"])
    def reject(self, request, seminar_slug: str):
        ids, registrations, message = self._chosen(request)
        now = timezone.now()
        services.registrations_reject(
            registrations=registrations, actor=request.user, message=message, now=now
        )
        # The service counts; the rows it ended carry this call's moment.
        rejected = set(
            Registration.objects.filter(pk__in=ids, status=Status.REJECTED, ended_at=now).values_list(
                "pk", flat=True
            )
        )
        result = {
            "rejected": [number for number in ids if number in rejected],
            "unchanged": [number for number in ids if number not in rejected],
        }
        return Response(RejectionResultSerializer(result).data)


@extend_schema(
    tags=["seminars"],
    summary="Seats left in a seminar",
    description="Seats left overall and for each professional group with a quota; "
    "whether registration is open. Public, for published seminars.",
    parameters=LANGUAGE_PARAMETERS,
    responses={200: SeminarSeatsSerializer, 404: OpenApiResponse(description="No such published seminar.")},
)
class SeminarSeatsView(RequestedLanguageMixin, generics.GenericAPIView):
    serializer_class = SeminarSeatsSerializer
    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    def get(self, request, slug: str):
        seminar = get_object_or_404(Seminar.objects.published(), slug=slug)
        seats = selectors.seats_left(seminar)
        data = {
            "capacity": seats.capacity,
            "overall": seats.overall,
            "groups": seats.groups,
            "registration": selectors.registration_phase(seminar).value,
        }
        return Response(self.get_serializer(data).data)
