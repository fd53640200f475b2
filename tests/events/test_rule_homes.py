"""Each rule of events has one home that every caller uses: the translated
columns, the seminar's checks (page form and API alike), the seminar's local time."""

from datetime import UTC, datetime

import pytest

from common.api_serializers import ZonedTimeField as SeminarTimeField
from common.timezones import local_range
from common.translations import translated_columns
from events.api.serializers import SeminarInputSerializer
from events.forms import SeminarForm, TrainerForm
from events.models import Organisation, Seminar
from events.templatetags.seminars import seminar_when
from tests.factories import OrganisationFactory, SeminarFactory, VenueFactory

pytestmark = pytest.mark.django_db


def test_translated_columns_are_computed_in_one_place():
    assert (
        TrainerForm._meta.fields[-4:] == translated_columns("bio") == ["bio_en", "bio_sl", "bio_el", "bio_ro"]
    )
    assert set(translated_columns("title", "summary", "description")) <= set(SeminarForm._meta.fields)


def _messages(errors, field: str) -> list[str]:
    return [str(message) for message in errors.get(field, [])]


@pytest.mark.parametrize(
    ("field", "change", "message"),
    [
        ("venue", "other venue", "Choose one of your organisation's venues."),
        ("capacity", 0, "Ensure this value is greater than or equal to 1."),
        ("time_zone", "", "Choose the time zone the times of this online seminar are in."),
    ],
)
def test_the_page_form_and_the_api_refuse_the_same_input_with_the_same_message(field, change, message):
    organisation = OrganisationFactory()
    if change == "other venue":
        change = VenueFactory(organisation=OrganisationFactory()).pk
    form_data = {
        "title_en": "Referral pathways",
        "language": "en",
        "format": "online" if field == "time_zone" else "in_person",
        "capacity": "25",
        "contact_email": "training@example.org",
        "start_date": "2031-03-31",
        "start_time": "09:00",
        "end_date": "2031-03-31",
        "end_time": "17:00",
        field: str(change),
    }
    api_data = {
        "organisation": organisation.slug,
        "title_en": "Referral pathways",
        "language": "en",
        "format": form_data["format"],
        "capacity": 25,
        "contact_email": "training@example.org",
        "starts_at": "2031-03-31T09:00:00",
        "ends_at": "2031-03-31T17:00:00",
        field: change,
    }
    form = SeminarForm(data=form_data, organisations=[organisation])
    serializer = SeminarInputSerializer(
        data=api_data, managed_organisations=Organisation.objects.filter(pk=organisation.pk)
    )

    assert not form.is_valid()
    assert not serializer.is_valid()
    assert _messages(form.errors, field) == _messages(serializer.errors, field) == [message]


def test_a_seminars_local_time_comes_from_its_zone_everywhere():
    seminar = SeminarFactory(
        venue=VenueFactory(time_zone="Europe/Athens"),
        starts_at=datetime(2031, 3, 31, 6, tzinfo=UTC),
        ends_at=datetime(2031, 3, 31, 14, tzinfo=UTC),
    )
    assert seminar.zone.key == Seminar.objects.get(pk=seminar.pk).time_zone == "Europe/Athens"
    assert seminar_when(seminar) == local_range(seminar.starts_at, seminar.ends_at, seminar.zone)
    assert "09:00–17:00 EEST" in seminar_when(seminar)
    field = SeminarTimeField()
    field.bind("starts_at", None)
    assert field.to_representation(field.get_attribute(seminar)) == "2031-03-31T09:00:00+03:00"
