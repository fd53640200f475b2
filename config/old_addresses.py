"""Organiser pages of a seminar are addressed by its id (a slug changes when the
title does). Addresses with the slug, from bookmarks and emails of before, redirect
to the same page by id, for the seminar's organisers only (others get the 404)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponsePermanentRedirect

from events import selectors as event_selectors


@login_required
def managed_seminar_by_slug(request: HttpRequest, slug: str, rest: str) -> HttpResponsePermanentRedirect:
    """308 (a form sent to the old address is sent again) to the page by id, query kept."""
    seminar = event_selectors.seminar_at(event_selectors.seminars_managed_by(request.user), slug)
    old_part = f"/seminars/{slug}/"
    prefix, _old, tail = request.path.partition(old_part)
    target = f"{prefix}/seminars/{seminar.pk}/{tail}"
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target, preserve_request=True)
