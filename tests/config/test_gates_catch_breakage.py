"""The guard tests catch what they guard against: each is run here against a deliberately
broken project and must report the breakage (and nothing, against the real one).

This module is also the broken project's URLconf: the project's URLs, with the
organiser's venue page replaced by a copy that forgot its permission check, and
a few throwaway pages that store and show a value.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import engines
from django.test import Client, override_settings
from django.urls import path
from django.utils.csp import CSP
from django.views.decorators.http import require_http_methods

from config import urls as project_urls
from events import manage_views as manage
from events.models import Venue
from tests.config import test_access_matrix as matrix
from tests.config import test_hostile_input as hostile
from tests.config.test_security_settings import (  # noqa: F401 (the fixtures, for pytest)
    header_problems,
    production,
    production_settings,
    secure_client,
)

pytestmark = pytest.mark.django_db

BROKEN = "tests.config.test_gates_catch_breakage"
VENUE = "manage/venues/<int:pk>/"


@require_http_methods(["GET", "HEAD", "POST"])
def venue_edit_without_its_check(request, pk):
    """events.manage_views.venue_edit, looking the venue up among all venues, not the person's."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next={request.path}")
    return manage._venue_form_page(request, get_object_or_404(Venue.objects.all(), pk=pk))


STORED = "gates:stored-value"


def store(request):
    """Keeps the posted value (a redirect, as a saved form does)."""
    cache.set(STORED, request.POST.get("value", ""))
    return redirect("/throwaway/shown-escaped/")


def store_even_when_refusing(request):
    """Says no, with a message, but keeps the value all the same."""
    cache.set(STORED, request.POST.get("value", ""))
    return HttpResponse('<ul class="errorlist"><li>Not allowed.</li></ul>', status=400)


def crash_on_nul(request):
    if "\x00" in request.POST.get("value", ""):
        raise ValueError("A string literal cannot contain NUL (0x00) characters.")
    return store(request)


def _shown(template: str):
    def view(request):
        page = engines["django"].from_string(template)
        return HttpResponse(page.render({"value": cache.get(STORED, "")}))

    return view


urlpatterns = [
    path(VENUE, venue_edit_without_its_check),
    path("throwaway/store/", store),
    path("throwaway/store-even-when-refusing/", store_even_when_refusing),
    path("throwaway/crash-on-nul/", crash_on_nul),
    path("throwaway/shown-escaped/", _shown("<p>{{ value }}</p>")),
    path("throwaway/shown-unescaped/", _shown("<p>{{ value|safe }}</p>")),
    *project_urls.urlpatterns,
]


# (a) The access matrix


def test_the_access_matrix_reports_a_view_without_its_permission_check():
    world = matrix.build_world()
    mismatches, _asked = matrix.run(world, [VENUE])
    assert mismatches == []  # the real view: as EXPECTED says

    with override_settings(ROOT_URLCONF=BROKEN):
        mismatches, _asked = matrix.run(world, [VENUE])

    x, y = world.x_venue.pk, world.y_venue.pk
    assert f"organiser_Y GET /manage/venues/{x}/ -> 200, expected 404" in mismatches
    assert f"organiser_X GET /manage/venues/{y}/ -> 200, expected 404" in mismatches
    assert f"organiser_Y POST /manage/venues/{x}/ -> 400, expected 404" in mismatches
    # The language-prefixed addresses still reach the real view; only the broken one is reported.
    assert all(f" /manage/venues/{x}/ " in line or f" /manage/venues/{y}/ " in line for line in mismatches)


def test_the_access_matrix_reports_a_url_pattern_without_an_expectation():
    assert matrix.coverage_problems(matrix.url_patterns()) == []
    with override_settings(ROOT_URLCONF=BROKEN):
        problems = matrix.coverage_problems(matrix.url_patterns())
    assert problems == [
        "URL pattern without an entry in EXPECTED: throwaway/store/",
        "URL pattern without an entry in EXPECTED: throwaway/store-even-when-refusing/",
        "URL pattern without an entry in EXPECTED: throwaway/crash-on-nul/",
        "URL pattern without an entry in EXPECTED: throwaway/shown-escaped/",
        "URL pattern without an entry in EXPECTED: throwaway/shown-unescaped/",
    ]


# (b) The hostile input checks


def _fuzz_throwaway(url: str, shown: str) -> list[str]:
    audit = hostile.Audit()
    client = Client()
    form = hostile.Form(
        who="visitor",
        client=client,
        url=url,
        base=lambda: {"value": "Ljubljana"},
        fields=[("value", hostile.TEXT)],
        state=lambda: (cache.get(STORED),),
        pages=lambda: [("visitor", client, shown)],
    )
    with override_settings(ROOT_URLCONF=BROKEN):
        hostile.fuzz(audit, form)
    return audit.failures


def test_the_hostile_input_check_passes_a_value_shown_escaped():
    assert _fuzz_throwaway("/throwaway/store/", "/throwaway/shown-escaped/") == []


def test_the_hostile_input_check_reports_a_value_shown_unescaped():
    failures = _fuzz_throwaway("/throwaway/store/", "/throwaway/shown-unescaped/")
    after = (
        "visitor GET /throwaway/shown-unescaped/ (after storing 'javascript:alert(1) <sc…(240 long) in value)"
    )
    assert failures == [
        f"{after} -> 200 shows raw <script>alert(1)</script>",
        f"{after} -> 200 shows <img onerror='alert(1)'>",
        f"{after} -> 200 shows <animate onbegin='alert(1)'>",
        f"{after} -> 200 shows <a xlink:href='javascript:alert(1)'>",
        f"{after} -> 200 shows <p style='width:expression(alert(…(62 long)>",
    ]


def test_the_hostile_input_check_reports_a_refusal_that_changes_something():
    failures = _fuzz_throwaway("/throwaway/store-even-when-refusing/", "/throwaway/shown-escaped/")
    assert len(failures) == len(hostile.TEXT)
    assert failures[0] == (
        "visitor POST /throwaway/store-even-when-refusing/ value='\\x00' -> refused (400) but changed "
        "table 0: None -> '\\x00'"
    )


def test_the_hostile_input_check_reports_a_500():
    failures = _fuzz_throwaway("/throwaway/crash-on-nul/", "/throwaway/shown-escaped/")
    assert failures == [
        "visitor POST /throwaway/crash-on-nul/ value='\\x00' -> 500 in the view: ValueError: "
        "A string literal cannot contain NUL (0x00) characters."
    ]


def test_the_output_checks_report_a_broken_calendar_feed_and_spreadsheet():
    """Outputs made as a careless writer would: raw CR LF in an .ics line, unescaped markup in
    a feed's description, a formula left as the first character of a cell."""
    calendar = f"BEGIN:VEVENT\r\nSUMMARY:{hostile.CRLF.replace('X-Injected', 'X-INJECTED')}\r\nEND:VEVENT\r\n"
    assert hostile._inert_calendar(calendar) == ["has a line 'X-INJECTED: 1' of its own"]
    escaped_once = engines["django"].from_string(
        "<rss><channel><item><description>{{ v }}</description></item></channel></rss>"
    )
    feed = escaped_once.render({"v": hostile.IMG}).encode()
    assert hostile._inert_feed(feed) == ["<description> shows <img onerror='alert(1)'>"]
    assert hostile._inert_cells([["Ana", hostile.FORMULA]]) == [
        "cell '=HYPERLINK(\"http://x\")' starts a formula"
    ]
    assert hostile._inert_cells([["Ana", "'" + hostile.FORMULA]]) == []


# (c) The security header checks


@pytest.mark.parametrize(
    ("broken", "reported"),
    [
        (
            {"MIDDLEWARE_WITHOUT": "config.security.PermissionsPolicyMiddleware"},
            "Permissions-Policy does not switch off camera",
        ),
        (
            {"MIDDLEWARE_WITHOUT": "django.middleware.csp.ContentSecurityPolicyMiddleware"},
            "no Content-Security-Policy",
        ),
        (
            {"SECURE_CSP_SCRIPT_SRC": [CSP.SELF, CSP.UNSAFE_INLINE]},
            "Content-Security-Policy allows 'unsafe-inline'",
        ),
        ({"SECURE_CSP_FRAME_ANCESTORS": [CSP.SELF]}, "Content-Security-Policy frame-ancestors is ["),
        ({"SECURE_HSTS_SECONDS": 0}, "Strict-Transport-Security is None"),
        ({"SECURE_REFERRER_POLICY": None}, "Referrer-Policy is None"),
        ({"X_FRAME_OPTIONS": "SAMEORIGIN"}, "X-Frame-Options is 'SAMEORIGIN'"),
    ],
    ids=[
        "no-permissions-policy",
        "no-csp",
        "unsafe-inline",
        "framable",
        "no-hsts",
        "no-referrer-policy",
        "x-frame-sameorigin",
    ],
)
@pytest.mark.usefixtures("production")
def test_the_header_checks_report_a_missing_or_weakened_header(broken, reported):
    assert header_problems(secure_client().get("/")) == []
    overrides = {}
    for name, value in broken.items():
        if name == "MIDDLEWARE_WITHOUT":
            overrides["MIDDLEWARE"] = [entry for entry in settings.MIDDLEWARE if entry != value]
        elif name.startswith("SECURE_CSP_"):
            directive = name.removeprefix("SECURE_CSP_").lower().replace("_", "-")
            overrides["SECURE_CSP"] = {**settings.SECURE_CSP, directive: value}
        else:
            overrides[name] = value
    with override_settings(**overrides):
        problems = header_problems(secure_client().get("/"))
    assert any(problem.startswith(reported) for problem in problems), problems
    # Only the broken header is reported.
    header = reported.removeprefix("no ").split()[0]
    assert all(header in problem for problem in problems), problems
