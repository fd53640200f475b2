"""The organisers' pages at the door and after it (/manage/...): the check-in desk,
the page a participant's QR code opens, the attendance grid and the sign-in sheets.

Seminars are looked up by id among the seminars the user manages, and
registrations (by id or check-in code) within them, so another organisation's
seminar or registration is a 404. A check-in code that is not one of the user's
seminars' shows the same page as a forged one. GETs never change anything.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import audit
from attendance import selectors, services, sheets
from attendance.manage_forms import (
    CHECK_IN_CODE,
    AttendanceForm,
    CodeForm,
    ParticipantForm,
    WalkInForm,
    box_value,
)
from attendance.models import Attendance
from attendance.units import AttendanceUnit, attendance_units, hours_attended, total_hours, unit_key, units_on
from events import selectors as event_selectors
from events.models import Seminar
from registrations.models import Registration

Status = Registration.Status


# What the pages show of the seminar (venue, host, project), in the one lookup.
SEMINARS = Seminar.objects.select_related("venue", "organisation", "project")


def _confirmed(seminar: Seminar):
    return Registration.objects.filter(seminar=seminar, status=Status.CONFIRMED).select_related(
        "user", "professional_group"
    )


def _name_key(name: str) -> str:
    """Sorting key: letters without their accents first (Č with C, Ș with S)."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return bare.casefold()


def _by_name(registrations) -> list[Registration]:
    return sorted(
        registrations,
        key=lambda registration: (
            _name_key(registration.display_name),
            registration.display_name,
            registration.pk,
        ),
    )


# The desk


@dataclass(frozen=True)
class DeskRow:
    registration: Registration
    checked_in: bool


def checked_in_ids(seminar: Seminar, day_units: list[AttendanceUnit]) -> set[int]:
    """Confirmed registrations checked in for the desk's day (checked in, and present
    at every unit of the day): two queries whatever their number."""
    checked_in = set(
        Registration.objects.filter(seminar=seminar, status=Status.CONFIRMED, checked_in_at__isnull=False)
        .order_by()
        .values_list("pk", flat=True)
    )
    if not day_units:
        return checked_in
    unit_filter = Q(session_id__in=[unit.session_id for unit in day_units if unit.session_id]) | Q(
        day__in=[unit.day for unit in day_units if unit.day]
    )
    present_units: dict[int, int] = {}
    for registration_id in (
        Attendance.objects.filter(unit_filter, registration_id__in=checked_in, present=True)
        .order_by()
        .values_list("registration_id", flat=True)
    ):
        present_units[registration_id] = present_units.get(registration_id, 0) + 1
    return {pk for pk in checked_in if present_units.get(pk, 0) == len(day_units)}


def _posted_query(request: HttpRequest) -> str:
    """The name search the desk was showing when a button was pressed."""
    return " ".join(request.POST.get("q", "").replace("\x00", "").split())[:100]


def _desk_url(request: HttpRequest, seminar: Seminar, *, row: Registration | None = None) -> str:
    """Back to the desk, keeping the search, and at the row that was ticked."""
    url = reverse("manage_attendance:desk", kwargs={"pk": seminar.pk})
    query = _posted_query(request)
    url = f"{url}?{urlencode({'q': query})}" if query else url
    return f"{url}#person-{row.pk}" if row is not None else url


def _wants_json(request: HttpRequest) -> bool:
    """The desk's script asks for JSON to tick a row in place; a plain form post
    (no script) gets the redirect back to the row."""
    return request.accepts("application/json") and not request.accepts("text/html")


def _back_to_desk(
    request: HttpRequest, seminar: Seminar, text: str, level: int, *, row: Registration | None = None
) -> HttpResponse:
    """After a check-in or undo: the row and the count as JSON for the script, or
    the message and a redirect to the desk (at the row, when a row's button was used)."""
    if row is not None and _wants_json(request):
        return _row_json(request, seminar, row, text, level)
    if text:
        messages.add_message(request, level, text)
    return redirect(_desk_url(request, seminar, row=row))


def _row_json(request: HttpRequest, seminar: Seminar, registration: Registration, text: str, level: int):
    day = services.desk_day(seminar)
    checked_in = checked_in_ids(seminar, units_on(attendance_units(seminar), day, seminar.zone))
    confirmed = _confirmed(seminar)
    context = {
        "seminar": seminar,
        "query": _posted_query(request),
        "day": day,
        "checked_in_count": len(checked_in),
        "confirmed_count": confirmed.count(),
        "row": DeskRow(
            registration=confirmed.get(pk=registration.pk), checked_in=registration.pk in checked_in
        ),
    }
    return JsonResponse(
        {
            "message": text,
            "level": messages.DEFAULT_TAGS[level],
            "row": render_to_string("attendance/desk/_desk_row.html", context, request=request),
            "count": render_to_string("attendance/desk/_desk_count.html", context, request=request),
        }
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def desk(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the participants (filtered by ?q=) and the counts. POST: check in
    (Present), undo, check in a scanned code, or register a walk-in."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    walk_in = WalkInForm(prefix="walk_in")
    code_form = CodeForm()
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "walk_in":
            walk_in = WalkInForm(request.POST, prefix="walk_in")
            if walk_in.is_valid():
                try:
                    registration = services.walk_in_register(
                        seminar=seminar, actor=request.user, **walk_in.cleaned_data
                    )
                except services.RegistrationError as error:
                    errors.append(str(error))
                else:
                    return _back_to_desk(
                        request,
                        seminar,
                        _("%(name)s is registered and checked in.") % {"name": registration.display_name},
                        messages.SUCCESS,
                    )
            else:
                errors.append(_("The walk-in is not registered: please correct the form."))
        elif action == "code":
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                # Only codes of seminars the person manages are looked up: another
                # organisation's code is "unknown", like a random one, so the desk
                # does not confirm that it exists.
                registration = (
                    Registration.objects.filter(
                        check_in_code=code_form.cleaned_data["code"],
                        seminar__in=event_selectors.seminars_managed_by(request.user).values("pk"),
                    )
                    .select_related("user")
                    .first()
                )
                if registration is None:
                    errors.append(_("Unknown or invalid code. Nothing was changed."))
                elif registration.seminar_id != seminar.pk:
                    errors.append(_("This code belongs to another seminar. Nothing was changed."))
                else:
                    return _check_in(request, seminar, registration, errors)
            else:
                errors.extend(code_form.errors["code"])
        elif action in ("check_in", "undo"):
            chosen = ParticipantForm(request.POST, seminar=seminar)
            if chosen.is_valid():
                registration = chosen.cleaned_data["registration"]
                if action == "check_in":
                    return _check_in(request, seminar, registration, errors, row=True)
                undone = services.check_in_undo(registration=registration, actor=request.user)
                text = _("The check-in of %(name)s is undone.") % {"name": registration.display_name}
                return _back_to_desk(
                    request, seminar, text if undone else "", messages.SUCCESS, row=registration
                )
            errors.extend(chosen.errors["registration"])
            if _wants_json(request):
                return JsonResponse({"message": " ".join(errors), "level": "error"}, status=400)
        else:
            errors.append(_("Choose an action on the page. Nothing was changed."))
    return _desk_page(request, seminar, walk_in=walk_in, code_form=code_form, errors=errors)


def _check_in(
    request: HttpRequest,
    seminar: Seminar,
    registration: Registration,
    errors: list[str],
    *,
    row: bool = False,
):
    """Check in and go back to the desk (at the row, for a row's button); a refusal
    is shown on the desk (400), with the person's active registration when the
    code scanned is of one they cancelled before registering again."""
    try:
        done = services.check_in(registration=registration, actor=request.user)
    except services.RegistrationError as error:
        if row and _wants_json(request):
            return JsonResponse({"message": str(error), "level": "error"}, status=400)
        errors.append(str(error))
        return _desk_page(
            request,
            seminar,
            walk_in=WalkInForm(prefix="walk_in"),
            code_form=CodeForm(),
            errors=errors,
            replacement=selectors.replacement_of(registration),
        )
    name = registration.display_name
    if done:
        text, level = _("%(name)s is checked in.") % {"name": name}, messages.SUCCESS
    else:
        text, level = _("%(name)s was already checked in.") % {"name": name}, messages.INFO
    return _back_to_desk(request, seminar, text, level, row=registration if row else None)


def _desk_page(request, seminar, *, walk_in, code_form, errors, replacement=None) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").replace("\x00", "").split())[:100]
    day = services.desk_day(seminar)
    day_units = units_on(attendance_units(seminar), day, seminar.zone)
    confirmed = _confirmed(seminar)
    listed = confirmed
    if query:
        words = Q()
        for word in query.split()[:5]:
            words &= Q(user__full_name__icontains=word) | Q(full_name__icontains=word)
        listed = listed.filter(words)
    checked_in = checked_in_ids(seminar, day_units)
    rows = [
        DeskRow(registration=registration, checked_in=registration.pk in checked_in)
        for registration in _by_name(listed)
    ]
    return render(
        request,
        "attendance/desk/desk.html",
        {
            "seminar": seminar,
            "day": day,
            "query": query,
            "rows": rows,
            "confirmed_count": confirmed.count(),
            "checked_in_count": len(checked_in),
            "walk_in": walk_in,
            "code_form": code_form,
            "errors": errors,
            "replacement": replacement,
            "door_closed": services.door_refusal(seminar=seminar),
        },
        status=400 if errors else 200,
    )


# The page a participant's QR code opens


def _unknown_code(request: HttpRequest) -> HttpResponse:
    return render(request, "attendance/desk/code_unknown.html", status=404)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def check_in_code(request: HttpRequest, code: str) -> HttpResponse:
    """GET shows the registration's card to an organiser of its seminar; POST checks
    it in. For anyone else, and for a forged code, the same "unknown code" page."""
    if not CHECK_IN_CODE.fullmatch(code):
        return _unknown_code(request)
    registration = (
        Registration.objects.filter(
            check_in_code=code, seminar__in=event_selectors.seminars_managed_by(request.user).values("pk")
        )
        .select_related("user", "professional_group", "seminar__venue", "seminar__organisation")
        .first()
    )
    if registration is None:
        return _unknown_code(request)
    seminar = registration.seminar
    refusal = services.check_in_refusal(registration=registration)
    if request.method == "POST" and not refusal:
        return _check_in(request, seminar, registration, [])
    return render(
        request,
        "attendance/desk/code_card.html",
        {
            "seminar": seminar,
            "registration": registration,
            "refusal": refusal,
            "replacement": selectors.replacement_of(registration) if refusal else None,
        },
        status=400 if request.method == "POST" else 200,
    )


# Attendance per session (or per day)


@dataclass(frozen=True)
class GridRow:
    registration: Registration
    boxes: list[tuple[str, AttendanceUnit, bool]]  # (value, unit, present)
    hours: object


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The grid of confirmed participants by unit; POST saves the corrections."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    now = timezone.now()
    units = attendance_units(seminar)
    registrations = _by_name(_confirmed(seminar))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None, registrations=registrations, units=units
    )
    errors: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                present, absent = services.attendance_set(
                    seminar=seminar, actor=request.user, changes=form.changes(now), now=now
                )
            except services.RegistrationError as error:
                errors.append(str(error))
            else:
                messages.success(
                    request,
                    _("Attendance is saved: %(present)s marked present, %(absent)s marked absent.")
                    % {"present": present, "absent": absent},
                )
                return redirect("manage_attendance:attendance", pk=seminar.pk)
        else:
            errors.extend(
                message for messages_of_field in form.errors.values() for message in messages_of_field
            )
    present = {
        (registration_id, unit_key(session_id, day))
        for registration_id, session_id, day in Attendance.objects.filter(
            registration__seminar=seminar, present=True
        ).values_list("registration_id", "session_id", "day")
    }
    hours = hours_attended(seminar, registrations)
    rows = [
        GridRow(
            registration=registration,
            boxes=[
                (box_value(registration.pk, unit), unit, (registration.pk, unit.key) in present)
                for unit in units
            ],
            hours=hours[registration.pk],
        )
        for registration in registrations
    ]
    return render(
        request,
        "attendance/desk/attendance.html",
        {
            "seminar": seminar,
            "units": units,
            "rows": rows,
            "total_hours": total_hours(units),
            "started": {unit.key for unit in units if unit.has_started(now)},
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# Sign-in sheets


@require_GET
@login_required
def sign_in_sheets(request: HttpRequest, pk: int) -> HttpResponse:
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    return render(
        request,
        "attendance/desk/sign_in_sheets.html",
        {"seminar": seminar, "days": sheets.sheet_days(seminar), "participants": _confirmed(seminar).count()},
    )


@require_GET
@login_required
def sign_in_sheet_pdf(request: HttpRequest, pk: int, day: str) -> HttpResponse:
    """One day's sheet as a PDF (a day outside the seminar is a 404); audited."""
    seminar = event_selectors.seminar_managed_by(request.user, pk, seminars=SEMINARS)
    try:
        chosen = date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        chosen = None
    if chosen is None or chosen not in sheets.sheet_days(seminar):
        raise Http404("No such day in this seminar.")
    participants = _by_name(_confirmed(seminar))
    content = sheets.render_sign_in_sheet(seminar, chosen, participants)
    audit.record(
        actor=request.user,
        action="sign_in_sheet.download",
        target=seminar,
        day=chosen.isoformat(),
        participants=len(participants),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sign-in-{seminar.slug}-{chosen.isoformat()}.pdf"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
