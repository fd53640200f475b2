"""The public seminar list and pages."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from accounts.models import ProfessionalGroup
from events.models import Seminar
from tests.factories import AgendaSessionFactory, SeminarFactory, TrainerFactory, VenueFactory

pytestmark = pytest.mark.django_db


def titles(response) -> list[str]:
    return [seminar.display_title for seminar in response.context["page"].object_list]


def test_list_shows_upcoming_published_seminars_by_default(client):
    upcoming = SeminarFactory(title_en="Upcoming seminar")
    SeminarFactory(
        title_en="Past seminar",
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=10) + timedelta(hours=8),
    )
    SeminarFactory(title_en="Draft seminar", status=Seminar.Status.DRAFT)

    response = client.get("/seminars/")

    assert titles(response) == [upcoming.display_title]
    page = response.content.decode()
    assert "Draft seminar" not in page
    assert "Past seminar" not in page


def test_list_filters_by_country_time_group_format_and_text(client):
    police = ProfessionalGroup.objects.get(slug="police")
    athens = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    in_athens = SeminarFactory(title_en="Referral in Athens", venue=athens, organisation=athens.organisation)
    for_police = SeminarFactory(title_en="Interviewing children", target_groups=[police])
    online = SeminarFactory(
        title_en="Online basics", format="online", venue=None, join_url="https://meet.example.org/x"
    )
    past = SeminarFactory(
        title_en="Ljubljana 2014",
        starts_at=datetime(2014, 1, 30, 8, tzinfo=UTC),
        ends_at=datetime(2014, 1, 30, 16, tzinfo=UTC),
    )

    assert titles(client.get("/seminars/?country=gr")) == [in_athens.display_title]
    assert titles(client.get("/seminars/?group=police")) == [for_police.display_title]
    assert titles(client.get("/seminars/?format=online")) == [online.display_title]
    assert titles(client.get("/seminars/?when=past")) == [past.display_title]
    assert titles(client.get("/seminars/?q=athens")) == [in_athens.display_title]
    assert titles(client.get("/seminars/?q=INTERVIEWING children")) == [for_police.display_title]
    assert len(titles(client.get("/seminars/?when="))) == 4
    page = client.get("/seminars/").content.decode()
    assert '<option value="GR">Greece</option>' in page
    assert "France" not in page  # only countries with seminars are offered
    assert titles(client.get("/seminars/?country=FR")) == []


def test_bad_filter_values_show_a_translated_error_and_no_500(client):
    SeminarFactory()
    response = client.get("/el/seminars/?when=tomorrow&group=no-such-group&country=ZZ&format=x&page=abc")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"when", "group", "country", "format"}
    assert "έγκυρη επιλογή" in errors["when"][0]
    assert len(titles(response)) == 1


def test_list_paginates(client):
    for _ in range(23):
        SeminarFactory()
    first = client.get("/seminars/")
    second = client.get("/seminars/?page=2")
    assert len(titles(first)) == 20
    assert len(titles(second)) == 3
    assert 'rel="next"' in first.content.decode()


def test_list_costs_the_same_queries_for_1_and_50_seminars(client, django_assert_num_queries):
    SeminarFactory()
    # count, page of seminars, professional groups, countries with seminars
    with django_assert_num_queries(4) as one:
        client.get("/seminars/")
    for _ in range(49):
        SeminarFactory()
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get("/seminars/?when=")
    assert len(titles(response)) == 20


def test_detail_shows_agenda_trainers_and_local_times_with_zone_abbreviation(client):
    seminar = SeminarFactory(
        starts_at=datetime(2027, 1, 14, 8, 0, tzinfo=UTC),  # 09:00 CET
        ends_at=datetime(2027, 1, 14, 16, 0, tzinfo=UTC),
    )
    trainer = TrainerFactory(
        name="Katja Zupan", affiliation="Društvo Ključ", organisation=seminar.organisation
    )
    session = AgendaSessionFactory(seminar=seminar, title_en="Legal framework")
    session.trainers.add(trainer)

    page = client.get(f"/seminars/{seminar.slug}/").content.decode()

    assert seminar.display_title in page
    assert "14 January 2027, 09:00–17:00 CET" in page
    assert "Legal framework" in page
    assert "Katja Zupan (Društvo Ključ)" in page
    assert "<strong>legal framework</strong>" in page


def test_detail_in_athens_summer_shows_eest(client):
    athens = VenueFactory(city="Athens", country="GR", time_zone="Europe/Athens")
    seminar = SeminarFactory(
        venue=athens,
        organisation=athens.organisation,
        starts_at=datetime(2027, 6, 10, 6, 30, tzinfo=UTC),
        ends_at=datetime(2027, 6, 10, 13, 30, tzinfo=UTC),
    )
    page = client.get(f"/seminars/{seminar.slug}/").content.decode()
    assert "10 June 2027, 09:30–16:30 EEST" in page


def test_detail_crossing_the_spring_dst_change_keeps_wall_clock_times(client):
    """Last Sunday of March 2027 in Ljubljana: 09:00 CEST is 07:00 UTC."""
    seminar = SeminarFactory(
        starts_at=datetime(2027, 3, 28, 7, 0, tzinfo=UTC), ends_at=datetime(2027, 3, 28, 15, 0, tzinfo=UTC)
    )
    page = client.get(f"/sl/seminars/{seminar.slug}/").content.decode()
    assert "09:00–17:00 CEST" in page


def test_detail_in_visitors_language_else_language_of_instruction(client):
    seminar = SeminarFactory(
        title_en="", title_sl="Prepoznavanje žrtev", title_el="Αναγνώριση θυμάτων", language="sl"
    )

    assert "Αναγνώριση θυμάτων" in client.get(f"/el/seminars/{seminar.slug}/").content.decode()
    english = client.get(f"/seminars/{seminar.slug}/").content.decode()
    assert "<h1>Prepoznavanje žrtev</h1>" in english
    assert "Prepoznavanje žrtev" in client.get(f"/ro/seminars/{seminar.slug}/").content.decode()


def test_drafts_are_404_and_cancelled_seminars_say_so(client):
    draft = SeminarFactory(status=Seminar.Status.DRAFT)
    cancelled = SeminarFactory(status=Seminar.Status.CANCELLED)
    assert client.get(f"/seminars/{draft.slug}/").status_code == 404
    assert client.get(f"/seminars/{draft.slug}/calendar.ics").status_code == 404
    assert "This seminar has been cancelled." in client.get(f"/seminars/{cancelled.slug}/").content.decode()


def test_join_link_of_an_online_seminar_is_never_public(client):
    seminar = SeminarFactory(format="hybrid", join_url="https://meet.example.org/secret-room")
    for path in (f"/seminars/{seminar.slug}/", "/seminars/", f"/seminars/{seminar.slug}/calendar.ics", "/"):
        assert "secret-room" not in client.get(path).content.decode(), path


def test_markdown_in_description_is_inert(client):
    seminar = SeminarFactory(
        description_en='<script>alert(1)</script> [click](javascript:alert(2)) <b onclick="x()">bold</b>'
    )
    page = client.get(f"/seminars/{seminar.slug}/").content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page
    assert "onclick" not in page


def test_home_page_lists_upcoming_seminars(client):
    seminar = SeminarFactory(title_en="Identification and referral")
    SeminarFactory(title_en="Hidden draft", status=Seminar.Status.DRAFT)
    page = client.get("/").content.decode()
    assert "Identification and referral" in page
    assert seminar.get_absolute_url() in page
    assert "Hidden draft" not in page


def test_a_draft_cancelled_before_publication_stays_private(client, organiser):
    from events import services

    draft = SeminarFactory(status=Seminar.Status.DRAFT)
    services.seminar_cancel(seminar=draft, actor=organiser)

    assert client.get(f"/seminars/{draft.slug}/").status_code == 404
    assert draft.display_title not in client.get("/seminars/?when=").content.decode()


def test_later_pages_keep_the_upcoming_default(client):
    SeminarFactory(
        title_en="Long past",
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=400) + timedelta(hours=8),
    )
    for _ in range(21):
        SeminarFactory()
    second = client.get("/seminars/?page=2")
    assert len(titles(second)) == 1
    assert "Long past" not in second.content.decode()
    assert 'value="upcoming" selected' in second.content.decode()


def test_a_card_is_rendered_once_per_version_and_anew_when_anything_it_shows_changes(client, monkeypatch):
    """Cards are kept per process by everything they show: each change below must reach the list."""
    from django.template import loader

    seminar = SeminarFactory(title_en="Referral basics", summary_en="First summary")
    rendered = []
    render_to_string = loader.render_to_string

    def counting(template_name, context=None, *args, **kwargs):
        if template_name == "events/includes/seminar_card.html":
            rendered.append(context["seminar"].display_title)
        return render_to_string(template_name, context, *args, **kwargs)

    monkeypatch.setattr("common.fragments.render_to_string", counting)
    assert "Referral basics" in client.get("/seminars/").content.decode()
    assert "Referral basics" in client.get("/seminars/").content.decode()
    assert rendered == ["Referral basics"]

    changes = [
        ("title_en", "Referral in practice", "Referral in practice"),
        ("summary_en", "Second summary", "Second summary"),
        ("starts_at", seminar.starts_at + timedelta(days=1, hours=1), "10:00"),
        ("status", Seminar.Status.CANCELLED, "is-cancelled"),
    ]
    for field, value, shown in changes:
        setattr(seminar, field, value)
        if field == "starts_at":
            seminar.ends_at = value + timedelta(hours=8)
        seminar.save()
        assert shown in client.get("/seminars/?when=").content.decode(), field

    seminar.venue.city = "Maribor"
    seminar.venue.save()
    assert "Maribor" in client.get("/seminars/?when=").content.decode()
    seminar.organisation.name = "Renamed host"
    seminar.organisation.save()
    assert "Renamed host" in client.get("/seminars/?when=").content.decode()
    assert f'href="/el/seminars/{seminar.slug}/"' in client.get("/el/seminars/?when=").content.decode()


def test_a_past_seminar_page_shows_no_seats_and_does_not_count_them(client, django_assert_num_queries):
    upcoming = SeminarFactory(capacity=12)
    past = SeminarFactory(
        capacity=12,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=8),
    )
    client.get(f"/seminars/{upcoming.slug}/")  # templates and content types loaded
    with django_assert_num_queries(5):  # seminar, agenda (no sessions: no trainers), partners, groups, seats
        assert "12 seats left (of 12)" in client.get(f"/seminars/{upcoming.slug}/").content.decode()
    with django_assert_num_queries(4):
        page = client.get(f"/seminars/{past.slug}/").content.decode()
    assert "Registration closed" in page
    assert "seats left" not in page
