"""Security settings as production runs them: headers, HTTPS, cookies, sessions, CSRF, rate limits,
uploads and the staff two-factor rule, each shown on real requests.

The production values are read from config.settings in a process started with
DJANGO_DEBUG=false (tests/config/test_settings.py's environment) and put over
the test settings, so a change in config/settings.py is what these tests see.
`manage.py check --deploy` is tests/config/test_settings.py's; the per-person
registration limit is tests/registrations/test_views.py's and test_api.py's.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.config.test_settings import PRODUCTION, ROOT
from tests.factories import SeminarFactory, UserFactory, VenueFactory, api_key_for

pytestmark = pytest.mark.django_db

# What production sets when DJANGO_DEBUG=false (config/settings.py).
PRODUCTION_SETTINGS = (
    "DEBUG",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_REDIRECT_EXEMPT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "REQUIRE_STAFF_TWO_FACTOR",
)
HTTPS = {"X-Forwarded-Proto": "https"}
HOST = PRODUCTION["DJANGO_ALLOWED_HOSTS"]


def production_values() -> dict:
    """The values config.settings takes in a production environment."""
    names = json.dumps(PRODUCTION_SETTINGS)
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {names}}}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def _production_environment() -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.pop("EMAIL_URL", None)
    return {**env, "DJANGO_SETTINGS_MODULE": "config.settings", **PRODUCTION}


@pytest.fixture(scope="module")
def production_settings() -> dict:
    values = production_values()
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_settings):
    """The test settings with production's security values over them (HTTPS behind a proxy)."""
    for name, value in production_settings.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = [HOST]
    return settings


def secure_client(**kwargs) -> Client:
    """A browser reaching the site through the TLS proxy."""
    return Client(headers=HTTPS, SERVER_NAME=HOST, **kwargs)


# ---------------------------------------------------------------------------
# Headers


def header_problems(response) -> list[str]:
    """What an answer over HTTPS lacks of the headers every answer must carry."""
    problems = []
    csp = response.get("Content-Security-Policy", "")
    if not csp:
        problems.append("no Content-Security-Policy")
    else:
        directives = {
            part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part
        }
        for unsafe in ("'unsafe-inline'", "'unsafe-eval'"):
            if unsafe in csp:
                problems.append(f"Content-Security-Policy allows {unsafe}")
        for name, expected in {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'"],
            "object-src": ["'none'"],
            "frame-ancestors": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }.items():
            if directives.get(name) != expected:
                problems.append(f"Content-Security-Policy {name} is {directives.get(name)}, not {expected}")
    expected_headers = {
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    }
    for name, value in expected_headers.items():
        if response.get(name) != value:
            problems.append(f"{name} is {response.get(name)!r}, not {value!r}")
    policy = response.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        if f"{feature}=()" not in policy:
            problems.append(f"Permissions-Policy does not switch off {feature}")
    return problems


def test_every_kind_of_answer_carries_the_security_headers(production, organiser, participant):
    """HTML pages, error pages, forms, JSON, files and redirects: one set of headers."""
    seminar = SeminarFactory(venue=VenueFactory())
    anonymous, staff, participant_client = secure_client(), secure_client(), secure_client()
    staff.force_login(organiser)
    participant_client.force_login(participant)
    answers = {
        "home page": anonymous.get("/"),
        "page in Greek": anonymous.get("/el/seminars/"),
        "login form": anonymous.get("/accounts/login/"),
        "404 page": anonymous.get("/no-such-page/"),
        "403 page": participant_client.get("/manage/audit/"),
        "JSON": anonymous.get("/api/v1/seminars/"),
        "API error": anonymous.post("/api/v1/registrations/", {}, content_type="application/json"),
        "calendar file": anonymous.get(f"/seminars/{seminar.slug}/calendar.ics"),
        "feed": anonymous.get("/press/feed/rss/"),
        "API docs": anonymous.get("/api/docs/"),
        "redirect": anonymous.get("/me/"),
        "organiser area": staff.get("/manage/"),
        "health check": anonymous.get("/healthz"),
    }
    problems = [
        f"{name}: {problem}" for name, response in answers.items() for problem in header_problems(response)
    ]
    assert not problems, "\n".join(problems)
    assert {name: response.status_code for name, response in answers.items()} == {
        "home page": 200,
        "page in Greek": 200,
        "login form": 200,
        "404 page": 404,
        "403 page": 403,
        "JSON": 200,
        "API error": 401,
        "calendar file": 200,
        "feed": 200,
        "API docs": 200,
        "redirect": 302,
        "organiser area": 302,  # to the two-factor set-up: production requires it
        "health check": 200,
    }


def test_plain_http_is_sent_to_https_except_the_health_check(production):
    client = Client(SERVER_NAME=HOST)
    response = client.get("/seminars/?country=SI")
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}/seminars/?country=SI"
    assert client.get("/healthz").status_code == 200  # load balancers probe over HTTP
    assert "Strict-Transport-Security" not in client.get("/healthz")  # only ever sent over HTTPS


def test_cookies_are_secure_http_only_and_same_site(production, participant, password):
    client = secure_client()
    client.get("/accounts/login/")
    response = client.post("/accounts/login/", {"login": participant.email, "password": password})
    assert response.status_code == 302
    cookies = {
        name: client.cookies[name] for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
    }
    for name, cookie in cookies.items():
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
        assert cookie["samesite"] == "Lax", name
    assert production.LANGUAGE_COOKIE_SECURE and production.LANGUAGE_COOKIE_HTTPONLY


# ---------------------------------------------------------------------------
# Sessions and CSRF


def test_logging_in_gives_a_new_session_and_the_old_one_stays_anonymous(client, participant, password):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    response = client.post("/accounts/login/", {"login": participant.email, "password": password})
    assert response.status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after != before
    planted = Client()
    planted.cookies[settings.SESSION_COOKIE_NAME] = before  # the key an attacker planted
    assert planted.get("/me/")["Location"] == "/accounts/login/?next=/me/"


def test_logging_in_by_code_gives_a_new_session(client, participant):
    response = client.post("/accounts/login/code/", {"email": participant.email})
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)
    client.post(response["Location"], {"code": code})
    assert client.session["_auth_user_id"] == str(participant.pk)
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != before


def test_logging_out_ends_the_session_on_the_server(client, participant):
    client.force_login(participant)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.post("/accounts/logout/")
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = key
    assert replay.get("/me/").status_code == 302


def _form_token(client, url) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_forms_refuse_a_post_without_the_csrf_token_and_change_nothing(organiser, participant, password):
    from events.models import Venue

    login = Client(enforce_csrf_checks=True)
    refused = login.post("/accounts/login/", {"login": participant.email, "password": password})
    assert refused.status_code == 403
    assert "CSRF" in refused.content.decode()
    assert "_auth_user_id" not in login.session

    staff = Client(enforce_csrf_checks=True)
    staff.force_login(organiser)
    venue = {"name": "Forged venue", "address": "x", "city": "Ljubljana", "country": "SI"}
    assert staff.post("/manage/venues/new/", venue).status_code == 403
    forged_token = {**venue, "csrfmiddlewaretoken": "x" * 64}
    assert staff.post("/manage/venues/new/", forged_token).status_code == 403
    assert not Venue.objects.filter(name="Forged venue").exists()

    token = _form_token(login, "/accounts/login/")
    accepted = login.post(
        "/accounts/login/", {"login": participant.email, "password": password, "csrfmiddlewaretoken": token}
    )
    assert accepted.status_code == 302


def test_the_api_with_a_session_needs_the_csrf_token_and_with_a_token_does_not(participant):
    seminar = SeminarFactory(venue=VenueFactory())
    body = {
        "seminar": seminar.slug,
        "professional_group": "social-workers",
        "organisation": "Centre for Social Work",
        "country": "SI",
        "consent": True,
    }
    session = Client(enforce_csrf_checks=True)
    session.force_login(participant)
    refused = session.post("/api/v1/registrations/", body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not participant.registrations.exists()

    by_token = Client(
        enforce_csrf_checks=True, headers={"Authorization": f"Token {api_key_for(participant)}"}
    )
    assert by_token.post("/api/v1/registrations/", body, content_type="application/json").status_code == 201


# ---------------------------------------------------------------------------
# Rate limits (allauth's ACCOUNT_RATE_LIMITS, in the shared cache): the attempt after
# the last allowed one is refused with a message, per network address and per account.


def _post_from(address: str, url: str, data: dict, language: str = ""):
    return Client(REMOTE_ADDR=address).post(f"/{language}{url}" if language else url, data)


def _people(count: int, password: str) -> list:
    people = [UserFactory(email=f"person{n}@example.org", password=password) for n in range(count)]
    for person in people:
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    return people


FAILED_LOGIN = "Too many failed login attempts. Try again later."


def test_failed_logins_are_limited_per_network_address(password):
    people = _people(11, password)
    for person in people[:10]:
        response = _post_from("192.0.2.1", "/accounts/login/", {"login": person.email, "password": "wrong"})
        assert FAILED_LOGIN not in response.content.decode()
    # The eleventh, with the right password, from the same address: refused.
    blocked = _post_from("192.0.2.1", "/accounts/login/", {"login": people[10].email, "password": password})
    assert blocked.status_code == 200
    assert FAILED_LOGIN in blocked.content.decode()
    # From another address the same person logs in.
    allowed = _post_from("192.0.2.2", "/accounts/login/", {"login": people[10].email, "password": password})
    assert allowed.status_code == 302


def test_failed_logins_are_limited_per_account_from_any_address(participant, password):
    for attempt in range(5):
        _post_from(
            f"198.51.100.{attempt}", "/accounts/login/", {"login": participant.email, "password": "no"}
        )
    blocked = _post_from(
        "198.51.100.99", "/accounts/login/", {"login": participant.email, "password": password}
    )
    assert FAILED_LOGIN in blocked.content.decode()
    slovenian = _post_from(
        "198.51.100.98", "/accounts/login/", {"login": participant.email, "password": password}, "sl"
    )
    assert "Preveliko število neuspelih prijav. Poskusite znova kasneje." in slovenian.content.decode()


def test_logins_are_limited_per_network_address(participant, password):
    client = Client(REMOTE_ADDR="192.0.2.7")
    for _ in range(30):
        assert client.get("/accounts/login/").status_code == 200
        client.post("/accounts/login/", {"login": participant.email, "password": password})
        client.logout()
    limited = client.post("/accounts/login/", {"login": participant.email, "password": password})
    assert limited.status_code == 429
    assert "_auth_user_id" not in client.session
    assert_too_many_requests_page(limited)


def assert_too_many_requests_page(response, *, title="Too many requests"):
    """The site's own page in the visitor's language, saying what to do."""
    page = response.content.decode()
    assert f"<h1>{title}</h1>" in page
    assert '<header class="site-header">' in page


def _signup_data(email: str) -> dict:
    from accounts.models import ProfessionalGroup

    return {
        "email": email,
        "full_name": "Nina Kovač",
        "password1": "a-long-enough-passphrase",
        "password2": "a-long-enough-passphrase",
        "professional_group": str(ProfessionalGroup.objects.first().pk),
        "privacy_consent": "on",
    }


def test_sign_ups_are_limited_per_network_address(django_user_model):
    for number in range(20):
        response = _post_from(
            "192.0.2.20", "/accounts/signup/", _signup_data(f"newcomer{number}@example.org")
        )
        assert response.status_code == 302
    limited = _post_from("192.0.2.20", "/accounts/signup/", _signup_data("late@example.org"), "sl")
    assert limited.status_code == 429
    assert_too_many_requests_page(limited, title="Preveč zahtev")
    assert not django_user_model.objects.filter(email="late@example.org").exists()
    assert django_user_model.objects.count() == 20


def test_sign_up_or_login_mails_one_verification_per_address_in_three_minutes():
    """Per account: whoever asks, from wherever, the address gets one message per three minutes."""
    data = _signup_data("unverified@example.org")
    assert _post_from("192.0.2.30", "/accounts/signup/", data).status_code == 302
    assert [message.to for message in mail.outbox] == [["unverified@example.org"]]
    for attempt in range(3):
        response = _post_from(
            f"192.0.2.{31 + attempt}",
            "/accounts/login/",
            {"login": "unverified@example.org", "password": "a-long-enough-passphrase"},
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 1


def test_login_codes_are_limited_per_account_and_per_network_address(password):
    people = _people(22, password)
    person = people[0]
    for attempt in range(3):
        asked = _post_from(f"203.0.113.{attempt}", "/accounts/login/code/", {"email": person.email})
        assert asked.status_code == 302
    blocked = _post_from("203.0.113.50", "/accounts/login/code/", {"email": person.email})
    assert blocked.status_code == 200
    assert FAILED_LOGIN in blocked.content.decode()
    assert len(mail.outbox) == 3

    for other in people[1:21]:
        assert _post_from("203.0.113.60", "/accounts/login/code/", {"email": other.email}).status_code == 302
    blocked = _post_from("203.0.113.60", "/accounts/login/code/", {"email": people[21].email})
    assert blocked.status_code == 200
    assert FAILED_LOGIN in blocked.content.decode()
    assert len(mail.outbox) == 3 + 20


def test_a_login_code_takes_three_wrong_guesses_then_stops(client, participant):
    response = client.post("/accounts/login/code/", {"email": participant.email})
    confirm = response["Location"]
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.MULTILINE).group(1)
    for _ in range(2):
        assert "Incorrect code." in client.post(confirm, {"code": "AAAA-AAAA"}).content.decode()
    # The third wrong guess spends the code: back to asking for a new one.
    assert client.post(confirm, {"code": "AAAA-AAAA"})["Location"] == "/accounts/login/code/"
    late = client.post(confirm, {"code": code})
    assert late["Location"] == "/accounts/login/code/"
    assert "_auth_user_id" not in client.session


def test_password_resets_are_limited_per_account_and_per_network_address(participant, password):
    for attempt in range(5):
        _post_from(f"198.51.100.{attempt}", "/accounts/password/reset/", {"email": participant.email})
    assert len(mail.outbox) == 5
    blocked = _post_from("198.51.100.77", "/accounts/password/reset/", {"email": participant.email})
    assert blocked.status_code == 429
    assert_too_many_requests_page(blocked)
    assert len(mail.outbox) == 5

    people = _people(21, password)
    for person in people[:20]:
        _post_from("192.0.2.90", "/accounts/password/reset/", {"email": person.email})
    sent = len(mail.outbox)
    limited = _post_from("192.0.2.90", "/accounts/password/reset/", {"email": people[20].email})
    assert limited.status_code == 429
    assert_too_many_requests_page(limited)
    assert len(mail.outbox) == sent


# ---------------------------------------------------------------------------
# Uploads: judged by their content and size, never by their name or declared type


# Materials, press attachments, certificate signatures and the verification upload have
# their own tests (tests/evaluations/test_materials.py, tests/press/test_manage.py,
# tests/certificates/test_issuance.py, test_verify.py); the press release image is here.


def _gif() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, format="GIF")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "photo.png",
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "Upload a valid image.",
        ),
        ("photo.png", b"<html><script>alert(1)</script></html>", "Upload a valid image."),
        ("photo.png", _gif(), "The image must be a PNG or a JPEG."),
        ("photo.png", b"PNG" + b"\x00" * 100, "Upload a valid image."),
    ],
    ids=["svg", "html", "gif", "not-an-image"],
)
def test_a_press_image_is_judged_by_its_content(client, name, content, error):
    from events.models import Membership
    from press.models import PressRelease
    from tests.factories import MembershipFactory
    from tests.press.test_manage import release_data

    client.force_login(MembershipFactory(role=Membership.Role.PRESS_OFFICER).user)
    image = SimpleUploadedFile(name, content, content_type="image/png")
    response = client.post("/manage/press/new/", release_data(image=image, image_alt="A photo"))
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not PressRelease.objects.exists()


def test_a_press_image_over_10_mb_is_refused(client):
    from events.models import Membership
    from press.models import PressRelease
    from tests.factories import MembershipFactory
    from tests.press.test_manage import png_bytes, release_data

    client.force_login(MembershipFactory(role=Membership.Role.PRESS_OFFICER).user)
    large = png_bytes() + b"\x00" * (10 * 1024 * 1024)  # a valid PNG with trailing bytes
    image = SimpleUploadedFile("photo.png", large, content_type="image/png")
    response = client.post("/manage/press/new/", release_data(image=image, image_alt="A photo"))
    assert response.status_code == 400
    assert "The image is larger than 10 MB. Choose a smaller one." in response.content.decode()
    assert not PressRelease.objects.exists()


# ---------------------------------------------------------------------------
# Two-factor login for staff


def test_production_requires_two_factor_for_every_staff_role(production, organiser, coordinator):
    from events.models import Membership
    from tests.factories import MembershipFactory

    press_officer = MembershipFactory(role=Membership.Role.PRESS_OFFICER).user
    for person, area in (
        (organiser, "/manage/"),
        (press_officer, "/manage/press/"),
        (coordinator, "/admin/"),
    ):
        client = secure_client()
        client.force_login(person)
        assert client.get(area)["Location"] == "/accounts/2fa/totp/activate/", area
        Authenticator.objects.create(user=person, type=Authenticator.Type.TOTP, data={"secret": "x"})
        assert client.get(area).status_code == 200, area
