"""The person's own API token, from the profile area: create or regenerate, revoke.

Django REST framework keeps one token per person. Its key is shown once, in the
answer to the POST that made it; later visits only say that a token exists.
Organisers, press officers and coordinators need one for scripts; anyone
logged in may have one. Changes are POST only and CSRF protected.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from rest_framework.authtoken.models import Token

from accounts import audit
from events.rules import must_set_up_two_factor


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: HttpRequest) -> HttpResponse:
    """GET: whether the person has a token. POST: a new token, replacing any old one."""
    user = request.user
    if request.method == "GET":
        return render(request, "accounts/api_token.html", {"token": Token.objects.filter(user=user).first()})
    # A token signs in without the second factor.
    if must_set_up_two_factor(user):
        messages.warning(
            request,
            _("Your role requires two-factor login. Please set up an authenticator app to continue."),
        )
        return redirect("mfa_activate_totp")
    with transaction.atomic():
        replaced, _details = Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        # The target is the person, never the token: a token's text is its key.
        audit.record(
            actor=user, action="api_token.regenerate" if replaced else "api_token.create", target=user
        )
    return render(request, "accounts/api_token.html", {"token": token, "new_key": token.key})


@never_cache
@login_required
@require_POST
def api_token_revoke(request: HttpRequest) -> HttpResponse:
    deleted, _details = Token.objects.filter(user=request.user).delete()
    if deleted:
        audit.record(actor=request.user, action="api_token.revoke", target=request.user)
        messages.success(
            request, _("Your API token has been revoked. Programs using it can no longer sign in.")
        )
    return redirect("api_token")
