"""The person's own API token, from the profile area: create or regenerate, revoke.

One token per person (accounts.models.ApiToken), stored as a digest: its key is
shown once, in the answer to the POST that made it; later visits say when it
was made, when it expires and when it was last used.
Organisers, press officers and coordinators need one for scripts; anyone
logged in may have one. Changes are POST only and CSRF protected.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.models import ApiToken
from events.rules import must_set_up_two_factor


def _context(user) -> dict:
    return {"token": ApiToken.objects.filter(user=user).first(), "valid_days": settings.API_TOKEN_VALID_DAYS}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """GET: whether the person has a token. POST: a new token, replacing any old one."""
    user = request.user
    if request.method == "GET":
        return render(request, "accounts/api_token.html", _context(user))
    # A token signs in without the second factor.
    if must_set_up_two_factor(user):
        messages.warning(
            request,
            _("Your role requires two-factor login. Please set up an authenticator app to continue."),
        )
        return redirect("mfa_activate_totp")
    _token, key = services.api_token_create(user=user)
    return render(request, "accounts/api_token.html", {**_context(user), "new_key": key})


@never_cache
@login_required
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    if services.api_token_revoke(user=request.user):
        messages.success(
            request, _("Your API token has been revoked. Programs using it can no longer sign in.")
        )
    return redirect("api_token")
