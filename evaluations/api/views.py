"""Evaluations in the REST API.

GET  /api/v1/seminars/<slug>/evaluation/           the questionnaire, for the seminar's participants
POST /api/v1/seminars/<slug>/evaluation/response/  my answers (once; attendees; while open)
GET  /api/v1/manage/seminars/<slug>/evaluation/results/  results, for the seminar's organisers

A seminar where the person holds no confirmed registration (or does not
organise) is a 404; a refused answer is a 400 with its translated reason.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, status
from rest_framework.response import Response

from common.api_language import LANGUAGE_PARAMETERS, RequestedLanguageMixin
from evaluations import reports, selectors, services
from evaluations.api.serializers import QuestionnaireSerializer, ResponseInputSerializer, ResultsSerializer
from evaluations.models import Phase, Questionnaire
from events import selectors as event_selectors
from events.api.permissions import API_AUTHENTICATION, NOT_LOGGED_IN, OrganisersWithTwoFactor
from events.models import Seminar
from registrations.models import Registration

ERRORS = {
    401: NOT_LOGGED_IN,
    404: OpenApiResponse(description="No evaluation of a seminar you are registered for."),
}


def _my_seminars(user) -> QuerySet[Seminar]:
    registered = Registration.objects.filter(user=user, status=Registration.Status.CONFIRMED)
    return Seminar.objects.filter(registrations__in=registered).distinct()


def _questionnaire(seminar: Seminar) -> Questionnaire:
    questionnaire = Questionnaire.objects.filter(seminar=seminar).first()
    if questionnaire is None or not services.questions_for(questionnaire, Phase.POST):
        raise Http404
    return questionnaire


class EvaluationView(RequestedLanguageMixin, generics.GenericAPIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = QuestionnaireSerializer

    @extend_schema(
        summary="The evaluation of a seminar",
        description="The questions asked after the seminar, and whether you can answer now.",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: QuestionnaireSerializer, 401: ERRORS[401], 404: ERRORS[404]},
    )
    def get(self, request, slug: str):
        seminar = get_object_or_404(_my_seminars(request.user), slug=slug)
        questionnaire = _questionnaire(seminar)
        data = {
            "seminar": seminar,
            "phase": Phase.POST,
            "anonymous": questionnaire.anonymous,
            "state": selectors.answer_state(questionnaire, seminar, request.user, Phase.POST),
            "closes_at": questionnaire.closes_at,
            "questions": services.questions_for(questionnaire, Phase.POST),
        }
        return Response(self.get_serializer(data).data)


class EvaluationResponseView(RequestedLanguageMixin, generics.GenericAPIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated]
    serializer_class = ResponseInputSerializer

    @extend_schema(
        summary="Answer the evaluation of a seminar",
        description="Once per person, by attendees, while the evaluation is open; every required "
        "question needs an answer. For an anonymous evaluation the answers are stored without "
        "any link to you.",
        parameters=LANGUAGE_PARAMETERS,
        request=ResponseInputSerializer,
        responses={
            201: OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": "..."}'),
            400: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description='Refused: {"detail": reason, "answers": {question id: reason}}.',
            ),
            401: ERRORS[401],
            404: ERRORS[404],
        },
    )
    def post(self, request, slug: str):
        seminar = get_object_or_404(_my_seminars(request.user), slug=slug)
        _questionnaire(seminar)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            services.response_submit(
                seminar=seminar,
                user=request.user,
                phase=Phase.POST,
                answers=serializer.validated_data["answers"],
            )
        except services.AnswersInvalid as invalid:
            body = {
                "detail": str(invalid),
                "answers": {str(key): str(value) for key, value in invalid.errors.items()},
            }
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except services.EvaluationError as refused:
            return Response({"detail": str(refused)}, status=status.HTTP_400_BAD_REQUEST)
        return Response({"detail": "saved"}, status=status.HTTP_201_CREATED)


class EvaluationResultsView(RequestedLanguageMixin, generics.GenericAPIView):
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated, OrganisersWithTwoFactor]
    serializer_class = ResultsSerializer

    @extend_schema(
        summary="Evaluation results of a seminar",
        description="Response rate, and with 5 responses or more the distribution and average of each "
        "rating, the choices, the free texts (alphabetical) and the learning gain. Answers are "
        "published in groups of 5 in a shuffled order, so that no single answer can be told apart "
        "as it arrives; `waiting` counts those not published yet.",
        parameters=LANGUAGE_PARAMETERS,
        responses={
            200: ResultsSerializer,
            401: ERRORS[401],
            404: OpenApiResponse(description="No seminar you organise."),
        },
    )
    def get(self, request, slug: str):
        seminar = event_selectors.seminar_at(event_selectors.seminars_managed_by(request.user), slug)
        return Response(self.get_serializer(reports.seminar_results(seminar)).data)
