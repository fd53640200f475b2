"""`make bench`'s data set builder (bench/dataset.py), at a tiny size."""

import pytest

from accounts.models import ApiToken
from attendance.models import Attendance
from bench import dataset
from certificates.models import Certificate
from events.models import Seminar
from press.models import PressRelease
from registrations.models import Registration

pytestmark = pytest.mark.django_db


def test_builds_every_part_of_the_data_set_and_a_run_s_rows():
    dataset.build(16)
    dataset.build_people(120, 10)
    dataset.build_press(8)
    run = dataset.prepare_run("t1", pool=5, issue_count=3)
    described = dataset.describe()

    public = (
        Seminar.objects.published().filter(slug__startswith="bench-").exclude(slug__startswith="bench-run-")
    )
    assert described["seminars"] == public.count() == 16
    assert described["countries"] == 8
    assert described["past"] > 0 and described["upcoming"] > 0
    assert Seminar.objects.filter(slug__startswith="bench-draft-", status=Seminar.Status.DRAFT).exists()
    assert described["registrations"] == 120
    # Nobody twice at one seminar, and never more confirmed than the seats.
    for seminar in public:
        confirmed = seminar.registrations.filter(status=Registration.Status.CONFIRMED).count()
        assert confirmed <= seminar.capacity
    assert described["certificates"] == 10
    certificates = Certificate.objects.all()
    assert all(c.seminar.ends_at < c.issued_at for c in certificates)
    assert len({c.pdf.name for c in certificates}) == 1  # one stored PDF shared by every row
    with certificates[0].pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert len({c.serial for c in certificates}) == 10
    assert described["press_releases"] == 8
    assert set(PressRelease.objects.values_list("language", flat=True)) == {"en", "sl", "el", "ro"}
    assert described["slug"] in {s.slug for s in public}

    # A run: a pool of people who may register, each with a token of the announced form.
    assert run["token_prefix"] == "t1" and run["pool"] == 5
    digests = set(
        ApiToken.objects.filter(user__email__startswith="bench-t1-pool-").values_list("digest", flat=True)
    )
    assert digests == {ApiToken.digest_of(f"t1{n:0{run['token_digits']}d}") for n in range(5)}
    assert Seminar.objects.get(slug=run["target"]).capacity >= 1_000_000
    # Issuance seminars whose registrations attended every session; a holder's session cookie.
    for slug in run["issuance"]:
        registrations = Registration.objects.filter(seminar__slug=slug, status=Registration.Status.CONFIRMED)
        assert registrations.count() == 3
        assert Attendance.objects.filter(registration__in=registrations).count() == 3 * 4
    assert run["cookie"].split("=", 1)[1]
