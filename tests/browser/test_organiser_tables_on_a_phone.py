"""The organiser's tables scroll inside their box on a phone (attendance,
certificates, colleagues and invitations): the page itself does not scroll sideways, also with the visually hidden texts of a table's rows (they
are positioned absolutely, and escaped a scroll box that was not positioned)."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from certificates.models import Certificate
from members.services import invitation_create
from tests.browser.journey import PHONE, log_in, person
from tests.certificates.holders import make_certificate
from tests.factories import MembershipFactory, RegistrationFactory, SeminarFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def caption_in_view(page, caption: str) -> bool:
    """Whether the words of a table's visible caption are inside the window before
    anyone scrolls the table (a centred caption sits mid-table, out of sight)."""
    return page.get_by_text(caption, exact=True).evaluate(
        """caption => {
          const range = document.createRange();
          range.selectNodeContents(caption);
          const words = range.getBoundingClientRect();
          return words.left >= 0 && words.right <= document.documentElement.clientWidth;
        }"""
    )


def test_attendance_certificate_and_colleague_tables_scroll_inside_their_box(journey, live_server):
    organiser = person()
    organisation = MembershipFactory(user=organiser, role="organiser").organisation
    seminar = SeminarFactory(
        organisation=organisation,
        starts_at=datetime(2026, 3, 12, 7, tzinfo=UTC),
        ends_at=datetime(2026, 3, 12, 15, tzinfo=UTC),
    )
    make_certificate(RegistrationFactory(seminar=seminar, user=person(full_name="Maja Horvat")))
    RegistrationFactory(seminar=seminar, user=person(full_name="Ștefan Țîrcă"))
    invitation_create(
        organisation=organisation,
        email="a.very.long.address@example.org",
        role="organiser",
        invited_by=organiser,
    )
    page = journey.open(PHONE)
    log_in(page, live_server.url, organiser.email)

    page.goto(f"{live_server.url}/manage/seminars/{seminar.pk}/attendance/")
    expect(page.get_by_role("table", name="Attendance by participant")).to_contain_text("Ștefan Țîrcă")
    assert caption_in_view(page, "Attendance by participant")
    page.goto(f"{live_server.url}/manage/seminars/{seminar.pk}/certificates/")
    expect(page.get_by_role("table", name="Issued certificates")).to_contain_text(
        Certificate.objects.get().serial
    )
    assert caption_in_view(page, "Issued certificates")
    page.goto(f"{live_server.url}/manage/organisations/{organisation.slug}/")
    expect(page.get_by_role("region", name="Open invitations").first).to_contain_text(
        "a.very.long.address@example.org"
    )
