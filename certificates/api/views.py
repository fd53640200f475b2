"""Certificates in the REST API.

/api/v1/certificates/ is the holder's own: list, and download a valid one's PDF
(another person's, a revoked one and an unknown id are the same 404).
/api/v1/certificates/verify/{code}/ is for anyone (employers, auditors): what the
certificate with this code or serial number states and whether it is valid;
anonymous, throttled per client address; an unknown code is a 404.
/api/v1/manage/seminars/{slug}/certificates/issue/ is for the organisers of the
seminar's host organisation: start issuing (certificates.services).
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, permissions, renderers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle

from certificates import selectors, services
from certificates.api.serializers import (
    CertificateSerializer,
    CertifiedFactsSerializer,
    IssueResultSerializer,
)
from certificates.models import Certificate
from common.api_language import LANGUAGE_PARAMETERS, JSONParser, RequestedLanguageMixin
from common.files import private_file_response
from events import selectors as event_selectors
from events.api.permissions import API_AUTHENTICATION, ORGANISER_ERRORS, OrganisersWithTwoFactor


class PDFRenderer(renderers.BaseRenderer):
    """Lets a client ask for application/pdf; the file itself is a FileResponse."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class VerificationRateThrottle(AnonRateThrottle):
    """Verification is anonymous: limited per client address, by the
    "certificate_verification" entry of DEFAULT_THROTTLE_RATES."""

    scope = "certificate_verification"


class IssuanceRefused(APIException):
    """A certificate rule refused the request: a 400 with the translated reason as "detail"."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "certificate_error"


UNAUTHENTICATED = OpenApiResponse(description="Not logged in (send Authorization: Token <key>).")


@extend_schema_view(
    list=extend_schema(
        summary="My certificates",
        description="The logged-in person's certificates, newest first, revoked ones included.",
        parameters=LANGUAGE_PARAMETERS,
        responses={200: CertificateSerializer(many=True), 401: UNAUTHENTICATED},
    ),
    pdf=extend_schema(
        summary="Download one of my certificates",
        description="The PDF as issued (its SHA-256 is the certificate's sha256). Not for revoked ones.",
        parameters=LANGUAGE_PARAMETERS,
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF file."),
            401: UNAUTHENTICATED,
            403: OpenApiResponse(
                description="The seminar asks for its evaluation first; the detail links to it."
            ),
            404: OpenApiResponse(description="No such valid certificate among yours."),
        },
    ),
)
@extend_schema(tags=["certificates"])
class CertificateViewSet(RequestedLanguageMixin, viewsets.GenericViewSet):
    """The logged-in person's own certificates."""

    queryset = Certificate.objects.none()  # the model, for the schema; get_queryset decides
    serializer_class = CertificateSerializer
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [JSONParser]
    filter_backends = []
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return selectors.certificates_of(self.request.user)

    def list(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=True, methods=["get"], renderer_classes=[renderers.JSONRenderer, PDFRenderer])
    def pdf(self, request, pk: str):
        certificate = get_object_or_404(selectors.downloadable_by(request.user), pk=pk)
        if not selectors.evaluation_answered_if_required(certificate):
            raise PermissionDenied(
                _("Answer the seminar's evaluation first: %(url)s")
                % {
                    "url": request.build_absolute_uri(
                        reverse("evaluations:answer", kwargs={"slug": certificate.seminar.slug})
                    )
                }
            )
        return private_file_response(
            certificate.pdf, filename=f"{certificate.serial}.pdf", content_type="application/pdf"
        )

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON, also for a client that asked for application/pdf.
        if isinstance(response, Response) and isinstance(
            getattr(request, "accepted_renderer", None), PDFRenderer
        ):
            request.accepted_renderer = renderers.JSONRenderer()
            request.accepted_media_type = request.accepted_renderer.media_type
        return super().finalize_response(request, response, *args, **kwargs)


@extend_schema(
    tags=["certificates"],
    summary="Verify a certificate",
    description="For anyone a certificate is shown to: whether the certificate with this code (printed "
    "under its QR code) or serial number is valid or revoked, and what it states. Anonymous; limited "
    "per client address (see 429).",
    parameters=[
        OpenApiParameter(
            "code",
            str,
            OpenApiParameter.PATH,
            description="The verification code, or the serial number as printed (any case, spaces allowed).",
        ),
        *LANGUAGE_PARAMETERS,
    ],
    responses={
        200: CertifiedFactsSerializer,
        404: OpenApiResponse(
            OpenApiTypes.OBJECT, description='No certificate has this code or serial number: {"detail": ...}.'
        ),
        429: OpenApiResponse(description="Too many requests; see Retry-After."),
    },
)
@method_decorator(never_cache, name="dispatch")  # the holder's name: no cache keeps it, like the page
class CertificateVerificationView(RequestedLanguageMixin, generics.GenericAPIView):
    serializer_class = CertifiedFactsSerializer
    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [VerificationRateThrottle]

    def get(self, request, code: str):
        certificate = selectors.certificate_with_code(code)
        if certificate is None:
            raise NotFound(_("No certificate has this code or serial number."))
        facts = self.get_serializer(certificate).data
        facts["holder_name"] = selectors.holder_as_shown(certificate, code)
        return Response(facts)


@extend_schema(
    tags=["certificates"],
    summary="Issue a seminar's certificates",
    description="Starts issuing certificates to every registration that attended enough and has no "
    "valid certificate: one background task each, so `issued` grows after the answer. Safe to repeat: "
    "nobody gets two certificates, and nobody whose certificate was revoked gets a new one "
    "(`skipped_revoked` says how many). Each holder gets an email. Refused (400) before the seminar has ended.",
    parameters=[
        OpenApiParameter("slug", str, OpenApiParameter.PATH, description="Slug of a seminar you organise."),
        *LANGUAGE_PARAMETERS,
    ],
    request=None,
    responses={
        202: IssueResultSerializer,
        400: OpenApiResponse(
            OpenApiTypes.OBJECT, description='The seminar has not ended yet: {"detail": ...}.'
        ),
        **{code: ORGANISER_ERRORS[code] for code in (401, 403, 404)},
    },
)
class SeminarCertificatesIssueView(RequestedLanguageMixin, generics.GenericAPIView):
    serializer_class = IssueResultSerializer
    authentication_classes = API_AUTHENTICATION
    permission_classes = [permissions.IsAuthenticated, OrganisersWithTwoFactor]
    parser_classes = [JSONParser]

    def post(self, request, slug: str):
        seminar = event_selectors.seminar_at(event_selectors.seminars_managed_by(request.user), slug)
        try:
            queued = services.certificates_issue_for_seminar(seminar=seminar, actor=request.user)
        except services.CertificateError as error:
            raise IssuanceRefused(error.message) from error
        bulk = services.bulk_issuance(seminar)
        result = {
            "queued": queued,
            "eligible": len(bulk.eligible),
            "issued": bulk.issued,
            "skipped_revoked": bulk.revoked,
        }
        return Response(IssueResultSerializer(result).data, status=status.HTTP_202_ACCEPTED)
