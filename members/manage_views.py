"""Colleagues of a host organisation (/manage/organisations/): members,
invitations, the invitation link. Only its organisers (and coordinators) see or
change its people; for anyone else the organisation does not exist (404). The
invitation token is a secret: it is never logged, and only the link in the email
carries it in its address; from there it waits in the session.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.adapter import continue_after_login, forget_continue_after_login
from common.timezones import local_datetime
from events import rules
from events.models import Invitation, Membership, Organisation
from events.zones import organisation_zone
from members import services
from members.manage_forms import InvitationForm
from members.tasks import seal_token, send_invitation_email

# The token of the invitation opened in this browser, until it is accepted or dead.
PENDING_INVITATION = "events.pending_invitation"  # as before the app split: open sessions keep it


def _managed_organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(rules.organisations_managed_by(request.user), slug=slug)


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations whose colleagues the person manages (all, for coordinators)."""
    organisations = list(rules.organisations_managed_by(request.user).only("name", "short_name", "slug"))
    if not organisations and not rules.is_coordinator(request.user):
        raise PermissionDenied
    return render(request, "members/organisation_list.html", {"organisations": organisations})


def _organisation_page(
    request: HttpRequest, organisation: Organisation, form: InvitationForm, *, status: int = 200
) -> HttpResponse:
    memberships = organisation.memberships.select_related("user").order_by(
        "role", "user__full_name", "user__email"
    )
    invitations = organisation.invitations.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("expires_at", "pk")
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "invitations": invitations,
        "zone": organisation_zone(organisation),
        "form": form,
    }
    return render(request, "members/organisation_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's people and open invitations; posting the form invites a
    colleague, and the email goes out from a task once the invitation is committed."""
    organisation = _managed_organisation(request, slug)
    if request.method == "GET":
        return _organisation_page(request, organisation, InvitationForm())
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                invitation, token = services.invitation_create(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
                transaction.on_commit(
                    partial(
                        send_invitation_email.enqueue,
                        invitation.pk,
                        seal_token(token),
                        translation.get_language(),
                    )
                )
        except services.MembershipError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request,
                _("We are emailing an invitation to %(email)s. The link expires on %(date)s.")
                % {
                    "email": invitation.email,
                    "date": local_datetime(invitation.expires_at, organisation_zone(organisation)),
                },
            )
            return redirect("members:organisation", slug=organisation.slug)
    return _organisation_page(request, organisation, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def membership_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """Confirm, then remove a colleague's role. An organisation keeps one organiser at least."""
    organisation = _managed_organisation(request, slug)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"), pk=membership_id, organisation=organisation
    )
    if request.method == "GET":
        return render(
            request,
            "members/membership_remove.html",
            {"organisation": organisation, "membership": membership},
        )
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
        return redirect("members:organisation", slug=organisation.slug)
    messages.success(
        request,
        _("%(person)s no longer has the role “%(role)s” in %(organisation)s.")
        % {
            "person": membership.user,
            "role": membership.get_role_display(),
            "organisation": organisation.name,
        },
    )
    # Someone who just removed their own organiser role may no longer see the page.
    if rules.can_organise_for(request.user, organisation):
        return redirect("members:organisation", slug=organisation.slug)
    if rules.organisations_managed_by(request.user).exists():
        return redirect("members:organisations")
    return redirect("dashboard")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except services.MembershipError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("members:organisation", slug=organisation.slug)


def _invitation_problem(invitation: Invitation | None, user) -> tuple[str, int, bool] | None:
    """Why this person cannot accept this invitation (message, HTTP status, and whether
    another account would do), or None."""
    if invitation is None:
        message = _("This invitation link is not valid. Check that you copied the whole link from the email.")
        return message, 404, False
    if invitation.accepted_at is not None:
        if invitation.accepted_by_id == user.pk:
            return _("You have already accepted this invitation."), 400, False
        return _("This invitation has already been used."), 400, False
    if invitation.revoked_at is not None:
        return _("This invitation was withdrawn. Ask the organisation to send you a new one."), 400, False
    if not invitation.is_open():
        return _("This invitation has expired. Ask the organisation to send you a new one."), 400, False
    if invitation.email != user.email.lower():
        message = _(
            "This invitation was sent to another email address. Log in with that address to accept it."
        )
        return message, 400, True
    return None


def _refusal(
    request: HttpRequest, message: str, status: int, wrong_account: bool = False, token: str = ""
) -> HttpResponse:
    context = {"message": message, "wrong_account": wrong_account, "token": token}
    response = render(request, "members/invitation_refused.html", context, status=status)
    # No "Bad Request: <path>" warning from django.request for 4xx answers (the
    # flag is how Django marks a response as already logged).
    response._has_been_logged = True
    return response


@never_cache
@require_GET
def invitation_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email. The token moves into the session and the person goes
    on at an address without it: so it never reaches a Referer, the login page's
    `next`, a log line or the history of later pages, and the invitation waits
    through log-in, sign-up and email verification in this browser."""
    request.session[PENDING_INVITATION] = token
    accept_url = reverse("members:invitation_accept")
    continue_after_login(request, accept_url)
    return redirect(accept_url)


def _forget_pending_invitation(request: HttpRequest) -> None:
    request.session.pop(PENDING_INVITATION, None)
    forget_continue_after_login(request)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest) -> HttpResponse:
    """The invited person, logged in with the invited address, joins the organisation
    of the invitation waiting in the session."""
    token = request.session.get(PENDING_INVITATION, "")
    if not token:
        message = _("No invitation is waiting in this browser. Open the link in the invitation email again.")
        return _refusal(request, message, 404)
    invitation = services.invitation_for_token(token)
    problem = _invitation_problem(invitation, request.user)
    if problem is not None:
        message, status, wrong_account = problem
        if wrong_account:
            # Another account may still accept it (the page offers to log out and
            # come back through the link), but this one's logins stop landing here.
            forget_continue_after_login(request)
            return _refusal(request, message, status, wrong_account=True, token=token)
        _forget_pending_invitation(request)
        return _refusal(request, message, status)
    if request.method == "GET":
        return render(
            request,
            "members/invitation_accept.html",
            {"invitation": invitation, "zone": organisation_zone(invitation.organisation)},
        )
    try:
        membership = services.invitation_accept(token=token, user=request.user)
    except services.MembershipError as error:
        _forget_pending_invitation(request)
        return _refusal(request, str(error), 400)
    _forget_pending_invitation(request)
    messages.success(
        request,
        _("Welcome to %(organisation)s. Your role: %(role)s.")
        % {"role": membership.get_role_display(), "organisation": membership.organisation.name},
    )
    return redirect(_organiser_area_url())


def _organiser_area_url() -> str:
    # /manage/ in the active language. Built from "home" (same language prefix) rather
    # than from a route name of events.urls_manage, which is still being written.
    return f"{reverse('home')}manage/"
