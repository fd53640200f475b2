"""The organiser area: seminars, their agenda, venues and trainers (/manage/).

Who may see what comes from events.rules: every object is looked up in a
queryset limited to the user's organisations, so another organisation's
seminar, venue or trainer is a 404. The area itself answers 403 to people
without an organiser role.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from events import rules, selectors, services, signals
from events.forms import SeminarForm, TrainerForm, VenueForm, agenda_formset
from events.models import Organisation, Seminar, Trainer, Venue
from events.validators import SEMINAR_SLUG_TAKEN


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
