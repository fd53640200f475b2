"""Project-wide request rules."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language_from_path

from events.rules import TWO_FACTOR_REQUIRED, must_set_up_two_factor

# Areas where organisers, press officers and coordinators work.
STAFF_AREAS = ("/manage/", "/admin/")
# Accepting an invitation is how a person gets a role; it must stay reachable.
OPEN_TO_EVERYONE = ("/manage/organisations/invitations/",)


def _without_language_prefix(path: str) -> str:
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language and path.startswith(f"/{language}/") else path


class StaffTwoFactorMiddleware:
    """With REQUIRE_STAFF_TWO_FACTOR on, people who hold a staff role must set
    up two-factor login (TOTP) before they can open the organiser area, the
    press office or the admin."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.REQUIRE_STAFF_TWO_FACTOR and self._in_staff_area(request):
            messages.warning(
                request,
                TWO_FACTOR_REQUIRED,
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _in_staff_area(request) -> bool:
        path = _without_language_prefix(request.path_info)
        if not path.startswith(STAFF_AREAS) or path.startswith(OPEN_TO_EVERYONE):
            return False
        return must_set_up_two_factor(request.user)


class PrivateResponsesMiddleware:
    """Every answer to a logged-in person (session or API token) carries
    `Cache-Control: private, no-store`: it may hold their data or, for organisers,
    other people's (/me/, organiser lists, the desk, certificate PDFs, exports, API),
    and neither a shared cache on the way nor the browser's disk should keep it.

    A view that says its answer is the same for everyone (`Cache-Control: public`,
    such as the .ics feeds) keeps its header. Anonymous answers are left alone: the
    public page cache (common.caching) serves and stores only those, so it is not
    affected. Placed first, so it sees DRF's token user too (DRF sets request.user
    on the Django request when it authenticates)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if self._with_credentials(request) and not self._declared_public(response):
            patch_cache_control(response, private=True, no_store=True)
        return response

    @staticmethod
    def _with_credentials(request) -> bool:
        """Logged in, by session or token. An API view without authentication (seat
        counts, verification) sets request.user to anonymous even for a logged-in
        person: the session and the Authorization header still say who asked."""
        user = getattr(request, "user", None)  # absent for static files (whitenoise answers first)
        if user is not None and user.is_authenticated:
            return True
        if "HTTP_AUTHORIZATION" in request.META:
            return True
        session = getattr(request, "session", None)
        return session is not None and SESSION_KEY in session

    @staticmethod
    def _declared_public(response) -> bool:
        directives = {
            part.strip().split("=")[0].lower() for part in response.get("Cache-Control", "").split(",")
        }
        return "public" in directives
