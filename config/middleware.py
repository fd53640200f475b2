"""Project-wide request rules."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext as _

from events.rules import must_set_up_two_factor

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
                _("Your role requires two-factor login. Please set up an authenticator app to continue."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _in_staff_area(request) -> bool:
        path = _without_language_prefix(request.path_info)
        if not path.startswith(STAFF_AREAS) or path.startswith(OPEN_TO_EVERYONE):
            return False
        return must_set_up_two_factor(request.user)
