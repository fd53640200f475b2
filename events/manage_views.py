"""The organiser area: seminars, their agenda, venues and trainers (/manage/).

Who may see what comes from events.rules: every object is looked up in a
queryset limited to the user's organisations, so another organisation's
seminar, venue or trainer is a 404. The area itself answers 403 to people
without an organiser role.

Colleagues of a host organisation (members, invitations, the invitation link):
only its organisers (and coordinators) see or change its people; for anyone else
the organisation does not exist (404). The invitation token is a secret: it is
never logged, and only the link in the email carries it in its address; from
there it waits in the session.
"""

from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.adapter import continue_after_login, forget_continue_after_login
from common.timezones import local_datetime
from events import rules, selectors, services, signals
from events.forms import SeminarForm, TrainerForm, VenueForm, agenda_formset
from events.forms_members import InvitationForm
from events.models import Invitation, Membership, Organisation, Seminar, Trainer, Venue
from events.tasks import seal_token, send_invitation_email
from events.validators import SEMINAR_SLUG_TAKEN
from events.zones import organisation_zone


def _managed_organisations(user) -> list[Organisation]:
    return list(rules.organisations_managed_by(user))


def organiser_area(view):
    """Login, then an organiser role in at least one organisation (or coordinator)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        organisations = _managed_organisations(request.user)
        if not organisations and not rules.is_coordinator(request.user):
            raise PermissionDenied
        request.managed_organisations = organisations
        return view(request, *args, **kwargs)

    return wrapper


def _owned_by(model, user):
    """The venues or trainers of the user's organisations."""
    return model.objects.filter(organisation__in=rules.organisations_managed_by(user)).select_related(
        "organisation"
    )


def _render_form(request: HttpRequest, template: str, context: dict, *, invalid: bool) -> HttpResponse:
    return render(request, template, context, status=400 if invalid else 200)


# Seminars


def _with_list_columns(seminars):
    """The columns the apps above add (events.signals.seminar_list_columns)."""
    for _receiver, add_columns in signals.seminar_list_columns.send(sender=Seminar):
        seminars = add_columns(seminars)
    return seminars


@require_http_methods(["GET", "HEAD"])
@organiser_area
def seminar_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    seminars = _with_list_columns(selectors.seminars_managed_by(request.user))
    upcoming = list(seminars.filter(ends_at__gte=now).order_by("starts_at", "pk"))
    past = list(seminars.filter(ends_at__lt=now).order_by("-starts_at", "-pk"))
    has_venues = (
        bool(upcoming or past)
        or Venue.objects.filter(organisation__in=request.managed_organisations).exists()
    )
    return render(
        request,
        "events/manage/seminar_list.html",
        {
            "upcoming": upcoming,
            "past": past,
            "has_venues": has_venues,
            "organisations": request.managed_organisations,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organiser_area
def seminar_create(request: HttpRequest) -> HttpResponse:
    return _seminar_form_page(request, Seminar())


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def seminar_edit(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = selectors.seminar_managed_by(request.user, pk)
    return _seminar_form_page(request, seminar)


def _seminar_form_page(request: HttpRequest, seminar: Seminar) -> HttpResponse:
    """One page for the seminar and its agenda; nothing is saved unless both are valid."""
    is_new = seminar.pk is None
    organisations = getattr(request, "managed_organisations", None) or _managed_organisations(request.user)
    data = request.POST if request.method == "POST" else None
    form = SeminarForm(data, instance=seminar, organisations=organisations)
    seminar_valid = form.is_valid() if data is not None else False
    agenda = agenda_formset(data, seminar_form=form)
    if data is not None and seminar_valid and agenda.is_valid():
        try:
            with transaction.atomic():
                if is_new:
                    seminar = form.save()
                else:
                    # The rules of an edit (seats, calendars, telling people) are the service's.
                    seminar = services.seminar_update(seminar=form.save(commit=False), actor=request.user)
                    form.save_m2m()
                agenda.instance = seminar
                agenda.save()
        except IntegrityError:
            # Only a concurrent save taking the same address gets here: the form checked the rest.
            if is_new:
                form.instance.pk = None
            form.add_error("slug", SEMINAR_SLUG_TAKEN)
        except services.CapacityRefused as error:
            form.add_error("capacity", str(error))
        else:
            if is_new:
                messages.success(request, _("The seminar is saved as a draft. Publish it when it is ready."))
            else:
                messages.success(request, _("Your changes are saved."))
            if "continue" in request.POST:
                return redirect("manage:seminar_edit", pk=seminar.pk)
            return redirect("manage:index")
    saved = None if is_new else Seminar.objects.select_related("venue", "organisation").get(pk=seminar.pk)
    return _render_form(
        request,
        "events/manage/seminar_form.html",
        {"form": form, "agenda": agenda, "seminar": saved, "is_new": is_new},
        invalid=data is not None,
    )


@require_POST
@login_required
def seminar_publish(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = selectors.seminar_managed_by(request.user, pk)
    try:
        services.seminar_publish(seminar=seminar, actor=request.user)
    except services.SeminarError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(
            request,
            _("This seminar cannot be published yet: %(problems)s Edit it and try again.")
            % {"problems": " ".join(error.messages)},
        )
    else:
        messages.success(request, _("“%(title)s” is published.") % {"title": seminar.display_title})
    return redirect("manage:index")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def seminar_cancel_page(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST cancels the seminar and its registrations,
    and tells every registrant (events.services.seminar_cancel)."""
    seminar = selectors.seminar_managed_by(request.user, pk)
    if request.method != "POST":
        return render(request, "events/manage/seminar_cancel.html", {"seminar": seminar})
    try:
        told = services.seminar_cancel(seminar=seminar, actor=request.user)
    except services.SeminarError as error:
        messages.error(request, str(error))
    else:
        title = seminar.display_title
        if told:
            messages.success(
                request,
                ngettext(
                    "“%(title)s” is cancelled. %(count)s registrant is told by email.",
                    "“%(title)s” is cancelled. %(count)s registrants are told by email.",
                    told,
                )
                % {"title": title, "count": told},
            )
        else:
            messages.success(request, _("“%(title)s” is cancelled.") % {"title": title})
    return redirect("manage:index")


@require_POST
@login_required
def seminar_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = selectors.seminar_managed_by(request.user, pk)
    try:
        copy = services.seminar_duplicate(seminar=seminar, actor=request.user)
    except services.SeminarError as error:
        messages.error(request, str(error))
        return redirect("manage:index")
    messages.success(
        request,
        _("This is a draft copy of “%(title)s”. Change its dates, then save.")
        % {"title": seminar.display_title},
    )
    return redirect("manage:seminar_edit", pk=copy.pk)


# Venues


@require_http_methods(["GET", "HEAD"])
@organiser_area
def venue_list(request: HttpRequest) -> HttpResponse:
    venues = _owned_by(Venue, request.user).order_by("organisation__name", "city", "name")
    return render(
        request,
        "events/manage/venue_list.html",
        {"venues": venues, "organisations": request.managed_organisations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organiser_area
def venue_create(request: HttpRequest) -> HttpResponse:
    return _venue_form_page(request, Venue())


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def venue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _venue_form_page(request, get_object_or_404(_owned_by(Venue, request.user), pk=pk))


def _owned_object_form_page(
    request: HttpRequest, form_class, instance, *, template, saved, then
) -> HttpResponse:
    """Create or edit a venue or trainer of one of the user's organisations."""
    is_new = instance.pk is None
    organisations = getattr(request, "managed_organisations", None) or _managed_organisations(request.user)
    data = request.POST if request.method == "POST" else None
    form = form_class(data, instance=instance, organisations=organisations)
    if data is not None and form.is_valid():
        saved_object = form.save()
        messages.success(request, saved % {"name": saved_object.name})
        return redirect(then)
    return _render_form(request, template, {"form": form, "is_new": is_new}, invalid=data is not None)


def _venue_form_page(request: HttpRequest, venue: Venue) -> HttpResponse:
    saved = _("The venue “%(name)s” is saved.")
    page = {"template": "events/manage/venue_form.html", "saved": saved, "then": "manage:venue_list"}
    return _owned_object_form_page(request, VenueForm, venue, **page)


# Trainers


@require_http_methods(["GET", "HEAD"])
@organiser_area
def trainer_list(request: HttpRequest) -> HttpResponse:
    trainers = _owned_by(Trainer, request.user).order_by("organisation__name", "name")
    return render(
        request,
        "events/manage/trainer_list.html",
        {"trainers": trainers, "organisations": request.managed_organisations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@organiser_area
def trainer_create(request: HttpRequest) -> HttpResponse:
    return _trainer_form_page(request, Trainer())


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def trainer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _trainer_form_page(request, get_object_or_404(_owned_by(Trainer, request.user), pk=pk))


def _trainer_form_page(request: HttpRequest, trainer: Trainer) -> HttpResponse:
    saved = _("The trainer “%(name)s” is saved.")
    page = {"template": "events/manage/trainer_form.html", "saved": saved, "then": "manage:trainer_list"}
    return _owned_object_form_page(request, TrainerForm, trainer, **page)


# The token of the invitation opened in this browser, until it is accepted or dead.
PENDING_INVITATION = "events.pending_invitation"


def _managed_organisation(request: HttpRequest, slug: str) -> Organisation:
    return get_object_or_404(rules.organisations_managed_by(request.user), slug=slug)


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """The organisations whose colleagues the person manages (all, for coordinators)."""
    organisations = list(rules.organisations_managed_by(request.user).only("name", "short_name", "slug"))
    if not organisations and not rules.is_coordinator(request.user):
        raise PermissionDenied
    return render(request, "events/members/organisation_list.html", {"organisations": organisations})


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
    return render(request, "events/members/organisation_detail.html", context, status=status)


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
        except services.SeminarError as error:
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
            return redirect("manage:organisation", slug=organisation.slug)
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
            "events/members/membership_remove.html",
            {"organisation": organisation, "membership": membership},
        )
    try:
        services.membership_remove(membership=membership, actor=request.user)
    except services.SeminarError as error:
        messages.error(request, str(error))
        return redirect("manage:organisation", slug=organisation.slug)
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
        return redirect("manage:organisation", slug=organisation.slug)
    if rules.organisations_managed_by(request.user).exists():
        return redirect("manage:organisations")
    return redirect("dashboard")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    invitation = get_object_or_404(Invitation, pk=invitation_id, organisation=organisation)
    try:
        services.invitation_revoke(invitation=invitation, actor=request.user)
    except services.SeminarError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The invitation to %(email)s is withdrawn; its link no longer works.")
            % {"email": invitation.email},
        )
    return redirect("manage:organisation", slug=organisation.slug)


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
    response = render(request, "events/members/invitation_refused.html", context, status=status)
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
    accept_url = reverse("manage:invitation_accept")
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
            "events/members/invitation_accept.html",
            {"invitation": invitation, "zone": organisation_zone(invitation.organisation)},
        )
    try:
        membership = services.invitation_accept(token=token, user=request.user)
    except services.SeminarError as error:
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
