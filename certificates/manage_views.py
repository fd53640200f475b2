"""The organiser's certificate pages (/manage/seminars/<id>/certificates/...):
progress of issuance with the list of certificates, issuing for everyone
eligible, revoking, reissuing, issuing anew after a revocation, and the seminar's certificate design.

The seminar is looked up among the seminars the user manages, and every
certificate within that seminar, so another organisation's are a 404. The rules
live in certificates.services; these views parse input, call one service and
show its translated error.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from certificates import issuance, services
from certificates.forms import CertificateDesignForm, RevokeForm, SignatoryFormSet
from certificates.models import Certificate, CertificateDesign
from certificates.selectors import standing_of
from events import selectors as event_selectors
from events.models import Seminar

# The page refreshes itself while issuing started this recently and is not done.
REFRESH_WHILE = timedelta(minutes=30)
REFRESH_SECONDS = 3


def _certificate(seminar: Seminar, pk: int) -> Certificate:
    return get_object_or_404(Certificate.objects.filter(seminar=seminar).select_related("replaced_by"), pk=pk)


@dataclass(frozen=True)
class Progress:
    eligible: int
    issued: int  # eligible registrations holding a valid certificate
    revoked: int  # eligible registrations whose certificate was revoked: not issued in bulk
    refreshing: bool

    @property
    def pending(self) -> int:
        return self.eligible - self.issued - self.revoked

    @property
    def percent(self) -> int:
        return round(100 * self.issued / self.eligible) if self.eligible else 100


def _progress(
    seminar: Seminar, design: CertificateDesign | None, certificates: list[Certificate]
) -> Progress:
    bulk = services.bulk_issuance(seminar, certificates=certificates)
    requested = design.issue_requested_at if design else None
    refreshing = bool(requested and bulk.pending and timezone.now() - requested < REFRESH_WHILE)
    return Progress(
        eligible=len(bulk.eligible), issued=bulk.issued, revoked=bulk.revoked, refreshing=refreshing
    )


@require_http_methods(["GET", "HEAD"])
@login_required
def certificate_list(request: HttpRequest, pk: int) -> HttpResponse:
    """Issued / eligible, and every certificate of the seminar (a fixed number of queries)."""
    seminar = event_selectors.seminar_managed_by(request.user, pk)
    design = CertificateDesign.objects.filter(seminar=seminar).first()
    certificates = list(
        Certificate.objects.filter(seminar=seminar).select_related("replaced_by").order_by("sequence")
    )
    return render(
        request,
        "certificates/manage/certificate_list.html",
        {
            "seminar": seminar,
            "design": design,
            "certificates": certificates,
            "progress": _progress(seminar, design, certificates),
            # Registrations whose certificates are all revoked: their latest row offers a new one.
            "revoked_registrations": standing_of(certificates).revoked,
            "refusal": issuance.issuance_refusal(seminar, now=timezone.now()),
            "refresh_seconds": REFRESH_SECONDS,
        },
    )


@require_POST
@login_required
def certificates_issue_for_seminar(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue certificates to everyone eligible who has none (background tasks)."""
    seminar = event_selectors.seminar_managed_by(request.user, pk)
    try:
        count = services.certificates_issue_for_seminar(seminar=seminar, actor=request.user)
    except services.CertificateError as error:
        messages.error(request, error.message)
        return redirect("manage_certificates:certificate_list", pk=seminar.pk)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s certificate is being issued.", "%(count)s certificates are being issued.", count
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Everyone eligible already has a certificate."))
    return redirect("manage_certificates:certificate_list", pk=seminar.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def certificate_revoke(request: HttpRequest, pk: int, certificate_pk: int) -> HttpResponse:
    """GET asks for the reason; POST revokes."""
    seminar = event_selectors.seminar_managed_by(request.user, pk)
    certificate = _certificate(seminar, certificate_pk)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certificate_revoke(
                certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.CertificateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Certificate %(serial)s is revoked.") % {"serial": certificate.serial}
            )
            return redirect("manage_certificates:certificate_list", pk=seminar.pk)
    return render(
        request,
        "certificates/manage/certificate_revoke.html",
        {"seminar": seminar, "certificate": certificate, "form": form},
        status=400 if form.errors else 200,
    )


def _confirmed_action(
    request: HttpRequest, pk: int, certificate_pk: int, *, act, template: str, done
) -> HttpResponse:
    """A confirmation page (GET) for an action on one certificate, done by POST through
    `act(certificate=..., actor=...)`; `done(old, new)` is the success message. A
    refusal of the service is shown on the same page with a 400."""
    seminar = event_selectors.seminar_managed_by(request.user, pk)
    certificate = _certificate(seminar, certificate_pk)
    error = ""
    if request.method == "POST":
        try:
            new = act(certificate=certificate, actor=request.user)
        except services.CertificateError as refusal:
            error = refusal.message
        else:
            messages.success(request, done(certificate, new))
            return redirect("manage_certificates:certificate_list", pk=seminar.pk)
    return render(
        request,
        template,
        {"seminar": seminar, "certificate": certificate, "error": error},
        status=400 if error else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def certificate_reissue(request: HttpRequest, pk: int, certificate_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST revokes the certificate and issues a new one."""
    return _confirmed_action(
        request,
        pk,
        certificate_pk,
        act=services.certificate_reissue,
        template="certificates/manage/certificate_reissue.html",
        done=lambda old, new: (
            _("Certificate %(old)s is replaced by %(new)s.") % {"old": old.serial, "new": new.serial}
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def certificate_issue_after_revocation(request: HttpRequest, pk: int, certificate_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST issues a new certificate to the holder of this
    revoked one (issuing for everyone skips them)."""
    return _confirmed_action(
        request,
        pk,
        certificate_pk,
        act=services.certificate_issue_after_revocation,
        template="certificates/manage/certificate_issue_after_revocation.html",
        done=lambda old, new: (
            _("Certificate %(serial)s is issued to %(name)s.")
            % {"serial": new.serial, "name": new.holder_name}
        ),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def design_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The seminar's certificate design: attendance needed, language, wording, logo, signatories."""
    seminar = event_selectors.seminar_managed_by(request.user, pk)
    design = CertificateDesign.objects.filter(seminar=seminar).first() or CertificateDesign(seminar=seminar)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = CertificateDesignForm(data, files, instance=design)
    formset = SignatoryFormSet(data, files, instance=design, prefix="signatories")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            design = form.save()
            formset.instance = design
            formset.save()
        messages.success(request, _("The certificate design is saved."))
        return redirect("manage_certificates:certificate_list", pk=seminar.pk)
    return render(
        request,
        "certificates/manage/design_form.html",
        {"seminar": seminar, "form": form, "formset": formset},
        status=400 if form.errors or formset.total_error_count() else 200,
    )
