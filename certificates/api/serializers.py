"""Certificates in the REST API: the holder's own, what verification tells third
parties, and the result of starting issuance."""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from certificates.models import Certificate
from certificates.rendering import verification_url

STATUSES = {"valid": "Valid", "revoked": "Revoked"}


class CertificateStatusField(serializers.Field):
    """`valid` or `revoked`, from revoked_at; its own schema component (see below)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, certificate: Certificate) -> str:
        return "valid" if certificate.is_valid else "revoked"


class CertificateStatusFieldExtension(OpenApiSerializerFieldExtension):
    """Seminars and registrations have a `status` too: a named enum avoids the clash."""

    target_class = CertificateStatusField

    def get_name(self) -> str:
        return "CertificateStatusEnum"

    def map_serializer_field(self, auto_schema, direction) -> dict:
        return {
            "type": "string",
            "enum": list(STATUSES),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in STATUSES.items()),
        }


class CertifiedFactsSerializer(serializers.Serializer):
    """What a certificate states, as issued (its frozen copy), and its state."""

    serial = serializers.CharField(read_only=True, help_text="Serial number, such as VICTOR-2014-LJU-0007.")
    status = CertificateStatusField()
    holder_name = serializers.CharField(
        read_only=True,
        help_text="Verification gives it in full when asked by the verification code, only the "
        "initials when asked by the serial number (serials run in sequence and could be counted through).",
    )
    seminar_title = serializers.CharField(read_only=True, help_text="In the certificate's language.")
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    city = serializers.CharField(read_only=True, help_text="Empty for an online seminar.")
    online = serializers.SerializerMethodField()
    hours_attended = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True)
    total_hours = serializers.DecimalField(
        max_digits=6, decimal_places=2, read_only=True, help_text="The seminar's agenda hours."
    )
    issuer = serializers.CharField(read_only=True, help_text="The host organisation that issued it.")
    language = serializers.CharField(read_only=True)
    issued_at = serializers.DateTimeField(read_only=True)
    revoked_at = serializers.DateTimeField(read_only=True, allow_null=True)
    replaced_by = serializers.CharField(
        source="replaced_by.serial",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="Serial of the certificate that replaces a reissued one.",
    )
    sha256 = serializers.CharField(
        read_only=True, help_text="SHA-256 of the issued PDF (hex): compare a copy's with it."
    )
    verification_url = serializers.SerializerMethodField(
        help_text="The public verification page, as printed in the QR code."
    )

    def get_online(self, certificate: Certificate) -> bool:
        return not certificate.city

    @extend_schema_field(OpenApiTypes.URI)
    def get_verification_url(self, certificate: Certificate) -> str:
        return verification_url(certificate.code)


class CertificateSerializer(CertifiedFactsSerializer):
    """One of the holder's certificates. The revocation reason is for the holder (and the
    organisers), never for verification: a third party learns only that and when."""

    id = serializers.IntegerField(read_only=True)
    revocation_reason = serializers.CharField(read_only=True, help_text="Empty unless revoked.")
    pdf_url = serializers.SerializerMethodField(
        allow_null=True,
        help_text="Download the PDF; null for a revoked certificate (not handed out) or one being prepared.",
    )

    @extend_schema_field(OpenApiTypes.URI)
    def get_pdf_url(self, certificate: Certificate) -> str | None:
        if not certificate.is_valid or not certificate.pdf:
            return None
        path = reverse("api:certificate-pdf", kwargs={"pk": certificate.pk})
        return self.context["request"].build_absolute_uri(path)


class IssueResultSerializer(serializers.Serializer):
    queued = serializers.IntegerField(
        help_text="Certificates being issued now, one background task each (eligible people without one)."
    )
    eligible = serializers.IntegerField(help_text="Registrations that attended enough for a certificate.")
    issued = serializers.IntegerField(
        help_text="Eligible registrations that hold a valid certificate so far."
    )
    skipped_revoked = serializers.IntegerField(
        help_text="Eligible registrations left out because their certificate was revoked: an organiser "
        "gives one of them a new certificate from its row on the certificates page."
    )
