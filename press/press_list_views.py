"""The press list (/manage/press/list/): journalists who agreed to receive an
organisation's press releases, the embargoed advance sending of a release to
them, and the public page where a journalist leaves the list.

Only press officers of the organisation (and coordinators) see or change its
list: the area answers 403 to people without that role, and another
organisation's entry or release is a 404. Sending is press.services.press_list_send.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from events import rules
from events.forms import language_name
from events.templatetags.seminars import local_datetime
from events.zones import organisation_zone, organisation_zones
from press import services
from press.models import Distribution, PressListEntry, PressRelease
from press.press_list_forms import PressListEntryForm


def press_list_area(view):
    """Login, then a press officer role in at least one organisation (or coordinator)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        organisations = list(rules.organisations_publishing_for(request.user))
        if not organisations and not rules.is_coordinator(request.user):
            raise PermissionDenied
        request.press_organisations = organisations
        return view(request, *args, **kwargs)

    return wrapper


def _entries_of(user):
    return PressListEntry.objects.filter(
        organisation__in=rules.organisations_publishing_for(user)
    ).select_related("organisation")


@require_http_methods(["GET", "HEAD"])
@press_list_area
def entry_list(request: HttpRequest) -> HttpResponse:
    entries = list(_entries_of(request.user).order_by("organisation__name", "name", "pk"))
    zones = organisation_zones({entry.organisation for entry in entries})
    for entry in entries:
        entry.zone = zones[entry.organisation_id]
    return render(
        request,
        "press/press_list/entry_list.html",
        {"entries": entries, "organisations": request.press_organisations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@press_list_area
def entry_create(request: HttpRequest) -> HttpResponse:
    return _entry_form_page(request, PressListEntry())


@require_http_methods(["GET", "HEAD", "POST"])
@press_list_area
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _entry_form_page(request, get_object_or_404(_entries_of(request.user), pk=pk))


def _entry_form_page(request: HttpRequest, entry: PressListEntry) -> HttpResponse:
    """Add or correct an entry. Ticking the consent box records the consent now
    (and puts someone who had unsubscribed back on the list)."""
    data = request.POST if request.method == "POST" else None
    form = PressListEntryForm(data, instance=entry, organisations=request.press_organisations)
    if data is not None and form.is_valid():
        entry = form.save(commit=False)
        if form.cleaned_data["consent"]:
            entry.consent_at = timezone.now()
            entry.unsubscribed_at = None
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            # The same address added at the same moment by a colleague.
            form.add_error("email", _("This email address is already on the press list."))
        else:
            messages.success(request, _("“%(name)s” is saved on the press list.") % {"name": entry.name})
            return redirect("press_list:index")
    zone = organisation_zone(entry.organisation) if entry.pk else None
    context = {"form": form, "entry": entry, "is_new": form.is_new, "zone": zone}
    return render(
        request, "press/press_list/entry_form.html", context, status=400 if data is not None else 200
    )


@require_http_methods(["GET", "HEAD", "POST"])
@press_list_area
def entry_remove(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then erase a journalist from the list (with the record of what they were sent)."""
    entry = get_object_or_404(_entries_of(request.user), pk=pk)
    if request.method != "POST":
        return render(request, "press/press_list/entry_remove.html", {"entry": entry})
    entry.delete()
    messages.success(request, _("“%(name)s” is no longer on the press list.") % {"name": entry.name})
    return redirect("press_list:index")


# Sending a release under embargo


def _sending_summary(release: PressRelease) -> dict:
    """Who would get the release now, by language, and in which version."""
    already = Distribution.objects.filter(translation_group=release.translation_group)
    waiting = (
        PressListEntry.objects.filter(organisation_id=release.organisation_id, unsubscribed_at__isnull=True)
        .exclude(pk__in=already.values("entry_id"))
        .values("language")
        .annotate(count=Count("pk"))
        .order_by("language")
    )
    translated = set(
        PressRelease.objects.filter(
            translation_group=release.translation_group, status=PressRelease.Status.PUBLISHED
        ).values_list("language", flat=True)
    )
    languages = [
        {
            "language": language_name(row["language"]),
            "count": row["count"],
            "version": language_name(row["language"] if row["language"] in translated else release.language),
            "translated": row["language"] in translated,
        }
        for row in waiting
    ]
    return {
        "languages": languages,
        "total": sum(row["count"] for row in languages),
        "already": already.count(),
        "embargo_until": local_datetime(release.publish_at, organisation_zone(release.organisation)),
    }


def _send_page(request: HttpRequest, release: PressRelease, *, error: str = "", status: int = 200):
    # A preview of the rule press_list_send enforces, so that the page does not offer a doomed button.
    scheduled = (
        release.status == PressRelease.Status.PUBLISHED
        and release.publish_at is not None
        and release.publish_at > timezone.now()
    )
    if not error and not scheduled:
        error = _("Only a release scheduled for later can be sent under embargo.")
    context = {"release": release, "error": error, **_sending_summary(release)}
    return render(request, "press/press_list/send.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def release_send(request: HttpRequest, release_id: int) -> HttpResponse:
    """Confirm, then send a scheduled release to the organisation's press list
    before its publish time. Sending again reaches only journalists added since."""
    release = get_object_or_404(
        PressRelease.objects.filter(
            organisation__in=rules.organisations_publishing_for(request.user)
        ).select_related("organisation"),
        pk=release_id,
    )
    if request.method != "POST":
        return _send_page(request, release)
    try:
        queued = services.press_list_send(release=release, actor=request.user)
    except services.PressError as error:
        return _send_page(request, release, error=str(error), status=400)
    if queued:
        messages.success(
            request,
            ngettext(
                "The advance copy is on its way to %(count)d journalist.",
                "The advance copy is on its way to %(count)d journalists.",
                queued,
            )
            % {"count": queued},
        )
    else:
        messages.info(request, _("Everyone on the press list has already received this release."))
    return redirect("press_list:send", release_id=release.pk)


# The journalist's own page, linked from every advance copy: no login.


@csrf_exempt  # Mail clients' one-click unsubscribe (RFC 8058) posts without a CSRF token;
# the secret token in the address is the credential, and leaving the list is all it allows.
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HttpRequest, token) -> HttpResponse:
    """Confirm, then take the journalist off the press list. Doing it again changes nothing."""
    entry = get_object_or_404(PressListEntry.objects.select_related("organisation"), unsubscribe_token=token)
    if request.method == "POST":
        PressListEntry.objects.filter(pk=entry.pk, unsubscribed_at__isnull=True).update(
            unsubscribed_at=timezone.now()
        )
        done = True
    else:
        done = entry.unsubscribed_at is not None
    with translation.override(entry.language):
        response = render(request, "press/press_list/unsubscribe.html", {"entry": entry, "done": done})
    # The address holds the token: no Referer to anything the page links to.
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
