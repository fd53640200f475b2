"""Issued attendance certificates: the PDF with its SHA-256, a serial number, an
unguessable verification code, and a frozen copy of what the certificate states
(holder's name, seminar, dates, place, hours, issuer), so that later edits of the
seminar or erasure of the account never change what verification shows."""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from certificates.validators import validate_certificate_image
from common.files import private_storage
from events.models import Seminar
from registrations.models import Registration

DEFAULT_MIN_ATTENDANCE_PERCENT = 75
MAX_SIGNATORIES = 3


def new_verification_code() -> str:
    """The code printed in the QR and typed on the verification page: 192 bits of randomness."""
    return secrets.token_urlsafe(24)


def certificate_pdf_path(instance, filename: str) -> str:
    """Random file names: a certificate's PDF is never reachable by guessing its path."""
    return f"certificates/{uuid.uuid4().hex}.pdf"


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)

    def issued(self):
        """With their PDF: a certificate's number is reserved first, its PDF stored after."""
        return self.exclude(pdf="")


class Certificate(models.Model):
    """One issued certificate. At most one valid (not revoked) certificate per
    registration, backed by a partial unique constraint; reissue revokes the old one."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="certificates")
    seminar = models.ForeignKey(Seminar, on_delete=models.PROTECT, related_name="certificates")
    serial = models.CharField(_("serial number"), max_length=40, unique=True)
    sequence = models.PositiveIntegerField(_("number within the seminar"))
    code = models.CharField(max_length=64, unique=True, default=new_verification_code, editable=False)
    # The frozen copy of what is certified.
    holder_name = models.CharField(_("holder's name"), max_length=150)
    seminar_title = models.CharField(_("seminar"), max_length=200)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=120, blank=True, help_text=_("Empty for online seminars."))
    hours_attended = models.DecimalField(_("hours attended"), max_digits=6, decimal_places=2)
    total_hours = models.DecimalField(_("total hours"), max_digits=6, decimal_places=2)
    issuer = models.CharField(_("issued by"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # The issued document.
    pdf = models.FileField(upload_to=certificate_pdf_path, storage=private_storage, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revocation_reason = models.TextField(_("reason for revocation"), max_length=1000, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaces"
    )

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["seminar", "serial"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(revoked_at__isnull=True),
                name="certificates_one_valid_per_registration",
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revocation_reason=""),
                name="certificates_revocation_has_reason",
            ),
            models.UniqueConstraint(fields=["seminar", "sequence"], name="certificates_sequence_per_seminar"),
        ]

    def __str__(self) -> str:
        return self.serial

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


def signature_path(instance, filename: str) -> str:
    return f"certificates/signatures/{uuid.uuid4().hex}{_image_suffix(filename)}"


def logo_path(instance, filename: str) -> str:
    return f"certificates/logos/{uuid.uuid4().hex}{_image_suffix(filename)}"


def _image_suffix(filename: str) -> str:
    return ".png" if filename.lower().endswith(".png") else ".jpg"


class CertificateDesign(models.Model):
    """How one seminar's certificates look and who earns one: the attendance
    needed, a fixed language (else each holder's), the wording per language, an
    extra logo and up to three signatories. Host and partner logos come from the
    organisations, the funder line from the seminar's project."""

    seminar = models.OneToOneField(Seminar, on_delete=models.CASCADE, related_name="certificate_design")
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("attendance needed (percentage of the agenda hours)"),
        default=DEFAULT_MIN_ATTENDANCE_PERCENT,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    language = models.CharField(
        _("language of the certificates"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to issue each certificate in its holder's preferred language."),
    )
    wording = models.TextField(
        _("wording"),
        max_length=600,
        blank=True,
        help_text=_("A sentence under the seminar's title, such as what the training covered. Plain text."),
    )
    extra_logo = models.ImageField(
        _("additional logo"),
        upload_to=logo_path,
        storage=private_storage,
        blank=True,
        validators=[validate_certificate_image],
        help_text=_("Say, the funder's logo. PNG or JPEG, at most 1 MB."),
    )
    issue_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("certificate design")
        verbose_name_plural = _("certificate designs")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_attendance_percent__gte=1, min_attendance_percent__lte=100),
                name="certificates_design_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.seminar)


class Signatory(models.Model):
    """A person who signs a seminar's certificates (at most three per seminar)."""

    design = models.ForeignKey(CertificateDesign, on_delete=models.CASCADE, related_name="signatories")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=150, blank=True, help_text=_("Say, Director."))
    signature = models.ImageField(
        _("signature image"),
        upload_to=signature_path,
        storage=private_storage,
        blank=True,
        validators=[validate_certificate_image],
        help_text=_("PNG or JPEG, at most 1 MB."),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name
