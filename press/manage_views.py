"""The press area: writing, translating, scheduling and publishing press releases
(/manage/press/), and the press list of journalists with the embargoed advance
sending of a release (/manage/press/list/, press officers only).

Who may see what comes from press.rules: every release is looked up among
those the user may edit, so another organisation's release is a 404. The area
answers 403 to people who are neither organisers nor press officers. The views
are thin: each state change is one press.services call, and its PressError
becomes a message with status 400.
"""

import zoneinfo
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from common.areas import organisation_area
from common.forms import language_name
from common.timezones import local_datetime
from events import rules as event_rules
from events.forms import COUNTRY_LANGUAGES
from events.models import Membership, Organisation, Venue
from events.zones import organisation_zone, organisation_zones
from press import rules, services
from press.forms import (
    AttachmentForm,
    CorrectionForm,
    PressContactForm,
    ReleaseForm,
    ScheduleForm,
    WithdrawalForm,
)
from press.models import Attachment, Distribution, PressContact, PressListEntry, PressRelease
from press.press_list_forms import PressListEntryForm
from press.validators import SLUG_TAKEN

Status = PressRelease.Status
# What a translation starts from: the text to translate and the shared facts.
TRANSLATION_PREFILL = [
    "headline",
    "subtitle",
    "dateline_city",
    "dateline_date",
    "lead",
    "body",
    "project",
    "contact",
    "image_alt",
]


# Organisers draft; press officers also publish.
press_area = organisation_area(
    lambda user: event_rules.organisations_where(
        user, Membership.Role.ORGANISER, Membership.Role.PRESS_OFFICER
    ),
    or_else=event_rules.is_coordinator,
)
# The press list (/manage/press/list/): journalists who agreed to receive an
# organisation's releases. Only its press officers (and coordinators) see or change it.
press_list_area = organisation_area(
    event_rules.organisations_publishing_for, or_else=event_rules.is_coordinator
)


def state_of(release: PressRelease, now) -> tuple[str, str]:
    """The state people think in: a published release whose time has not come is scheduled."""
    if release.status == Status.PUBLISHED and release.publish_at and release.publish_at > now:
        return "scheduled", _("Scheduled")
    return release.status, release.get_status_display()


def _annotate(release: PressRelease, zone: zoneinfo.ZoneInfo, now) -> PressRelease:
    release.zone = zone
    release.state, release.state_label = state_of(release, now)
    release.language_name = language_name(release.language)
    return release


def _editable(request: HttpRequest):
    return rules.releases_editable_by(request.user).select_related("organisation", "project", "contact")


def _release_or_404(request: HttpRequest, pk: int, *, publisher: bool = False) -> PressRelease:
    """Organisers see their organisation's drafts, but publishing, correcting and
    withdrawing (`publisher`) are for press officers."""
    release = get_object_or_404(_editable(request), pk=pk)
    if publisher and not rules.may_publish(request.user, release):
        raise PermissionDenied
    return _annotate(release, organisation_zone(release.organisation), timezone.now())


def _to_detail(request: HttpRequest, release: PressRelease, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("manage_press:release_detail", pk=release.pk)


# The list


@require_http_methods(["GET", "HEAD"])
@press_area
def release_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    releases = list(_editable(request).order_by(F("publish_at").desc(nulls_first=True), "-updated_at", "-pk"))
    zones = organisation_zones(
        {release.organisation_id: release.organisation for release in releases}.values()
    )
    for release in releases:
        _annotate(release, zones[release.organisation_id], now)
    return render(
        request,
        "press/manage/release_list.html",
        {"releases": releases, "organisations": request.area_organisations},
    )


# Writing


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def release_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new release (new/, no pk) or a change to a draft."""
    if pk is None:
        return _release_form_page(request, PressRelease())
    release = _release_or_404(request, pk)
    if release.status == Status.PUBLISHED:
        messages.info(request, _("A published release changes only through a correction."))
        return redirect("manage_press:release_correct", pk=release.pk)
    if release.status == Status.WITHDRAWN:
        messages.info(request, _("A withdrawn release does not change any more."))
        return redirect("manage_press:release_detail", pk=release.pk)
    return _release_form_page(request, release)


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def release_translate(request: HttpRequest, pk: int) -> HttpResponse:
    """A new release in another language, in the same translation group, starting
    from the text of this one."""
    source = _release_or_404(request, pk)
    taken = set(
        PressRelease.objects.filter(translation_group=source.translation_group).values_list(
            "language", flat=True
        )
    )
    missing = [code for code, _name in PressRelease._meta.get_field("language").choices if code not in taken]
    if not missing:
        messages.info(request, _("This release is already written in every language of the site."))
        return redirect("manage_press:release_detail", pk=source.pk)
    translation = PressRelease(
        organisation=source.organisation, translation_group=source.translation_group, image=source.image
    )
    initial = {name: getattr(source, name) for name in TRANSLATION_PREFILL}
    initial.update(language=missing[0], seminars=list(source.seminars.values_list("pk", flat=True)))
    return _release_form_page(request, translation, initial=initial, source=source)


def _release_form_page(
    request: HttpRequest, release: PressRelease, *, initial=None, source: PressRelease | None = None
) -> HttpResponse:
    is_new = release.pk is None
    if is_new and not initial:
        initial = _new_release_defaults(request.area_organisations)
    posted = request.method == "POST"
    form = ReleaseForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=release,
        initial=initial,
        organisations=request.area_organisations,
    )
    if posted and form.is_valid():
        release = form.save(commit=False)
        if release.author_id is None:
            # release_save validates the model, which requires an author, before it
            # fills one in; a release whose author's account was erased is adopted
            # by the next person who edits it.
            release.author = request.user
        try:
            with transaction.atomic():
                services.release_save(
                    release=release, actor=request.user, summary=form.cleaned_data.get("change_summary", "")
                )
                form.save_m2m()
        except services.PressError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        except IntegrityError:
            # Someone saved a version in this language, or a release of the organisation
            # under this address, a moment ago.
            if (
                PressRelease.objects.filter(organisation=release.organisation_id, slug=release.slug)
                .exclude(pk=release.pk)
                .exists()
            ):
                form.add_error("slug", SLUG_TAKEN)
            else:
                form.add_error("language", form.fields["language"].error_messages["invalid_choice"])
        else:
            if source is not None:
                return _to_detail(request, release, _("The translation is saved as a draft."))
            if is_new:
                return _to_detail(request, release, _("The press release is saved as a draft."))
            return _to_detail(request, release, _("Your changes are saved."))
        if is_new:
            release.pk = None  # the failed save rolled back
    return render(
        request,
        "press/manage/release_form.html",
        {"form": form, "release": release, "is_new": is_new, "source": source},
        status=400 if posted else 200,
    )


def _new_release_defaults(organisations: list[Organisation]) -> dict:
    defaults = {"dateline_date": timezone.localdate()}
    if len(organisations) == 1:
        organisation = organisations[0]
        defaults["dateline_date"] = timezone.localdate(timezone=organisation_zone(organisation))
        defaults["language"] = COUNTRY_LANGUAGES.get(organisation.country.code, "en")
        city = (
            Venue.objects.filter(organisation=organisation)
            .order_by("pk")
            .values_list("city", flat=True)
            .first()
        )
        if city:
            defaults["dateline_city"] = city.upper()
    return defaults


# One release


@require_http_methods(["GET", "HEAD"])
@press_area
def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release_or_404(request, pk)
    return _detail_page(request, release)


def _detail_page(
    request: HttpRequest, release: PressRelease, *, attachment_form=None, status: int = 200
) -> HttpResponse:
    versions = list(
        PressRelease.objects.filter(translation_group=release.translation_group)
        .exclude(pk=release.pk)
        .order_by("language")
    )
    editable_ids = set(
        _editable(request).filter(pk__in=[version.pk for version in versions]).values_list("pk", flat=True)
    )
    now = timezone.now()
    for version in versions:
        _annotate(version, release.zone, now)
        version.is_editable = version.pk in editable_ids
    taken = {release.language, *(version.language for version in versions)}
    revisions = list(release.revisions.select_related("author"))
    for revision in revisions:
        revision.summary_display = _revision_summary(revision.summary, release.zone)
    drafting = release.status in (Status.DRAFT, Status.REVIEW)
    return render(
        request,
        "press/manage/release_detail.html",
        {
            "release": release,
            "versions": versions,
            "can_translate": len(taken) < len(PressRelease._meta.get_field("language").choices),
            "can_publish": rules.may_publish(request.user, release),
            "can_edit_text": drafting and rules.may_edit(request.user, release),
            "attachments": list(release.attachments.all()),
            "attachment_form": attachment_form or AttachmentForm(),
            "revisions": revisions,
        },
        status=status,
    )


def _revision_summary(summary: str, zone) -> str:
    """The fixed summaries the services write, in the reader's language; what people typed stays as typed."""
    fixed = {
        "created": _("Created"),
        "edited": _("Edited"),
        "sent for review": _("Sent for review"),
        "corrected": _("Corrected"),
        "withdrawn": _("Withdrawn"),
    }
    if summary in fixed:
        return fixed[summary]
    prefix = "published for "
    if summary.startswith(prefix):
        try:
            when = datetime.fromisoformat(summary.removeprefix(prefix))
        except ValueError:
            return summary
        return _("Published for %(time)s") % {"time": local_datetime(when, zone)}
    for prefix, label in (
        ("attachment added: ", _("Attachment added: %(title)s")),
        ("attachment removed: ", _("Attachment removed: %(title)s")),
    ):
        if summary.startswith(prefix):
            return label % {"title": summary.removeprefix(prefix)}
    return summary


@require_http_methods(["GET", "HEAD"])
@press_area
def release_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The release as it will look when published, under a banner saying it is not (yet) public."""
    release = _release_or_404(request, pk)
    seminars = list(release.seminars.select_related("venue").order_by("starts_at", "pk"))
    return render(
        request,
        "press/manage/release_preview.html",
        {"release": release, "seminars": seminars, "attachments": list(release.attachments.all())},
    )


# Actions


@require_POST
@press_area
def release_submit(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release_or_404(request, pk)
    try:
        services.release_submit_for_review(release=release, actor=request.user)
    except services.PressError as error:
        messages.error(request, str(error))
        return _detail_page(request, release, status=400)
    return _to_detail(request, release, _("The release is sent to the press officers for review."))


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def release_publish(request: HttpRequest, pk: int, later: bool = False) -> HttpResponse:
    """GET asks for confirmation (and offers a later time); POST publishes now, or,
    `later` (schedule/), at a later time (embargo) typed in the organisation's time zone."""
    release = _release_or_404(request, pk, publisher=True)
    now, posted = timezone.now(), request.method == "POST"
    form = ScheduleForm(request.POST if later and posted else None, zone=release.zone, now=now)
    if posted and (not later or form.is_valid()):
        publish_at = form.cleaned_data["publish_at"] if later else None
        try:
            release = services.release_publish(
                release=release, actor=request.user, publish_at=publish_at, now=now
            )
        except services.PressError as error:
            messages.error(request, str(error))
        else:
            if not later:
                return _to_detail(
                    request, release, _("“%(headline)s” is published.") % {"headline": release.headline}
                )
            return _to_detail(
                request,
                release,
                _("“%(headline)s” is scheduled for %(time)s. Until then it is invisible everywhere.")
                % {"headline": release.headline, "time": local_datetime(release.publish_at, form.zone)},
            )
    return render(
        request,
        "press/manage/release_publish.html",
        {"release": release, "schedule_form": form},
        status=400 if posted else 200,
    )


def _form_action(request: HttpRequest, release: PressRelease, form, template: str, act, done: str):
    """A posted, valid form runs `act(form)` (one press.services call); a refusal
    comes back on the page with status 400."""
    posted = request.method == "POST"
    if posted and form.is_valid():
        try:
            act(form)
        except services.PressError as error:
            messages.error(request, str(error))
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return _to_detail(request, release, done)
    return render(request, template, {"release": release, "form": form}, status=400 if posted else 200)


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def release_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """After publication, text changes only by a correction that the page shows with its note."""
    release = _release_or_404(request, pk, publisher=True)
    return _form_action(
        request,
        release,
        CorrectionForm(request.POST if request.method == "POST" else None, release=release),
        "press/manage/release_correct.html",
        lambda form: services.release_correct(
            release=release, actor=request.user, note=form.cleaned_data["note"], changes=form.changes()
        ),
        _("The correction is published with its note."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def release_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation and a note; POST withdraws the release from lists and feeds."""
    release = _release_or_404(request, pk, publisher=True)
    return _form_action(
        request,
        release,
        WithdrawalForm(request.POST if request.method == "POST" else None),
        "press/manage/release_withdraw.html",
        lambda form: services.release_withdraw(
            release=release, actor=request.user, note=form.cleaned_data["note"]
        ),
        _("The release is withdrawn."),
    )


# Attachments


@require_POST
@press_area
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    release = _release_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                release=release,
                actor=request.user,
                title=form.cleaned_data["title"],
                file=form.cleaned_data["file"],
            )
        except services.PressError as error:
            form.add_error("file", str(error))
        else:
            return _to_detail(request, release, _("The attachment is added."))
    return _detail_page(request, release, attachment_form=form, status=400)


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    """GET asks for confirmation; POST removes the file."""
    release = _release_or_404(request, pk)
    attachment = get_object_or_404(Attachment.objects.filter(release=release), pk=attachment_pk)
    if request.method == "POST":
        try:
            services.attachment_remove(attachment=attachment, actor=request.user)
        except services.PressError as error:
            messages.error(request, str(error))
            return _detail_page(request, release, status=400)
        return _to_detail(
            request, release, _("The attachment “%(title)s” is removed.") % {"title": attachment.title}
        )
    return render(
        request, "press/manage/attachment_remove.html", {"release": release, "attachment": attachment}
    )


# Press contacts


def _contacts_of(request: HttpRequest):
    return PressContact.objects.filter(organisation__in=request.area_organisations).select_related(
        "organisation"
    )


@require_http_methods(["GET", "HEAD"])
@press_area
def contact_list(request: HttpRequest) -> HttpResponse:
    contacts = _contacts_of(request).order_by("organisation__name", "office_name")
    return render(
        request,
        "press/manage/contact_list.html",
        {"contacts": contacts, "organisations": request.area_organisations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@press_area
def contact_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new press contact (contacts/new/, no pk) or a change to one."""
    contact = get_object_or_404(_contacts_of(request), pk=pk) if pk else PressContact()
    is_new = contact.pk is None
    posted = request.method == "POST"
    form = PressContactForm(
        request.POST if posted else None, instance=contact, organisations=request.area_organisations
    )
    if posted and form.is_valid():
        contact = form.save()
        messages.success(request, _("The press contact “%(name)s” is saved.") % {"name": contact.office_name})
        return redirect("manage_press:contact_list")
    return render(
        request,
        "press/manage/contact_form.html",
        {"form": form, "is_new": is_new},
        status=400 if posted else 200,
    )


# The press list


def _entries_of(user):
    return PressListEntry.objects.filter(
        organisation__in=event_rules.organisations_publishing_for(user)
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
        {"entries": entries, "organisations": request.area_organisations},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@press_list_area
def entry_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add (new/, no pk) or correct an entry. Ticking the consent box records the
    consent now (and puts someone who had unsubscribed back on the list)."""
    entry = get_object_or_404(_entries_of(request.user), pk=pk) if pk else PressListEntry()
    data = request.POST if request.method == "POST" else None
    form = PressListEntryForm(data, instance=entry, organisations=request.area_organisations)
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
    if not error and state_of(release, timezone.now())[0] != "scheduled":
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
            organisation__in=event_rules.organisations_publishing_for(request.user)
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
