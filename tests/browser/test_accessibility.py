"""Accessibility of the main pages, in English and Greek, as each page's visitor
sees them: axe-core (node_modules/axe-core, installed by `npm ci`) finds no
serious or critical violation.

The site's Content-Security-Policy forbids inline scripts, so axe is injected in
contexts opened with bypass_csp=True; only these checks use such contexts."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page

from tests.main_pages import LANGUAGES, create_main_page_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def open_context(browser: Browser, base_url: str, user=None, **options) -> BrowserContext:
    """A context that lets axe in, logged in as `user` through a session cookie."""
    context = browser.new_context(bypass_csp=True, **options)
    if user is not None:
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
    return context


def blocking_violations(page: Page) -> list[dict]:
    """Run axe on the loaded page; return its serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [violation for violation in results["violations"] if violation["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    """Rule, impact and help of each violation, then each element it names and why."""
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(node['target'])}")
            lines.extend(f"      {line.strip()}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


@pytest.mark.parametrize("language", LANGUAGES)
def test_main_pages_have_no_serious_or_critical_axe_violations(browser: Browser, live_server, language):
    data = create_main_page_data()
    contexts = {
        "anonymous": open_context(browser, live_server.url),
        "participant": open_context(browser, live_server.url, data.participant),
        # The check-in desk is made for a phone at the door.
        "organiser": open_context(browser, live_server.url, data.organiser, **PHONE),
    }
    pages = {visitor: context.new_page() for visitor, context in contexts.items()}
    report = []
    try:
        for main_page in data.pages(language):
            page = pages[main_page.visitor]
            response = page.goto(live_server.url + main_page.path)
            assert response.status == 200, f"{main_page.name}: {main_page.path} answered {response.status}"
            assert page.locator("html").get_attribute("lang") == language, main_page.path
            violations = blocking_violations(page)
            if violations:
                report.append(f"{main_page.name} ({main_page.path}):\n{describe(violations)}")
    finally:
        for context in contexts.values():
            context.close()

    assert not report, "axe found serious or critical violations:\n" + "\n".join(report)


def test_axe_reports_a_page_broken_on_purpose(browser: Browser, live_server):
    """The same check on the home page after an image without alt text, a field
    without a label and pale grey text on white are added. (Duplicated ids are
    left to the HTML checker: axe only asks for a review of them.)"""
    context = open_context(browser, live_server.url)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        assert blocking_violations(page) == []
        page.evaluate(
            """() => document.querySelector('main').insertAdjacentHTML('beforeend',
                '<img src="/static/img/logo.svg">' +
                '<input type="text" name="unlabelled">' +
                '<p class="faint" style="color: #bbb; background: #fff">Hard to read</p>')"""
        )
        violations = blocking_violations(page)
    finally:
        context.close()

    assert {violation["id"]: violation["impact"] for violation in violations} == {
        "image-alt": "critical",
        "label": "critical",
        "color-contrast": "serious",
    }
    report = describe(violations)
    assert "image-alt (critical): Images must have alternative text\n    at #main > img\n" in report
    assert "label (critical): Form elements must have labels\n    at input\n" in report
    assert (
        "at .faint\n      Fix any of the following:\n      Element has insufficient color contrast" in report
    )
