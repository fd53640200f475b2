"""Certificates for their holders and for anyone who checks one.

Verification (/certificates/verify/...) is public and lives outside the language
prefix, because its address is printed in every certificate's QR code. It shows
a known code and an unknown one with the same template and the same status (200),
so neither a person nor a script can tell from the answer's shape which codes
exist, and an unknown code leaves no "Not Found" line with the code in the logs.
Pages and uploads are rate-limited per client address.

Holders download their own certificates under /me/; another person's, a revoked
one, and an id that does not exist are all the same 404.
"""

import functools
import hashlib
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_safe

from certificates import selectors
from certificates.verify_forms import MAX_UPLOAD_BYTES, CodeForm, UploadForm
from common.files import private_file_response

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}

# Requests one client address may send per minute.
VERIFICATION_PAGES_PER_MINUTE = 30
VERIFICATION_UPLOADS_PER_MINUTE = 10
RATE_WINDOW_SECONDS = 60
# Room for the multipart envelope around an upload of the largest allowed size.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


def _over_limit(request: HttpRequest, kind: str, per_minute: int, *, counting: bool = True) -> bool:
    """A fixed one-minute window per client address, counted in the shared cache:
    cache.add starts the count and cache.incr adds to it atomically (Redis; the
    local-memory cache of tests locks too), so concurrent requests cannot slip
    past and the limit holds across processes. The address is hashed: the cache
    keeps no IP addresses. Which address is the client's follows allauth's
    settings (ALLAUTH_TRUSTED_PROXY_COUNT), as for its login limits. What only
    leads to a lookup (the typed code's redirect) asks without `counting`, so one
    lookup counts once."""
    address = get_adapter(request).get_client_ip(request)
    window = int(time.time() // RATE_WINDOW_SECONDS)
    client = hashlib.sha256(address.encode()).hexdigest()[:32]
    key = f"certificates:verify-{kind}:{client}:{window}"
    if not counting:
        return (cache.get(key) or 0) >= per_minute
    cache.add(key, 0, timeout=2 * RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=2 * RATE_WINDOW_SECONDS)
        count = 1
    return count > per_minute


def _too_many_requests(request: HttpRequest) -> HttpResponse:
    response = render(request, "certificates/verify/too_many_requests.html", status=429)
    response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


def public_verification(view):
    """What every verification page shares. LocaleMiddleware speaks the default
    language on addresses outside the prefix, so the page chooses: ?lang= (the
    language switcher's links keep the address and add it), else the language
    cookie or Accept-Language. Search engines are asked not to index the pages
    (they name people); nothing is cached, so a revocation shows at once."""

    @functools.wraps(view)
    @never_cache
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        chosen = request.GET.get("lang", "")
        chosen = chosen if chosen in LANGUAGE_CODES else ""
        language = chosen or translation.get_language_from_request(request)
        request.language_in_query = True  # config/templatetags/victor.py: page_languages
        request.chosen_language = chosen
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = language
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response

    return wrapped


def _with_chosen_language(request: HttpRequest, url: str) -> str:
    return f"{url}?{urlencode({'lang': request.chosen_language})}" if request.chosen_language else url


@require_safe
@public_verification
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate a code names: valid, revoked (when and why), or unknown."""
    if _over_limit(request, "pages", VERIFICATION_PAGES_PER_MINUTE):
        return _too_many_requests(request)
    certificate = selectors.certificate_with_code(code)
    context = {"certificate": certificate}
    if certificate is not None:
        holder = selectors.holder_as_shown(certificate, code)
        context.update(holder=holder, named_by_serial=holder != certificate.holder_name)
    return render(request, "certificates/verify/certificate.html", context)


@csrf_exempt  # _check_upload checks, once the size of the request is known
@require_http_methods(["GET", "HEAD", "POST"])
@public_verification
def verify_start(request: HttpRequest) -> HttpResponse:
    """Type a code (GET ?code=, then the code's page) or upload a PDF (POST): the
    file's SHA-256 is compared with those of the issued certificates."""
    if request.method == "POST":
        if _over_limit(request, "uploads", VERIFICATION_UPLOADS_PER_MINUTE):
            return _too_many_requests(request)
        # A body larger than any allowed upload is refused before it is read (the
        # CSRF check would read it all).
        if _declared_length(request) > MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES:
            return _start_page(request, code_form=CodeForm(), upload_form=UploadForm.refused_as_too_large())
        return _check_upload(request)
    # The empty form looks nothing up; a typed code is counted once, by its page.
    if "code" in request.GET and _over_limit(request, "pages", VERIFICATION_PAGES_PER_MINUTE, counting=False):
        return _too_many_requests(request)
    code_form = CodeForm(request.GET if "code" in request.GET else None)
    if code_form.is_valid():
        url = reverse("certificate_verify", kwargs={"code": code_form.cleaned_data["code"]})
        return redirect(_with_chosen_language(request, url))
    return _start_page(request, code_form=code_form, upload_form=UploadForm())


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _start_page(request, *, code_form, upload_form, **context) -> HttpResponse:
    """The start page; 400 when it shows a refused code or file."""
    status = 400 if code_form.errors or upload_form.errors else 200
    return render(
        request,
        "certificates/verify/start.html",
        {"code_form": code_form, "upload_form": upload_form, **context},
        status=status,
    )


@csrf_protect
def _check_upload(request: HttpRequest) -> HttpResponse:
    upload_form = UploadForm(request.POST, request.FILES)
    if not upload_form.is_valid():
        return _start_page(request, code_form=CodeForm(), upload_form=upload_form)
    certificate = selectors.certificate_with_sha256(upload_form.cleaned_data["sha256"])
    return _start_page(
        request,
        code_form=CodeForm(),
        upload_form=UploadForm(),
        checked=True,
        certificate=certificate,
        holder=certificate.holder_name if certificate else "",
        sha256=upload_form.cleaned_data["sha256"],
    )


@login_required
@require_safe
@never_cache
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The issued PDF itself, from storage, named after its serial number. When the
    seminar asks for the evaluation first, the holder is sent to answer it."""
    certificate = get_object_or_404(selectors.downloadable_by(request.user), pk=pk)
    if not selectors.evaluation_answered_if_required(certificate):
        messages.info(
            request,
            _("Please answer the seminar's evaluation first: then your certificate is yours to download."),
        )
        return redirect("evaluations:answer", slug=certificate.seminar.slug)
    return private_file_response(
        certificate.pdf, filename=f"{certificate.serial}.pdf", content_type="application/pdf"
    )
