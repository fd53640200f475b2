"""The public list of seminars (a seminar's own page shows its registration state: registrations.views)."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.caching import cached_page
from events import cache, selectors
from events.filters import SeminarFilterForm

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
