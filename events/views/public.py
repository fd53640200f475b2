"""Public seminar pages."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from common.caching import cached_page, mark_fresh_until
from events import cache, selectors
from events.filters import SeminarFilterForm
from registrations import cache as registration_cache
from registrations import selectors as registration_selectors

SEMINARS_PER_PAGE = 20


@require_GET
@cached_page(cache.SCOPE, fresh_until=cache.next_seminar_end)
def seminar_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.copy()
    query.setdefault("when", "upcoming")  # "?when=" (any time) is a choice; no "when" at all is not
    form = SeminarFilterForm(query)
    filters = form.filters()
    seminars = selectors.for_cards(selectors.public_seminars(filters))
    page = Paginator(seminars, SEMINARS_PER_PAGE).get_page(request.GET.get("page"))
    query.pop("page", None)
    return render(
        request,
        "events/seminar_list.html",
        {"form": form, "page": page, "filters": filters, "query": query.urlencode()},
    )


@require_GET
@cached_page(cache.SCOPE, registration_cache.SCOPE)
def seminar_detail(request: HttpRequest, slug: str) -> HttpResponse:
    seminar = selectors.public_seminar(slug)
    if seminar is None:
        raise Http404
    now = timezone.now()
    registration_info = registration_selectors.seminar_registration(seminar, user=request.user, now=now)
    response = render(
        request, "events/seminar_detail.html", {"seminar": seminar, "registration_info": registration_info}
    )
    mark_fresh_until(response, cache.seminar_moments(seminar, now))
    return response
