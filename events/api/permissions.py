"""What every app's API shares about who may call it: how programs sign in, the
two-factor gate for staff roles and the answers organiser endpoints document."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied

from accounts.authentication import ApiTokenAuthentication
from events import rules

# Token first: an anonymous call gets 401 with WWW-Authenticate, not 403.
API_AUTHENTICATION = [ApiTokenAuthentication, SessionAuthentication]

NOT_LOGGED_IN = OpenApiResponse(description="Not logged in (send Authorization: Token <key>).")
ORGANISER_ERRORS = {
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input: errors by field."),
    401: NOT_LOGGED_IN,
    403: OpenApiResponse(description="Two-factor login required for your role."),
    404: OpenApiResponse(description="No such seminar among those you organise."),
}


def refuse_without_two_factor(user) -> None:
    """403 for a staff role without two-factor login where the site requires it
    (events.rules.must_set_up_two_factor, the gate the staff pages use too)."""
    if rules.must_set_up_two_factor(user):
        raise PermissionDenied(rules.TWO_FACTOR_REQUIRED)


class OrganisersWithTwoFactor(permissions.BasePermission):
    """Organisers see participants' personal data: where the site requires it,
    only after setting up two-factor login. Which seminars, the view decides
    (seminars_managed_by); people without a staff role get the 404 from there."""

    def has_permission(self, request, view) -> bool:
        refuse_without_two_factor(request.user)
        return True
