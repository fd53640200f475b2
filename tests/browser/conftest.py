"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's sync API keeps an asyncio event loop running in the test thread, so
Django would refuse ORM calls made from the test itself (factories, assertions on
the database) with SynchronousOnlyOperation. The test code is plain synchronous
code, so allowing it is safe here.
"""

import os
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

BROWSER_DIR = Path(__file__).resolve().parent

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Use the distribution's Chromium instead of a browser downloaded by Playwright."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    """Replaces pytest-playwright 0.10's fallback `base_url`, which is declared as a
    session fixture on a class instance; pytest 9.2 deprecates that (an error here).
    The tests build URLs from `live_server.url`; --base-url is still honoured."""
    return pytestconfig.getoption("--base-url", None) or None


def pytest_collection_modifyitems(config, items):
    """Every test in this folder drives a browser: mark it so `-m "not browser"` skips them."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started only once the test database exists.

    pytest sets up session fixtures before function ones, so a test that asks for
    `live_server` would otherwise start the server before `transactional_db` has
    created the in-memory test database. The server thread then gets no shared
    connection and each request thread opens its own sqlite3 connection, which
    is never closed when Chromium keeps the HTTP connection alive; Python 3.13
    reports those as ResourceWarnings, errors here. Started after the database,
    the server shares the test thread's connection (Django's LiveServerThread
    does so for in-memory SQLite) and opens none of its own.
    """
    return live_server


@pytest.fixture
def journey(browser, live_server, settings):
    """Browser contexts for one journey, every page watched (tests/browser/journey.py).
    Links in emails point at the live server."""
    from tests.browser.journey import Journey

    settings.SITE_URL = live_server.url
    opened = Journey(browser=browser, base=live_server.url)
    yield opened
    opened.close()


@pytest.hookimpl(wrapper=True)
def pytest_pyfunc_call(pyfuncitem):
    """A journey whose steps all passed still fails if a page broke a rule on the way
    (a console error, a sideways scroll, a 403 or 500): checked here, in the test's
    own outcome, so that xfail and the report see it as the test's failure."""
    result = yield
    opened = pyfuncitem.funcargs.get("journey")
    if opened is not None:
        opened.check()
    return result
