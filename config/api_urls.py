"""REST API (/api/v1/), its OpenAPI schema (/api/schema/) and docs (/api/docs/).

The docs page is Swagger UI from drf-spectacular-sidecar, served by the split
view: its start-up script is a separate file (/api/docs/?script=), so the page
needs no inline script under the strict Content-Security-Policy.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from certificates.api.views import (
    CertificateVerificationView,
    CertificateViewSet,
    SeminarCertificatesIssueView,
)
from evaluations.api.views import EvaluationResponseView, EvaluationResultsView, EvaluationView
from events.api.views import SeminarViewSet
from press.api.views import PressReleaseViewSet
from registrations.api.views import RegistrationViewSet, SeminarRegistrationViewSet, SeminarSeatsView

app_name = "api"


class Router(DefaultRouter):
    # ?format= is a seminar filter here, and .json suffixes would double every path.
    include_format_suffixes = False


router = Router()
router.register("seminars", SeminarViewSet, basename="seminar")
router.register("registrations", RegistrationViewSet, basename="registration")
router.register("press-releases", PressReleaseViewSet, basename="press-release")
router.register("certificates", CertificateViewSet, basename="certificate")
router.register(
    r"manage/seminars/(?P<seminar_slug>[\w-]+)/registrations",
    SeminarRegistrationViewSet,
    basename="seminar-registration",
)

urlpatterns = [
    path("v1/seminars/<slug:slug>/seats/", SeminarSeatsView.as_view(), name="seminar-seats"),
    path("v1/seminars/<slug:slug>/evaluation/", EvaluationView.as_view(), name="seminar-evaluation"),
    path(
        "v1/seminars/<slug:slug>/evaluation/response/",
        EvaluationResponseView.as_view(),
        name="seminar-evaluation-response",
    ),
    path(
        "v1/manage/seminars/<slug:slug>/evaluation/results/",
        EvaluationResultsView.as_view(),
        name="seminar-evaluation-results",
    ),
    # Before the router: "verify" is no certificate id.
    path(
        "v1/certificates/verify/<str:code>/",
        CertificateVerificationView.as_view(),
        name="certificate-verification",
    ),
    path(
        "v1/manage/seminars/<slug:slug>/certificates/issue/",
        SeminarCertificatesIssueView.as_view(),
        name="seminar-certificates-issue",
    ),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
