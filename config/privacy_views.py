"""A person's own data: download it as JSON, or erase the account."""

from allauth.account.decorators import reauthentication_required
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accounts import audit
from accounts.forms import AccountDeleteForm
from config import privacy


@never_cache
@require_GET
@login_required
def data_export(request: HttpRequest) -> JsonResponse:
    """All we hold about the person, as a JSON download (its name holds no personal data)."""
    now = timezone.now()
    data = privacy.export_user_data(request.user, now=now)
    audit.record(actor=request.user, action="account.export", target=request.user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="victor-seminars-my-data-{now:%Y-%m-%d}.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
@reauthentication_required(allow_get=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    """Explains what erasure does; erases after the person confirms and re-authenticates
    (password, a code by email, or two-factor: allauth's re-authentication), then logs out."""
    refusal = privacy.erasure_refusal(request.user)
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            privacy.erase_account(request.user, actor=None)
        except privacy.ErasureError as error:
            refusal = str(error)
        else:
            logout(request)
            return redirect("account_deleted")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/account_delete.html", {"form": form, "refusal": refusal}, status=status)


@require_GET
def account_deleted(request: HttpRequest) -> HttpResponse:
    """The confirmation after erasure (the person is logged out by then)."""
    return render(request, "accounts/account_deleted.html")
