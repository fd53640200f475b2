"""Pages that belong to no single app: home, personal dashboard, health check."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.models import PrivacyConsent
from certificates import selectors as certificate_selectors
from common.caching import cached_page
from events import cache as event_cache
from events import selectors
from events.models import Organisation
from press import cache as press_cache
from press import selectors as press_selectors
from registrations import selectors as registration_selectors

HOME_UPCOMING_SEMINARS = 6
HOME_PRESS_RELEASES = 3


def _home_changes(now):
    """The next seminar ending or release appearing, whichever comes first."""
    moments = (event_cache.next_seminar_end(now), press_cache.next_publication(now))
    return min((moment for moment in moments if moment is not None), default=None)


@require_GET
@cached_page(event_cache.SCOPE, press_cache.SCOPE, fresh_until=_home_changes)
def home(request: HttpRequest) -> HttpResponse:
    """Upcoming seminars, the latest listed press releases and the host organisations."""
    upcoming = selectors.for_cards(selectors.public_seminars(selectors.SeminarFilters(when="upcoming")))[
        :HOME_UPCOMING_SEMINARS
    ]
    organisations = Organisation.objects.only("name", "short_name", "country", "website")
    latest_releases = press_selectors.latest_releases(HOME_PRESS_RELEASES)
    return render(
        request,
        "home.html",
        {"organisations": organisations, "upcoming": upcoming, "latest_releases": latest_releases},
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The person's own page: their registrations, who they are, their roles, their consents."""
    user = request.user
    memberships = user.memberships.select_related("organisation")
    consents = PrivacyConsent.objects.filter(user=user).select_related("notice")
    return render(
        request,
        "dashboard.html",
        {
            "memberships": memberships,
            "consents": consents,
            "profile_user": user,
            "my_registrations": registration_selectors.my_registrations(user),
            "my_certificates": certificate_selectors.certificates_of(user),
        },
    )


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 after a database round trip, 503 when the database does not answer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "down"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
