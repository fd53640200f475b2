"""Seminars as iCalendar: one seminar and the subscribable feed."""

from datetime import UTC, datetime, timedelta

import icalendar
import pytest
from django.utils import translation

from events import services
from events.ical import calendar_for
from events.models import Seminar
from tests.factories import SeminarFactory, VenueFactory

pytestmark = pytest.mark.django_db


def events_in(response) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(response.content).walk("VEVENT"))


def test_seminar_calendar_has_local_times_with_tzid_and_vtimezone(client):
    seminar = SeminarFactory(
        title_en="Identification of child victims",
        starts_at=datetime(2027, 3, 28, 7, 0, tzinfo=UTC),  # 09:00 CEST, the day the clocks change
        ends_at=datetime(2027, 3, 28, 15, 0, tzinfo=UTC),
    )

    response = client.get(f"/seminars/{seminar.slug}/calendar.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert "DTSTART;TZID=Europe/Ljubljana:20270328T090000" in body
    assert "DTEND;TZID=Europe/Ljubljana:20270328T170000" in body
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Ljubljana"]
    [event] = events_in(response)
    assert str(event["SUMMARY"]) == "Identification of child victims"
    assert str(event["UID"]) == f"{seminar.uid}@victor-seminars"
    assert event["URL"] == f"http://127.0.0.1:8000/seminars/{seminar.slug}/"
    assert str(event["LOCATION"]) == "Training Centre 0, Dunajska cesta 1, Ljubljana, Slovenia".replace(
        "Training Centre 0", seminar.venue.name
    )
    [greek] = events_in(client.get("/seminars/calendar.ics", headers={"accept-language": "el"}))
    assert str(greek["LOCATION"]).endswith("Ljubljana, Σλοβενία")
    assert event["STATUS"] == "CONFIRMED"
    assert event.decoded("DTSTART") == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)


def test_uid_is_stable_and_sequence_rises_on_each_change(client, organiser):
    seminar = SeminarFactory(organisation__name="Host")
    first = events_in(client.get(f"/seminars/{seminar.slug}/calendar.ics"))[0]

    services.seminar_changed(seminar=seminar)
    second = events_in(client.get(f"/seminars/{seminar.slug}/calendar.ics"))[0]
    services.seminar_cancel(seminar=seminar, actor=organiser)
    third = events_in(client.get(f"/seminars/{seminar.slug}/calendar.ics"))[0]

    assert first["UID"] == second["UID"] == third["UID"]
    assert first["SEQUENCE"] < second["SEQUENCE"] < third["SEQUENCE"]
    assert third["STATUS"] == "CANCELLED"


def test_description_is_plain_text_without_active_content(client):
    seminar = SeminarFactory(
        summary_en="One day.",
        description_en='**Bold** <script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror="y()">',
    )
    [event] = events_in(client.get(f"/seminars/{seminar.slug}/calendar.ics"))
    description = str(event["DESCRIPTION"])
    assert description.startswith("One day.")
    assert "Bold" in description
    for active in ("<script", "alert(1)", "javascript:", "onerror", "<img"):
        assert active not in description


def test_description_and_summary_read_as_the_page_shows_them_without_markdown_or_tags(client):
    """A calendar shows plain text: the Markdown reads as it does rendered on the page,
    and tags typed into the title or summary are dropped."""
    seminar = SeminarFactory(
        title_en="Children <12 & <b>their</b> families",
        summary_en="Two <i>days</i>.",
        description_en="**Day 1**: arrival\n\n- *Role play*\n- [Handbook](https://victor.example/handbook)",
    )
    [event] = events_in(client.get(f"/seminars/{seminar.slug}/calendar.ics"))
    assert str(event["SUMMARY"]) == "Children <12 & their families"
    assert str(event["DESCRIPTION"]) == (
        "Two days.\n\nDay 1: arrival\n\n- Role play\n- Handbook (https://victor.example/handbook)"
    )


def test_line_breaks_in_a_title_cannot_inject_calendar_properties(client):
    seminar = SeminarFactory(title_en="Seminar\r\nATTENDEE:mailto:evil@example.org\r\nX-INJECTED:1")
    response = client.get(f"/seminars/{seminar.slug}/calendar.ics")
    lines = response.content.decode().splitlines()
    assert not any(line.startswith(("ATTENDEE", "X-INJECTED")) for line in lines)
    [event] = events_in(response)
    assert "ATTENDEE" in str(event["SUMMARY"])


def test_feed_lists_published_seminars_and_filters_by_country(client):
    athens = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    in_greece = SeminarFactory(venue=athens, organisation=athens.organisation)
    in_slovenia = SeminarFactory()
    SeminarFactory(status=Seminar.Status.DRAFT)

    everything = events_in(client.get("/seminars/calendar.ics"))
    greek = events_in(client.get("/seminars/calendar.ics?country=GR"))

    assert {str(event["UID"]) for event in everything} == {
        f"{in_greece.uid}@victor-seminars",
        f"{in_slovenia.uid}@victor-seminars",
    }
    assert [str(event["UID"]) for event in greek] == [f"{in_greece.uid}@victor-seminars"]
    calendar = icalendar.Calendar.from_ical(client.get("/seminars/calendar.ics").content)
    assert {tz["TZID"] for tz in calendar.walk("VTIMEZONE")} == {"Europe/Athens", "Europe/Ljubljana"}


def test_feed_with_a_bad_country_is_empty_not_an_error(client):
    SeminarFactory()
    response = client.get("/seminars/calendar.ics?country=%00%27;DROP")
    assert response.status_code == 200
    assert events_in(response) == []


def test_feed_reads_its_seminars_in_one_query_for_1_and_50_seminars(client, django_assert_num_queries):
    SeminarFactory()
    with django_assert_num_queries(1):
        client.get("/seminars/calendar.ics")
    for _ in range(49):
        SeminarFactory()
    with django_assert_num_queries(1):
        response = client.get("/seminars/calendar.ics")
    assert len(events_in(response)) == 50


def test_a_change_to_a_seminar_refreshes_the_cached_feed(client):
    seminar = SeminarFactory(title_en="Before")
    assert "Before" in client.get("/seminars/calendar.ics").content.decode()
    seminar.title_en = "After"
    seminar.save()
    services.seminar_changed(seminar=seminar)
    body = client.get("/seminars/calendar.ics").content.decode()
    assert "After" in body and "Before" not in body
    assert "After" in client.get(f"/seminars/{seminar.slug}/calendar.ics").content.decode()


def test_calendar_title_follows_the_visitors_language(client):
    seminar = SeminarFactory(title_en="Identification", title_el="Αναγνώριση")
    [event] = events_in(client.get(f"/seminars/{seminar.slug}/calendar.ics", HTTP_ACCEPT_LANGUAGE="el"))
    assert str(event["SUMMARY"]) == "Αναγνώριση"


def test_feed_with_an_unknown_or_hostile_country_is_empty_on_every_database(client):
    SeminarFactory()
    for country in ("ZZ", "\x00", "'; DROP TABLE x;--", "SI" * 40):
        response = client.get("/seminars/calendar.ics", {"country": country})
        assert response.status_code == 200
        assert events_in(response) == []
    assert len(events_in(client.get("/seminars/calendar.ics", {"country": "si"}))) == 1


def test_each_event_is_written_once_per_version_and_again_when_anything_in_it_changes(monkeypatch):
    seminar = SeminarFactory(title_en="Referral basics")
    written = []
    to_ical = icalendar.Event.to_ical

    def counting_to_ical(event, *args, **kwargs):
        written.append(str(event["SUMMARY"]))
        return to_ical(event, *args, **kwargs)

    monkeypatch.setattr(icalendar.Event, "to_ical", counting_to_ical)
    first = calendar_for([seminar], name="Feed")
    assert calendar_for([seminar], name="Feed") == first
    assert written == ["Referral basics"]

    # The venue has no version of its own: its new address still reaches the event.
    seminar.venue.address = "Trubarjeva 5"
    seminar.venue.save()
    seminar.refresh_from_db()
    [event] = icalendar.Calendar.from_ical(calendar_for([seminar], name="Feed")).walk("VEVENT")
    assert "Trubarjeva 5" in str(event["LOCATION"])
    assert written == ["Referral basics", "Referral basics"]
    with translation.override("el"):
        calendar_for([seminar], name="Feed")
    assert len(written) == 3


def test_calendars_tell_shared_caches_that_the_language_follows_the_cookie_and_header(client):
    seminar = SeminarFactory()
    for path in (f"/seminars/{seminar.slug}/calendar.ics", "/seminars/calendar.ics"):
        response = client.get(path)
        vary = {header.strip() for header in response["Vary"].split(",")}
        assert {"Cookie", "Accept-Language"} <= vary
        assert response["Cache-Control"] == "public, max-age=300"


def test_feed_holds_the_last_twelve_months_and_later_and_older_seminars_keep_their_own_file(client):
    now = datetime.now(UTC)
    old = SeminarFactory(title_en="Thirteen months ago", starts_at=now - timedelta(days=400, hours=8))
    old.ends_at = old.starts_at + timedelta(hours=8)
    old.save()
    SeminarFactory(
        title_en="Eleven months ago",
        starts_at=now - timedelta(days=330, hours=8),
        ends_at=now - timedelta(days=330),
    )
    SeminarFactory(
        title_en="Next month", starts_at=now + timedelta(days=30), ends_at=now + timedelta(days=30, hours=8)
    )

    titles = [str(event["SUMMARY"]) for event in events_in(client.get("/seminars/calendar.ics"))]

    assert titles == ["Eleven months ago", "Next month"]
    [event] = events_in(client.get(f"/seminars/{old.slug}/calendar.ics"))
    assert str(event["SUMMARY"]) == "Thirteen months ago"
