"""The journey toolkit sees what it must: a Content-Security-Policy violation, a
page wider than the phone, a 403 and a 500, and a file missing from a page."""

import pytest

from tests.browser.journey import OVERFLOW_TAG, PHONE

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDE_PAGE = """<!doctype html><html><head><meta name="viewport" content="width=device-width">
<link rel="stylesheet" href="/static/missing.css"></head>
<body><p><code class="hash">{}</code></p></body></html>""".format("a" * 400)


def test_the_toolkit_reports_each_kind_of_problem(journey, live_server):
    page = journey.open(PHONE)

    page.goto(f"{live_server.url}/")
    assert journey.problems == []
    # A CSP violation: an image from another host, on one of our pages.
    with page.expect_console_message(lambda message: "content security policy" in message.text.lower()):
        page.evaluate(
            """() => { const image = new Image(); image.src = "https://example.invalid/pixel.png";
                       document.body.append(image); }"""
        )
    assert any("content security policy" in problem.lower() for problem in journey.problems)
    journey.problems.clear()

    # A page that scrolls sideways (an unbreakable 400-letter word at 375 px) and asks for a missing file.
    page.route(
        f"{live_server.url}/wide/", lambda route: route.fulfill(body=WIDE_PAGE, content_type="text/html")
    )
    with page.expect_console_message(lambda message: OVERFLOW_TAG in message.text):
        page.goto(f"{live_server.url}/wide/")
    assert any(OVERFLOW_TAG in problem and "code.hash" in problem for problem in journey.problems), (
        journey.problems
    )
    assert any(problem.startswith("404 for GET") and "missing.css" in problem for problem in journey.problems)
    journey.problems.clear()

    # 403 and 500 answers; a page that is not there (404) is not a problem by itself.
    page.route(
        f"{live_server.url}/status-*/",
        lambda route: route.fulfill(
            status=int(route.request.url.rstrip("/").rsplit("-", 1)[1]),
            body="<p>No</p>",
            content_type="text/html",
        ),
    )
    for status in (403, 500):
        page.goto(f"{live_server.url}/status-{status}/")
    page.goto(f"{live_server.url}/press/no-such-release/")
    assert [problem.split(" for ")[0] for problem in journey.problems] == ["403", "500"], journey.problems
    with pytest.raises(pytest.fail.Exception, match="The journey met"):
        journey.check()
    assert journey.problems == []
