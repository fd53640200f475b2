"""A throwaway API, broken on purpose, that the fuzzing checks must catch (URLconf for one test).

Each view documents a 200 with a count and answers otherwise: one crashes (a
500), one answers a status its schema does not list, one a body its schema does
not describe. The last one keeps its word, so the checks are seen passing too.
"""

from django.urls import path
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class CountSerializer(serializers.Serializer):
    count = serializers.IntegerField()


class BrokenView(APIView):
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = []

    def answer(self) -> Response:
        return Response({"count": 1})

    @extend_schema(responses={200: CountSerializer})
    def get(self, request):
        return self.answer()


class CrashingView(BrokenView):
    def answer(self) -> Response:
        raise RuntimeError("deliberately broken")


class UndocumentedStatusView(BrokenView):
    def answer(self) -> Response:
        return Response({"count": 1}, status=418)


class WrongShapeView(BrokenView):
    def answer(self) -> Response:
        return Response({"count": "many"})


urlpatterns = [
    path("broken/crash/", CrashingView.as_view()),
    path("broken/undocumented-status/", UndocumentedStatusView.as_view()),
    path("broken/wrong-shape/", WrongShapeView.as_view()),
    path("broken/as-documented/", BrokenView.as_view()),
    path("broken/schema/", SpectacularAPIView.as_view(urlconf="tests.config.fuzz_broken_api")),
]
