"""The person's own API token, from the profile area: create or regenerate, revoke.

One token per person (accounts.models.ApiToken), stored as a digest. The POST
that makes it redirects to the GET page (so that reloading the page cannot make
another one and end the key just copied); the key travels there in the session,
which gives it up on its first display: it is shown exactly once, never in a URL
or a log. Later visits say when it was made, when it expires and when it was
last used.
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
from events.rules import TWO_FACTOR_REQUIRED, must_set_up_two_factor

# The new key, from the POST that made it to the next GET of the page only.
NEW_KEY = "accounts.new_api_token_key"


def _context(user) -> dict:
    return {"token": ApiToken.objects.filter(user=user).first(), "valid_days": settings.API_TOKEN_VALID_DAYS}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """GET: whether the person has a token, with its key if it was made just before.
    POST: a new token, replacing any old one, then back to the GET."""
    user = request.user
    if request.method == "GET":
        context = _context(user)
        new_key = request.session.pop(NEW_KEY, None)
        # Only the key of the token the person has now (not one revoked since).
        if new_key and context["token"] and context["token"].digest == ApiToken.digest_of(new_key):
            context["new_key"] = new_key
        return render(request, "accounts/api_token.html", context)
    # A token signs in without the second factor.
    if must_set_up_two_factor(user):
        messages.warning(
            request,
            TWO_FACTOR_REQUIRED,
        )
        return redirect("mfa_activate_totp")
    _token, key = services.api_token_create(user=user)
    request.session[NEW_KEY] = key
    return redirect("api_token")


@never_cache
@login_required
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    request.session.pop(NEW_KEY, None)
    if services.api_token_revoke(user=request.user):
        messages.success(
            request, _("Your API token has been revoked. Programs using it can no longer sign in.")
        )
    return redirect("api_token")
