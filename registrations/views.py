"""A seminar's public page with its registration state; a participant registers
for a seminar, takes an offered seat, or cancels.

Thin views: the form checks the input, registrations.services decides under the
seminar lock, and a RegistrationError becomes a translated message with a 400.
A person's registrations are looked up among their own, so another person's id
is a 404.
"""

import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.caching import cached_page, mark_fresh_until
from events import cache as event_cache
from events import selectors as event_selectors
from events.models import Seminar
from registrations import cache as registration_cache
from registrations import selectors, services
from registrations.forms import RegistrationForm
from registrations.models import Registration
from registrations.services import RegistrationError

Status = Registration.Status

# Registration POSTs one person may send per minute. Counted in the shared cache,
# so the limit holds across processes and whatever address the person uses.
REGISTRATION_POSTS_PER_MINUTE = 10
RATE_WINDOW_SECONDS = 60


@require_GET
@cached_page(event_cache.SCOPE, registration_cache.SCOPE)
def seminar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A published seminar's page with its registration state (seats left, the person's registration)."""
    seminar = event_selectors.public_seminar(slug)
    if seminar is None:
        raise Http404
    now = timezone.now()
    registration_info = selectors.seminar_registration(seminar, user=request.user, now=now)
    response = render(
        request, "events/seminar_detail.html", {"seminar": seminar, "registration_info": registration_info}
    )
    mark_fresh_until(response, event_cache.seminar_moments(seminar, now))
    return response


def _too_many_posts(user) -> bool:
    """A sliding window: the times of the person's recent POSTs, kept in the cache
    (as allauth does; a fixed per-minute counter would let 2x through across a
    minute boundary). Not atomic: concurrent requests may slip one or two past."""
    key = f"registrations:register-posts:{user.pk}"
    now = time.time()
    recent = [moment for moment in cache.get(key, []) if moment > now - RATE_WINDOW_SECONDS]
    if len(recent) >= REGISTRATION_POSTS_PER_MINUTE:
        return True
    cache.set(key, [*recent, now], timeout=RATE_WINDOW_SECONDS)
    return False


def _success_message(registration: Registration) -> str:
    title = registration.seminar.display_title
    if registration.status == Status.CONFIRMED:
        return _(
            "You are registered for “%(seminar)s” and your place is confirmed. We have emailed you the details."
        ) % {"seminar": title}
    if registration.status == Status.PENDING:
        return _(
            "Your registration for “%(seminar)s” has been received. The organisers review each registration and will write to you."
        ) % {"seminar": title}
    position = selectors.waitlist_position(registration)
    group = selectors.seats_left(registration.seminar).full_quota_of(registration.professional_group_id)
    if group is not None:
        return _(
            "All seats for %(group)s at “%(seminar)s” are taken, so you are on the waiting list, in position %(position)s. If a seat for %(group)s becomes free, we offer it to you by email."
        ) % {"group": group.name, "seminar": title, "position": position}
    return _(
        "“%(seminar)s” is full, so you are on the waiting list, in position %(position)s. If a seat becomes free, we offer it to you by email."
    ) % {"seminar": title, "position": position}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def register(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "POST" and _too_many_posts(request.user):
        response = render(request, "registrations/too_many_requests.html", status=429)
        response["Retry-After"] = "60"
        return response
    seminar = get_object_or_404(Seminar.objects.published().select_related("venue"), slug=slug)
    existing = selectors.active_registration(seminar=seminar, user=request.user)
    if existing is not None:
        error = _("You are already registered for this seminar.") if request.method == "POST" else ""
        return render(
            request,
            "registrations/already_registered.html",
            {"seminar": seminar, "registration": existing, "error": error},
            status=400 if error else 200,
        )

    data = request.POST if request.method == "POST" else None  # an empty POST is still a POST
    form = RegistrationForm(data, seminar=seminar, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                seminar=seminar, user=request.user, **form.registration_arguments()
            )
        except RegistrationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _success_message(registration))
            return redirect("dashboard")
    # Full for the person's profile group; the group they choose is checked when they submit.
    seats, group_id = selectors.seats_left(seminar), request.user.professional_group_id
    return render(
        request,
        "registrations/register.html",
        {
            "seminar": seminar,
            "form": form,
            "phase": selectors.registration_phase(seminar),
            "seats_full": not seminar.requires_approval and seats.available_for(group_id) == 0,
            "full_group": seats.full_quota_of(group_id),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """A confirmation page, then the cancellation (until the seminar starts)."""
    registration = get_object_or_404(
        selectors.with_waitlist_position(selectors.registrations_of(request.user)), pk=pk
    )
    error = ""
    if request.method == "POST":
        try:
            services.registration_cancel(registration=registration, actor=request.user)
        except RegistrationError as failure:
            error = str(failure)
            registration.refresh_from_db()
        else:
            messages.success(
                request,
                _("Your registration for “%(seminar)s” has been cancelled.")
                % {"seminar": registration.seminar.display_title},
            )
            return redirect("dashboard")
    return render(
        request,
        "registrations/cancel.html",
        {
            "registration": registration,
            "seminar": registration.seminar,
            "can_cancel": selectors.may_cancel(registration),
            "error": error,
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def confirm_offer(request: HttpRequest, pk: int) -> HttpResponse:
    """Take the seat offered from the waiting list."""
    registration = get_object_or_404(
        selectors.with_waitlist_position(selectors.registrations_of(request.user)), pk=pk
    )
    try:
        services.offer_confirm(registration=registration)
    except RegistrationError as error:
        registration.refresh_from_db()
        return render(
            request,
            "registrations/not_possible.html",
            {"registration": registration, "seminar": registration.seminar, "error": str(error)},
            status=400,
        )
    messages.success(
        request,
        _("Your place at “%(seminar)s” is confirmed. We have emailed you the details.")
        % {"seminar": registration.seminar.display_title},
    )
    return redirect("dashboard")
