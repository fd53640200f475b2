"""Who may do what: the one place views, API and querysets ask.

Roles come from membership of a host organisation; coordinators (active
superusers) may do everything everywhere.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.rules import has_two_factor
from events.models import Membership, Organisation

Role = Membership.Role


def is_coordinator(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def organisations_where(user, *roles: str) -> QuerySet[Organisation]:
    """Organisations in which the user holds one of `roles` (all, for coordinators)."""
    if not (user.is_authenticated and user.is_active):
        return Organisation.objects.none()
    if is_coordinator(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()


def organisations_managed_by(user) -> QuerySet[Organisation]:
    """Organisations whose seminars the user organises."""
    return organisations_where(user, Role.ORGANISER)


def organisations_publishing_for(user) -> QuerySet[Organisation]:
    """Organisations whose press releases the user publishes."""
    return organisations_where(user, Role.PRESS_OFFICER)


def has_role(user, organisation: Organisation, role: str) -> bool:
    if is_coordinator(user):
        return True
    if not (user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(user=user, organisation=organisation, role=role).exists()


def can_organise_for(user, organisation: Organisation) -> bool:
    """May create and run seminars of `organisation`."""
    return has_role(user, organisation, Role.ORGANISER)


def can_publish_for(user, organisation: Organisation) -> bool:
    """May publish press releases of `organisation`."""
    return has_role(user, organisation, Role.PRESS_OFFICER)


def has_staff_role(user) -> bool:
    """Organiser, press officer or coordinator: the people who must use two-factor login."""
    if is_coordinator(user):
        return True
    return bool(user.is_authenticated and user.is_active and Membership.objects.filter(user=user).exists())


TWO_FACTOR_REQUIRED = _(
    "Your role requires two-factor login. Please set up an authenticator app to continue."
)


def must_set_up_two_factor(user) -> bool:
    """Where the site requires it (REQUIRE_STAFF_TWO_FACTOR), a person with a staff role
    who has not set up two-factor login. The one answer every door asks: the staff
    pages send them to set it up; the API and API tokens give them no more than a
    participant until they do (a token signs in without the second factor)."""
    return bool(settings.REQUIRE_STAFF_TWO_FACTOR and has_staff_role(user) and not has_two_factor(user))


def with_staff_powers(user):
    """`user` when their roles may be used for this request, else an anonymous user:
    what the public sees is all that reads built on roles then show."""
    return AnonymousUser() if must_set_up_two_factor(user) else user
