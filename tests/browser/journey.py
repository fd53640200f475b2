"""The journey toolkit: what every browser journey checks on every page, and the
small helpers the journeys share (labels, logging in, the emails that arrived).

`Journey` (the `journey` fixture in conftest.py) opens browser contexts at a
given width and watches every page they open. A journey fails on:
- a console error or an uncaught page error (Chromium reports
  Content-Security-Policy violations as console errors);
- a page that scrolls sideways: after each load, an init script compares the
  document's scroll width with its client width (the width without a vertical
  scrollbar) and reports the widest elements;
- a response with status 403 or 500 and above, and a missing file (404) that a
  page asked for (a stylesheet, a script, an image). A page the journey opens
  itself may answer 404: that is how a journey sees that something is not
  public (yet).
The checks run when the test ends (conftest.py), and wherever a test calls
`journey.check()`.
"""

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Response, expect

from tests.factories import UserFactory

PASSWORD = "Lipa-Sava-Triglav-2024"

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}


def viewports(*, phone_xfail: str = "") -> pytest.MarkDecorator:
    """Run the journey at both widths (`viewport` is its argument). `phone_xfail`
    marks only the phone run as failing for that reason (strict: it must fail)."""
    marks = [pytest.mark.xfail(reason=phone_xfail, strict=True)] if phone_xfail else []
    return pytest.mark.parametrize(
        "viewport", [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone", marks=marks)]
    )


VIEWPORTS = viewports()

# A step that cannot happen fails in seconds, not after Playwright's 30 s default.
STEP_TIMEOUT_MS = 10_000

OVERFLOW_TAG = "journey: horizontal scroll"
# Runs in every page before the page's own scripts (outside the page's CSP): at the
# load event, report a page wider than its window with the elements that stick out.
# It runs before Playwright sees the page loaded, so the report is in before goto() returns.
OVERFLOW_SCRIPT = """
addEventListener("load", () => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return;
  const limit = root.clientWidth + 1;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (el.classList.length ? "." + [...el.classList].join(".") : "");
  // What sticks out of the window and is not inside a box that scrolls or clips it
  // (an absolutely positioned element escapes a scroller that is not positioned).
  const clipped = (el) => {
    if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  const out = (el) => el.getBoundingClientRect().right > limit;
  const wide = new Set([...document.body.querySelectorAll("*")].filter((el) => out(el) && !clipped(el)));
  const widest = [...wide].filter((el) => !wide.has(el.parentElement))
    .slice(0, 5).map((el) => name(el) + " " + Math.round(el.getBoundingClientRect().right) + "px");
  console.error(`%TAG%: ${location.pathname} is ${root.scrollWidth}px wide in a ` +
    `${root.clientWidth}px window; sticking out: ${widest.join(", ")}`);
});
""".replace("%TAG%", OVERFLOW_TAG)

# Chromium repeats every failed response on the console; the responses are judged
# on their own (see `_response`), so these lines are not counted twice.
FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of (\d+)")


def field(label: str) -> re.Pattern:
    """A form label as shown: exactly, with or without the colon Django's label_tag
    adds, and with the * of a required field (hidden from screen readers)."""
    return re.compile(rf"^{re.escape(label)}\*?:?$")


def action(verb: str, title: str) -> re.Pattern:
    """A row action's accessible name: the verb, then ": title" in visually hidden
    text (Chromium puts a space before the colon: the hidden span is positioned)."""
    return re.compile(rf"^{re.escape(verb)}\s?: {re.escape(title)}$")


def person(**kwargs):
    """A person with a verified address and the journeys' password, as allauth
    requires for logging in."""
    user = UserFactory(password=PASSWORD, **kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def log_in(page: Page, base: str, email: str) -> None:
    """Log in through the real form."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label(field("Email")).fill(email)
    page.get_by_label(field("Password")).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{base}/me/")


def el(text: str, **values) -> str:
    """`text` as the Greek pages and emails say it (from the catalogues), with `values` put in."""
    with translation.override("el"):
        translated = translation.gettext(text)
    return translated % values if values else translated


# Emails (django.core.mail.outbox: the live server runs in this process).


def mails_to(address: str) -> list:
    """The messages sent to `address`, oldest first."""
    return [message for message in mail.outbox if address.lower() in (to.lower() for to in message.to)]


def link(message, pattern: str) -> str:
    """The one URL in the plain text of `message` that matches `pattern` (a regular
    expression); fails with the body when there is none, or several."""
    urls = re.findall(r"https?://[^\s<>\"')]+", message.body)
    found = sorted({url for url in urls if re.search(pattern, url)})
    assert len(found) == 1, f"expected one link matching {pattern!r}, found {found} in:\n{message.body}"
    return found[0]


def attachments(message, content_type: str) -> list[bytes]:
    """The parts of `message` of `content_type`, as a mail client receives them
    (MIME encoded and decoded again), not the Python object the app attached."""
    return [
        part.get_payload(decode=True)
        for part in message.message().walk()
        if part.get_content_type() == content_type
    ]


@dataclass
class Journey:
    """Browser contexts opened for one test, every page of them watched."""

    browser: Browser
    base: str
    problems: list[str] = dataclass_field(default_factory=list)
    contexts: list[BrowserContext] = dataclass_field(default_factory=list)

    def open(self, viewport: dict) -> Page:
        """A new browser (context) of its own, `viewport` wide, with one page open."""
        context = self.browser.new_context(viewport=viewport)
        context.set_default_timeout(STEP_TIMEOUT_MS)
        context.add_init_script(OVERFLOW_SCRIPT)
        context.on("page", self._watch)
        context.on("response", self._response)
        self.contexts.append(context)
        return context.new_page()

    def _watch(self, page: Page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"page error on {page.url}: {error}"))

    def _console(self, message: ConsoleMessage) -> None:
        text = f"console.{message.type} on {message.page.url if message.page else '?'}: {message.text}"
        if (
            message.type == "error" and not FAILED_LOAD.match(message.text)
        ) or "content security policy" in message.text.lower():
            self.problems.append(text)

    def _response(self, response: Response) -> None:
        status = response.status
        document = response.request.resource_type == "document"
        if status == 403 or status >= 500 or (status == 404 and not document):
            kind = response.request.resource_type
            self.problems.append(f"{status} for {response.request.method} {response.url} ({kind})")

    def check(self) -> None:
        """Fail now if any page so far broke a rule; the message lists every problem."""
        if self.problems:
            problems, self.problems = self.problems, []
            pytest.fail("The journey met:\n" + "\n".join(f"- {problem}" for problem in problems))

    def close(self) -> None:
        for context in self.contexts:
            context.close()
