"""The audit log for coordinators: /manage/audit/, read-only, filtered and paginated."""

from datetime import UTC, datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.forms import AuditFilterForm
from accounts.models import AuditEntry
from events import rules

ENTRIES_PER_PAGE = 50


def _filtered(entries, filters: dict):
    if filters.get("action"):
        entries = entries.filter(action=filters["action"])
    if filters.get("actor"):
        entries = entries.filter(actor__email__icontains=filters["actor"])
    if filters.get("target_type"):
        entries = entries.filter(target_type=filters["target_type"])
    if filters.get("since"):
        entries = entries.filter(at__gte=datetime.combine(filters["since"], time.min, tzinfo=UTC))
    if filters.get("until"):
        entries = entries.filter(
            at__lt=datetime.combine(filters["until"] + timedelta(days=1), time.min, tzinfo=UTC)
        )
    return entries


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Who did what to which object, newest first. Coordinators only (403 for everyone
    else, as in the rest of the organiser area). Entries name the acting account by
    its email and describe targets without personal data (accounts.audit.describe)."""
    if not rules.is_coordinator(request.user):
        raise PermissionDenied
    distinct = AuditEntry.objects.order_by()
    form = AuditFilterForm(
        request.GET or None,
        actions=sorted(distinct.values_list("action", flat=True).distinct()),
        target_types=sorted(distinct.values_list("target_type", flat=True).distinct()),
    )
    entries = AuditEntry.objects.select_related("actor").only(
        "at", "action", "target_type", "target_id", "target_repr", "details", "actor__email"
    )
    if form.is_bound and not form.is_valid():
        entries = entries.none()
    elif form.is_bound:
        entries = _filtered(entries, form.cleaned_data)
    page = Paginator(entries, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
