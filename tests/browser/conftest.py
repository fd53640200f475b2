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


@pytest.fixture(autouse=True)
def _close_database_connections():
    """Close the connections the test and the live server's request threads opened,
    so no sqlite3 connection is left for the garbage collector (Python 3.13 warns
    about those, and warnings are errors here)."""
    yield
    from django.db import connections

    connections.close_all()
