"""The public verification page: by code (valid, revoked, unknown) and by upload,
in the visitor's language, rate-limited, never indexed."""

import re
from datetime import UTC, datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from certificates import views
from certificates.verify_forms import MAX_UPLOAD_BYTES
from tests.certificates.holders import content_of, make_certificate, pdf_bytes

pytestmark = pytest.mark.django_db

START = "/certificates/verify/"


def page(code: str) -> str:
    return f"/certificates/verify/{code}/"


def main_text(response) -> str:
    body = response.content.decode()
    main = body[body.index('<main id="main"') : body.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def main_tags(response) -> list[str]:
    """The page's structure: the tags of <main> in order, without text or attributes."""
    body = response.content.decode()
    main = body[body.index('<main id="main"') : body.index("</main>")]
    return re.findall(r"</?([a-z0-9]+)", main)


def test_a_valid_certificate_shows_what_it_certifies(client):
    certificate = make_certificate()

    response = client.get(page(certificate.code))

    assert response.status_code == 200
    text = main_text(response)
    assert "Valid This certificate was issued by Društvo Ključ and has not been revoked." in text
    assert "Holder Ana Kovač" in text
    assert "Seminar Identifying child victims of trafficking" in text
    assert "Dates 14 April 2031 – 15 April 2031" in text
    assert "Place Ljubljana" in text
    assert "Hours attended 12.50 of 14 hours" in text
    assert f"Serial number {certificate.serial}" in text
    assert f"SHA-256 of the issued PDF {certificate.sha256}" in text
    assert "Revoked" not in text


def test_issue_and_revocation_dates_are_the_seminars_local_dates(client):
    """23:30 UTC on 14 April is already 15 April in Ljubljana (CEST)."""
    late = datetime(2031, 4, 14, 23, 30, tzinfo=UTC)
    certificate = make_certificate(issued_at=late, revoked=True, revoked_at=late)

    text = main_text(client.get(page(certificate.code)))

    assert "This certificate was revoked on 15 April 2031" in text
    assert "Issued on 15 April 2031" in text
    assert "Revoked on 15 April 2031" in text


def test_an_online_seminar_says_online_and_one_day_shows_one_date(client):
    certificate = make_certificate(
        city="", starts_on=datetime(2031, 5, 2).date(), ends_on=datetime(2031, 5, 2).date()
    )

    text = main_text(client.get(page(certificate.code)))

    assert "Place Online" in text
    assert "Dates 2 May 2031 Place" in text


def test_a_revoked_certificate_says_when_but_not_why(client):
    """The reason is for the holder and the organisers: a verifier learns only that and when."""
    certificate = make_certificate(revoked=True, revoked_at=datetime(2031, 6, 1, 10, tzinfo=UTC))

    response = client.get(page(certificate.code))
    text = main_text(response)

    assert "Revoked This certificate was revoked on 1 June 2031 and is no longer valid." in text
    assert "Issued to the wrong person." not in response.content.decode()
    assert "Reason" not in text
    assert "Holder Ana Kovač" in text
    assert "Valid" not in text


def test_a_reissued_certificate_names_its_replacement(client):
    replacement = make_certificate(serial="VICTOR-2031-LJU-0100")
    old = make_certificate(
        replacement.registration, revoked=True, revocation_reason="reissued", replaced_by=replacement
    )

    text = main_text(client.get(page(old.code)))

    assert "It has been replaced by certificate VICTOR-2031-LJU-0100." in text
    assert replacement.code not in client.get(page(old.code)).content.decode()


def test_an_unknown_code_gets_the_same_page_with_nothing_in_it(client):
    certificate = make_certificate()
    unknown_code = "A" * len(certificate.code)

    known = client.get(page(certificate.code))
    unknown = client.get(page(unknown_code))

    assert unknown.status_code == known.status_code == 200
    assert unknown.templates[0].name == known.templates[0].name == "certificates/verify/certificate.html"
    assert main_tags(unknown) == main_tags(known)
    text = main_text(unknown)
    assert "Unknown No certificate issued through VICTOR Seminars matches." in text
    assert "Holder — Seminar — Dates — Place —" in text
    assert "Ana Kovač" not in text


@pytest.mark.parametrize("code", ["%00", "x" * 300, "%E2%80%AE", "'%20OR%201=1", "<script>"])
def test_malformed_codes_are_unknown_codes(client, code):
    response = client.get(page(code))

    assert response.status_code == 200
    assert "Unknown" in main_text(response)
    assert "<script>" not in response.content.decode()


def test_verification_pages_are_not_indexed_nor_cached(client):
    certificate = make_certificate()

    for response in (client.get(page(certificate.code)), client.get(START)):
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
        assert "no-store" in response["Cache-Control"]


def test_the_page_speaks_the_visitors_language_at_the_same_address(client):
    certificate = make_certificate()

    greek = client.get(page(certificate.code), headers={"accept-language": "el"})
    chosen = client.get(page(certificate.code) + "?lang=sl", headers={"accept-language": "el"})
    english = client.get(page(certificate.code))

    assert greek["Content-Language"] == "el"
    assert '<html lang="el">' in greek.content.decode()
    assert chosen["Content-Language"] == "sl"
    assert english["Content-Language"] == "en"
    # The switcher keeps the address and names the language in ?lang=.
    assert f'href="{page(certificate.code)}?lang=ro" hreflang="ro"' in english.content.decode()
    assert "Accept-Language" in greek["Vary"]


def test_typing_a_code_leads_to_its_page(client):
    certificate = make_certificate()

    typed = client.get(START, {"code": f"  {certificate.code} "})
    pasted = client.get(START, {"code": f"https://seminars.example.org{page(certificate.code)}"})
    in_slovenian = client.get(START, {"code": certificate.code, "lang": "sl"})

    assert typed.status_code == 302
    assert typed["Location"] == page(certificate.code)
    assert pasted["Location"] == page(certificate.code)
    assert in_slovenian["Location"] == page(certificate.code) + "?lang=sl"


@pytest.mark.parametrize(
    "typed",
    ["VICTOR-2026-THE-0001", "victor-2026-the-0001", "  VICTOR - 2026 - THE - 0001 ", "VICTOR 2026 THE 0001"],
)
def test_typing_the_printed_serial_number_finds_the_certificate(client, typed):
    """Employers type what they see: the serial number, in any case, with spaces."""
    certificate = make_certificate(serial="VICTOR-2026-THE-0001")

    response = client.get(START, {"code": typed}, follow=True)

    assert response.status_code == 200
    text = main_text(response)
    assert "Valid This certificate was issued by Društvo Ključ" in text
    assert "VICTOR-2026-THE-0001" in text
    # Serials run in sequence: counting through them must not yield names.
    assert certificate.holder_name not in text
    assert "Holder A. K. (found by its serial number, so only the initials are shown" in text


def test_the_code_shows_the_holders_full_name(client):
    certificate = make_certificate(serial="VICTOR-2026-THE-0001")

    text = main_text(client.get(page(certificate.code)))

    assert f"Holder {certificate.holder_name} Seminar" in text


def test_an_unknown_serial_number_gets_the_same_page_as_an_unknown_code(client):
    certificate = make_certificate(serial="VICTOR-2026-THE-0001")

    known = client.get(page(certificate.serial))
    unknown_serial = client.get(page("VICTOR-2026-THE-0002"))
    unknown_code = client.get(page("A" * len(certificate.code)))

    assert known.status_code == unknown_serial.status_code == unknown_code.status_code == 200
    assert main_tags(unknown_serial) == main_tags(unknown_code) == main_tags(known)
    assert main_text(unknown_serial) == main_text(unknown_code)
    assert "Ana Kovač" not in main_text(unknown_serial)


def test_serial_numbers_are_limited_like_codes(client):
    certificate = make_certificate(serial="VICTOR-2026-THE-0001")
    for number in range(views.VERIFICATION_PAGES_PER_MINUTE):
        assert client.get(page(f"VICTOR-2026-THE-{number + 2:04d}")).status_code == 200

    assert client.get(page(certificate.serial)).status_code == 429
    assert client.get(START, {"code": certificate.serial}).status_code == 429


def test_an_unknown_but_well_formed_code_is_looked_up_like_any_other(client):
    response = client.get(START, {"code": "NoSuchCode123"})

    assert response.status_code == 302
    assert response["Location"] == page("NoSuchCode123")


@pytest.mark.parametrize("typed", ["", "not a code!", "\x00", "x" * 301])
def test_a_code_that_cannot_be_one_is_refused_with_a_reason(client, typed):
    response = client.get(START, {"code": typed})

    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_the_start_page_offers_both_checks(client):
    response = client.get(START)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="code"' in body
    assert 'type="file" name="pdf"' in body
    assert 'enctype="multipart/form-data"' in body


def _upload(client, content: bytes, name: str = "certificate.pdf", **kwargs):
    return client.post(START, {"pdf": SimpleUploadedFile(name, content, "application/pdf")}, **kwargs)


def test_the_issued_pdf_is_recognised(client):
    certificate = make_certificate()

    response = _upload(client, content_of(certificate))

    assert response.status_code == 200
    text = main_text(response)
    assert f"This file is the certificate {certificate.serial} as issued." in text
    assert "Valid This certificate was issued by Društvo Ključ" in text
    assert f"SHA-256 of the uploaded file: {certificate.sha256}" in text


def test_the_issued_pdf_of_a_revoked_certificate_says_revoked(client):
    certificate = make_certificate(revoked=True)

    text = main_text(_upload(client, content_of(certificate)))

    assert f"This file is the certificate {certificate.serial} as issued." in text
    assert "This certificate was revoked on" in text
    assert "Issued to the wrong person." not in text


def test_an_altered_pdf_matches_nothing(client):
    certificate = make_certificate()
    altered = content_of(certificate) + b"\n% one more line\n"

    response = _upload(client, altered)

    assert response.status_code == 200
    text = main_text(response)
    assert "This file does not match any issued certificate." in text
    assert certificate.serial not in text


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"GIF89a not a pdf", "This file is not a PDF."),
        (b"", "The submitted file is empty."),
    ],
)
def test_a_file_that_is_no_pdf_is_refused(client, content, error):
    response = _upload(client, content)

    assert response.status_code == 400
    assert error in main_text(response)


def test_a_file_larger_than_the_limit_is_refused(client):
    too_large = b"%PDF-" + b"0" * MAX_UPLOAD_BYTES

    response = _upload(client, too_large)

    assert response.status_code == 400
    assert "This file is larger than 10.0 MB: no certificate is that large." in main_text(response)


def test_a_huge_request_is_refused_before_it_is_read(client):
    response = client.post(
        START, data=b"x" * 100, content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(2**40)
    )

    assert response.status_code == 400
    assert "larger than 10.0 MB" in main_text(response)


def test_posting_without_a_file_says_so(client):
    response = client.post(START, {})

    assert response.status_code == 400
    assert "This field is required." in main_text(response)


def test_the_upload_needs_the_form_token():
    certificate = make_certificate()
    client = Client(enforce_csrf_checks=True)

    response = _upload(client, content_of(certificate))

    assert response.status_code == 403


def test_pages_are_limited_per_client_address(client):
    certificate = make_certificate()
    for _ in range(views.VERIFICATION_PAGES_PER_MINUTE):
        assert client.get(page(certificate.code)).status_code == 200

    limited = client.get(page(certificate.code), headers={"accept-language": "sl"})
    elsewhere = client.get(page(certificate.code), REMOTE_ADDR="10.1.2.3")

    assert limited.status_code == 429
    assert limited["Retry-After"] == "60"
    assert limited["Content-Language"] == "sl"
    assert certificate.holder_name not in limited.content.decode()
    assert elsewhere.status_code == 200
    # Typing codes counts as pages too.
    assert client.get(START, {"code": certificate.code}).status_code == 429


def test_a_typed_lookup_counts_once_and_the_empty_form_not_at_all(client):
    """Thirty lookups a minute means thirty typed codes, not ten (form, redirect, page)."""
    certificate = make_certificate()
    for _ in range(views.VERIFICATION_PAGES_PER_MINUTE):
        assert client.get(START).status_code == 200
        assert client.get(START, {"code": certificate.code}, follow=True).status_code == 200

    assert client.get(START).status_code == 200
    assert client.get(START, {"code": certificate.code}).status_code == 429


def test_uploads_are_limited_per_client_address(client):
    certificate = make_certificate()
    for _ in range(views.VERIFICATION_UPLOADS_PER_MINUTE):
        assert _upload(client, content_of(certificate)).status_code == 200

    limited = _upload(client, content_of(certificate))

    assert limited.status_code == 429
    assert "Too many requests" in main_text(limited)
    # The page limit is separate.
    assert client.get(page(certificate.code)).status_code == 200


def test_the_limit_starts_again_in_the_next_minute(client, monkeypatch):
    certificate = make_certificate()
    moment = [1_900_000_020.0]
    monkeypatch.setattr(views.time, "time", lambda: moment[0])
    for _ in range(views.VERIFICATION_PAGES_PER_MINUTE):
        client.get(page(certificate.code))
    assert client.get(page(certificate.code)).status_code == 429

    moment[0] += views.RATE_WINDOW_SECONDS
    assert client.get(page(certificate.code)).status_code == 200


def test_the_rate_counter_keeps_no_ip_address(client):
    certificate = make_certificate()

    client.get(page(certificate.code), REMOTE_ADDR="192.0.2.44")

    keys = list(cache._cache.keys())
    assert keys
    assert not [key for key in keys if "192.0.2.44" in key]


def test_verification_logs_no_personal_data(client, caplog):
    certificate = make_certificate()
    caplog.set_level("DEBUG")

    client.get(page(certificate.code))
    client.get(page("UnknownCode"))
    _upload(client, pdf_bytes("another"))

    assert certificate.holder_name not in caplog.text
    assert "UnknownCode" not in caplog.text


def test_a_verification_page_costs_one_query(client, django_assert_num_queries):
    certificate = make_certificate(revoked=True, replaced_by=make_certificate())

    with django_assert_num_queries(1):
        assert client.get(page(certificate.code)).status_code == 200
