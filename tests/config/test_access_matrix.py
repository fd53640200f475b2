"""The access matrix: every URL of the project, asked by every role, answers as the rules say.

DESIGN.md: roles come from membership of a host organisation, coordinators are
superusers; another person's registration and another organisation's objects
are a 404 (not a 403 that leaks their existence); drafts and embargoed press
releases are not public. The organiser area, the press area and the press list
answer 403 to people without the role (404 for their objects, which are looked
up among the person's own).

How it works
- EXPECTED declares, for every URL pattern of the project (the route string as
  the resolver builds it, regex pieces without their ^ and $) or for a whole
  prefix (admin/, accounts/, api/schema/, api/docs/, media/, static/), the
  concrete URLs to ask and the status each role must get for each method.
  A URL pattern without an entry, an entry that matches no pattern, a case
  whose URL resolves to another entry's pattern, and an operation of the
  OpenAPI schema without a case each fail, so the matrix cannot fall behind.
- One world per test function: organisation X (an organiser, a press officer,
  a draft and a published seminar with participant A's registration, a venue,
  a trainer, an invitation, draft/embargoed/public press releases, a press
  contact, a journalist on the press list), organisation Y (its organiser and
  the same kinds of things, participant B's registration), and a coordinator.
  Every request other than a GET runs in a savepoint that is rolled back, so
  POSTs that publish, cancel or remove leave the world as it was.
- Language-prefixed pages are asked again under the first other language
  (GET, by an anonymous visitor and by organiser_Y).
- Besides status codes, list pages and feeds are checked for content of
  another person or organisation (drafts, embargoed releases, registrations).
- All mismatches are collected and reported together, one line each:
  "organiser_Y GET /manage/seminars/12/registrations/ -> 200, expected 404".
- Bodies are empty or minimal: this checks who gets in, not what succeeds.

When a line fails, decide whether the application or the expectation is
wrong. Never relax an expectation to hide a leak.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern, RegexPattern
from django.utils import timezone, translation

from common.files import private_files
from events.models import Membership, Seminar
from members import services as member_services
from press.models import Attachment, PressContact, PressListEntry, PressRelease
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    SeminarFactory,
    TrainerFactory,
    UserFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db

ANONYMOUS = "anonymous"
ROLES = (
    ANONYMOUS,
    "participant_A",
    "participant_B",
    "organiser_X",
    "organiser_Y",
    "press_X",
    "coordinator",
)
LOGIN = "302 to login"  # a redirect to /accounts/login/ (any language prefix)
LOCALISED_ROLES = (ANONYMOUS, "organiser_Y")  # asked again behind a language prefix


# A 1x1 PNG: images of the world's press releases and organisation X's logo.
def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


# ---------------------------------------------------------------------------
# The world


@dataclass
class World:
    x: object
    y: object
    users: dict
    x_draft: Seminar
    x_published: Seminar
    y_published: Seminar
    y_draft: Seminar
    reg_a: object
    reg_b: object
    x_venue: object
    y_venue: object
    x_trainer: object
    y_trainer: object
    x_invitation: object
    y_invitation: object
    x_invitation_token: str
    press_x_membership: Membership
    organiser_y_membership: Membership
    x_release_draft: PressRelease
    x_release_embargoed: PressRelease
    x_release_public: PressRelease
    y_release_draft: PressRelease
    y_release_embargoed: PressRelease
    x_entry: PressListEntry
    y_entry: PressListEntry
    x_attachment: Attachment
    x_public_attachment: Attachment
    x_contact: PressContact
    y_contact: PressContact
    sessions: dict = field(default_factory=dict)


def _person(**kwargs):
    user = UserFactory(**kwargs)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _release(organisation, slug, headline, status, publish_in_days=None, author=None) -> PressRelease:
    return PressRelease.objects.create(
        organisation=organisation,
        language="en",
        slug=slug,
        headline=headline,
        dateline_city="Ljubljana",
        dateline_date=timezone.localdate(),
        lead="A lead.",
        body="A body.",
        status=status,
        publish_at=None if publish_in_days is None else timezone.now() + timedelta(days=publish_in_days),
        author=author,
    )


def build_world() -> World:
    x = OrganisationFactory(name="Organisation Kappa X", short_name="KAPPA", slug="org-x")
    y = OrganisationFactory(name="Organisation Lambda Y", short_name="LAMBDA", slug="org-y")
    participant_a = _person(email="participant-a@example.org", full_name="Alpha Participant")
    participant_b = _person(email="participant-b@example.org", full_name="Beta Participant")
    organiser_x = _person(email="organiser-x@example.org", full_name="Xavier Organiser")
    organiser_y = _person(email="organiser-y@example.org", full_name="Yolanda Organiser")
    press_x = _person(email="press-x@example.org", full_name="Xenia Press")
    coordinator = _person(email="coordinator@example.org", is_superuser=True, is_staff=True)
    MembershipFactory(organisation=x, user=organiser_x, role=Membership.Role.ORGANISER)
    press_x_membership = MembershipFactory(organisation=x, user=press_x, role=Membership.Role.PRESS_OFFICER)
    organiser_y_membership = MembershipFactory(
        organisation=y, user=organiser_y, role=Membership.Role.ORGANISER
    )

    x_venue = VenueFactory(organisation=x, name="Venue Kappa of X")
    y_venue = VenueFactory(
        organisation=y, name="Venue Lambda of Y", city="Athens", country="GR", time_zone="Europe/Athens"
    )
    x_trainer = TrainerFactory(organisation=x, name="Trainer Kappa of X")
    y_trainer = TrainerFactory(organisation=y, name="Trainer Lambda of Y")
    x_published = SeminarFactory(
        organisation=x, venue=x_venue, slug="x-published", title_en="Published seminar of Kappa X"
    )
    x_draft = SeminarFactory(
        organisation=x,
        venue=x_venue,
        slug="x-draft",
        title_en="Confidential draft of Kappa X",
        status=Seminar.Status.DRAFT,
    )
    y_published = SeminarFactory(
        organisation=y, venue=y_venue, slug="y-published", title_en="Published seminar of Lambda Y"
    )
    y_draft = SeminarFactory(
        organisation=y,
        venue=y_venue,
        slug="y-draft",
        title_en="Confidential draft of Lambda Y",
        status=Seminar.Status.DRAFT,
    )
    reg_a = RegistrationFactory(seminar=x_published, user=participant_a)
    reg_b = RegistrationFactory(seminar=y_published, user=participant_b)
    x_invitation, x_token = member_services.invitation_create(
        organisation=x, email="invitee-x@example.org", role="press_officer", invited_by=organiser_x
    )
    y_invitation, _y_token = member_services.invitation_create(
        organisation=y, email="invitee-y@example.org", role="organiser", invited_by=organiser_y
    )
    published = PressRelease.Status.PUBLISHED
    x_release_draft = _release(
        x, "x-press-draft", "Confidential press draft of Kappa X", "draft", None, press_x
    )
    x_release_embargoed = _release(
        x, "x-press-embargoed", "Embargoed press release of Kappa X", published, 3, press_x
    )
    x_release_public = _release(
        x, "x-press-public", "Public press release of Kappa X", published, -3, press_x
    )
    y_release_draft = _release(
        y, "y-press-draft", "Confidential press draft of Lambda Y", "draft", None, organiser_y
    )
    y_release_embargoed = _release(
        y, "y-press-embargoed", "Embargoed press release of Lambda Y", published, 3, coordinator
    )
    # Real files: the press file views answer 404 for a file missing from the storage.
    x_attachment = Attachment.objects.create(
        release=x_release_draft,
        title="Attachment Kappa",
        file=private_files.save("press/attachments/kappa.pdf", ContentFile(b"%PDF-1.4 draft kit")),
        content_type="application/pdf",
        size=18,
    )
    x_public_attachment = Attachment.objects.create(
        release=x_release_public,
        title="Public attachment Kappa",
        file=private_files.save("press/attachments/kappa-public.pdf", ContentFile(b"%PDF-1.4 press kit")),
        content_type="application/pdf",
        size=18,
    )
    for release in (x_release_draft, x_release_embargoed, x_release_public, y_release_draft):
        release.image = private_files.save(f"press/images/{release.slug}.png", ContentFile(PNG))
        release.image_alt = "A photo"
        release.save(update_fields=["image", "image_alt"])
    x.logo = default_storage.save("organisations/logos/kappa.png", ContentFile(PNG))
    x.save(update_fields=["logo"])
    x_contact = PressContact.objects.create(
        organisation=x, office_name="Press office Kappa", email="press@kappa.example"
    )
    y_contact = PressContact.objects.create(
        organisation=y, office_name="Press office Lambda", email="press@lambda.example"
    )
    x_entry = PressListEntry.objects.create(
        organisation=x, name="Journalist Kappa", email="journalist@kappa.example", consent_at=timezone.now()
    )
    y_entry = PressListEntry.objects.create(
        organisation=y, name="Journalist Lambda", email="journalist@lambda.example", consent_at=timezone.now()
    )
    users = {
        ANONYMOUS: None,
        "participant_A": participant_a,
        "participant_B": participant_b,
        "organiser_X": organiser_x,
        "organiser_Y": organiser_y,
        "press_X": press_x,
        "coordinator": coordinator,
    }
    world = World(
        x=x,
        y=y,
        users=users,
        x_draft=x_draft,
        x_published=x_published,
        y_published=y_published,
        y_draft=y_draft,
        reg_a=reg_a,
        reg_b=reg_b,
        x_venue=x_venue,
        y_venue=y_venue,
        x_trainer=x_trainer,
        y_trainer=y_trainer,
        x_invitation=x_invitation,
        y_invitation=y_invitation,
        x_invitation_token=x_token,
        press_x_membership=press_x_membership,
        organiser_y_membership=organiser_y_membership,
        x_release_draft=x_release_draft,
        x_release_embargoed=x_release_embargoed,
        x_release_public=x_release_public,
        y_release_draft=y_release_draft,
        y_release_embargoed=y_release_embargoed,
        x_entry=x_entry,
        y_entry=y_entry,
        x_attachment=x_attachment,
        x_public_attachment=x_public_attachment,
        x_contact=x_contact,
        y_contact=y_contact,
    )
    for role, user in users.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            world.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world


# ---------------------------------------------------------------------------
# Expectations


def roles(default, **overrides) -> dict:
    unknown = set(overrides) - set(ROLES)
    assert not unknown, unknown
    return {role: overrides.get(role, default) for role in ROLES}


PUBLIC = roles(200)
NOBODY = roles(404)  # e.g. a draft's public page
PUBLIC_REDIRECT = roles(302)


def logged_in(status) -> dict:
    """Any logged-in person (their own data); anonymous visitors go to the login page."""
    return roles(status, anonymous=LOGIN)


def organiser_area(ok) -> dict:
    """Pages of the organiser area that are not about one object."""
    return roles(403, anonymous=LOGIN, organiser_X=ok, organiser_Y=ok, coordinator=ok)


def of_x(ok, anonymous=LOGIN) -> dict:
    """An object of organisation X: its organisers and coordinators; 404 for everyone else."""
    return roles(404, anonymous=anonymous, organiser_X=ok, coordinator=ok)


def of_y(ok, anonymous=LOGIN) -> dict:
    return roles(404, anonymous=anonymous, organiser_Y=ok, coordinator=ok)


def own_of(role, ok, anonymous=LOGIN) -> dict:
    """A person's own registration: theirs only (coordinators included, it is not their page)."""
    return roles(404, anonymous=anonymous, **{role: ok})


def press_office(ok, *, anonymous=LOGIN) -> dict:
    """The press list area: press officers (and coordinators); 403 for everyone else."""
    return roles(403, anonymous=anonymous, press_X=ok, coordinator=ok)


def press_area(ok) -> dict:
    """The press area (/manage/press/): organisers draft, press officers also publish; 403 for others."""
    return roles(403, anonymous=LOGIN, organiser_X=ok, organiser_Y=ok, press_X=ok, coordinator=ok)


def x_press_draft(ok, *, organiser_X=None) -> dict:
    """X's draft release: X's press officers and organisers (organisers draft), coordinators;
    403 for people outside the press area, 404 for the other organisation."""
    return roles(
        404,
        anonymous=LOGIN,
        participant_A=403,
        participant_B=403,
        organiser_X=ok if organiser_X is None else organiser_X,
        press_X=ok,
        coordinator=ok,
    )


def x_press_published(ok) -> dict:
    """X's published (or scheduled) release in the press area: press officers only (organisers
    see drafts and releases in review only)."""
    return roles(404, anonymous=LOGIN, participant_A=403, participant_B=403, press_X=ok, coordinator=ok)


def y_press_draft(ok, *, organiser_Y=None) -> dict:
    return roles(
        404,
        anonymous=LOGIN,
        participant_A=403,
        participant_B=403,
        organiser_Y=ok if organiser_Y is None else organiser_Y,
        coordinator=ok,
    )


def api_writers(ok, *, other_organiser=404) -> dict:
    """Seminar writes in the API: 401 anonymous, 403 for people who organise nothing."""
    return roles(403, anonymous=401, organiser_X=ok, organiser_Y=other_organiser, coordinator=ok)


Check = Callable[["World", str, object], list[str]]


@dataclass
class Case:
    """One concrete URL and the status each role gets for each method."""

    path: Callable[[World], str] | str
    expect: dict  # method -> {role: status or LOGIN}
    data: dict | Callable[[World], dict] | None = None  # POST/PUT/PATCH body
    api: bool = False  # JSON body
    follow: bool = False  # judge the end of the redirect chain
    check: Check | None = None  # extra checks on the body (content leaks)
    localised: bool = False  # also ask it with each language prefix


@dataclass
class Entry:
    cases: list[Case] | Callable[[World], list[Case]]
    prefix: bool = False  # the key covers every pattern under it
    optional: bool = False  # a prefix that may match no pattern (static/, media/ outside DEBUG)
    why: str = ""


def page(path, expect, **kwargs) -> Case:
    return Case(path, expect, localised=True, **kwargs)


def api(path, expect, **kwargs) -> Case:
    return Case(path, expect, api=True, **kwargs)


def _not_in_body(*texts_for: Callable[[World], list[str]]) -> Check:
    """The body of the answer must not contain these texts."""

    def check(world, role, response):
        body = response.content.decode(errors="replace")
        return [f"shows {text!r}" for texts in texts_for for text in texts(world) if text in body]

    return check


DRAFT_TITLES = _not_in_body(
    lambda w: [w.x_draft.title_en, w.x_draft.slug, w.y_draft.title_en, w.y_draft.slug]
)


def _api_seminar_list(world, role, response) -> list[str]:
    slugs = {row["slug"] for row in response.json()["results"]}
    allowed_drafts = {
        "organiser_X": {world.x_draft.slug},
        "organiser_Y": {world.y_draft.slug},
        "coordinator": {world.x_draft.slug, world.y_draft.slug},
    }.get(role, set())
    leaked = ({world.x_draft.slug, world.y_draft.slug} - allowed_drafts) & slugs
    return [f"lists draft {slug}" for slug in sorted(leaked)]


def _api_my_registrations(world, role, response) -> list[str]:
    own = {
        "participant_A": {world.reg_a.pk},
        "participant_B": {world.reg_b.pk},
    }.get(role, set())
    ids = {row["id"] for row in response.json()["results"]}
    return [f"lists another person's registration {pk}" for pk in sorted(ids - own)]


def _api_seminar_registrations(expected: Callable[[World], set]) -> Check:
    def check(world, role, response):
        if response.status_code != 200:
            return []
        ids = {row["id"] for row in response.json()["results"]}
        return [f"lists registration {pk} of another seminar" for pk in sorted(ids - expected(world))]

    return check


def _own_data_only(world, role, response) -> list[str]:
    """A person's data export holds their own registrations and no one else's."""
    if response.status_code != 200:
        return []
    body = response.content.decode(errors="replace")
    others = [user.email for name, user in world.users.items() if user is not None and name != role]
    return [f"exports {email!r} of another person" for email in others if email in body]


def _dashboard(world, role, response) -> list[str]:
    body = response.content.decode(errors="replace")
    others = {
        "participant_A": [world.reg_b],
        "participant_B": [world.reg_a],
    }.get(role, [world.reg_a, world.reg_b])
    return [
        f"shows registration {registration.pk} of another person"
        for registration in others
        if f"/me/registrations/{registration.pk}/" in body
    ]


def _of_other_organisation(world, role, response) -> list[str]:
    """Lists in the organiser area show only the person's organisations' things."""
    if response.status_code != 200:
        return []
    x_things = [world.x_draft.title_en, world.x_published.title_en, world.x_venue.name, world.x_trainer.name]
    y_things = [world.y_draft.title_en, world.y_published.title_en, world.y_venue.name, world.y_trainer.name]
    hidden = {"organiser_X": y_things, "organiser_Y": x_things}.get(role, [])
    body = response.content.decode(errors="replace")
    return [f"shows {text!r} of another organisation" for text in hidden if text in body]


def _organisation_list(world, role, response) -> list[str]:
    if response.status_code != 200:
        return []
    body = response.content.decode(errors="replace")
    hidden = {"organiser_X": [world.y.slug], "organiser_Y": [world.x.slug]}.get(role, [])
    return [f"links organisation {slug}" for slug in hidden if f"/manage/organisations/{slug}/" in body]


def _manage_registrations_html(world, role, response) -> list[str]:
    """X's registration list shows A and never B (B is registered at Y)."""
    if response.status_code != 200:
        return []
    body = response.content.decode(errors="replace")
    return [f"shows {name!r}" for name in ("Beta Participant", "participant-b@example.org") if name in body]


def _admin_cases(world: World) -> list[Case]:
    """The index, every model's changelist, and the change pages of the most
    sensitive rows (a participant's registration and account)."""
    staff_only = roles(403, anonymous=LOGIN, coordinator=200)
    paths = ["/admin/"]
    for model in admin.site._registry:
        paths.append(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"))
    for obj in (world.reg_a, world.users["participant_A"], world.x_draft):
        info = (obj._meta.app_label, obj._meta.model_name)
        if obj.__class__ in admin.site._registry:
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
    return [Case(path, {"GET": staff_only}, follow=True) for path in paths]


def _press_list(world, role, response) -> list[str]:
    if response.status_code != 200 or role != "press_X":
        return []
    body = response.content.decode(errors="replace")
    return [f"shows {text!r} of another organisation" for text in (world.y_entry.name,) if text in body]


def _press_area_list(world, role, response) -> list[str]:
    if response.status_code != 200:
        return []
    x_things = [
        world.x_release_draft.headline,
        world.x_release_embargoed.headline,
        world.x_contact.office_name,
    ]
    y_things = [
        world.y_release_draft.headline,
        world.y_release_embargoed.headline,
        world.y_contact.office_name,
    ]
    hidden = {"organiser_X": y_things, "press_X": y_things, "organiser_Y": x_things}.get(role, [])
    body = response.content.decode(errors="replace")
    return [f"shows {text!r} of another organisation" for text in hidden if text in body]


PRESS_SECRETS = _not_in_body(
    lambda w: [
        w.x_release_draft.headline,
        w.x_release_embargoed.headline,
        w.y_release_draft.headline,
        w.y_release_embargoed.headline,
    ]
)


UNPUBLIC_RELEASES = ("x-press-draft", "x-press-embargoed", "y-press-draft", "y-press-embargoed")


def _api_release_list(world, role, response) -> list[str]:
    if response.status_code != 200:
        return []
    slugs = {row["slug"] for row in response.json()["results"]}
    return [f"lists unpublished or embargoed release {slug}" for slug in UNPUBLIC_RELEASES if slug in slugs]


def _release_of_x(slug: str) -> dict:
    """A new release with this address, as the press area's form or the API takes it."""
    return {
        "language": "en",
        "headline": "Slug probe",
        "dateline_city": "Ljubljana",
        "dateline_date": "2031-03-02",
        "lead": "A lead.",
        "body": "A body.",
        "slug": slug,
    }


def _seminar_of_x(world: World, *, slug: str) -> dict:
    return {
        "organisation": world.x.slug,
        "venue": world.x_venue.pk,
        "slug": slug,
        "title_en": "Slug probe",
        "format": "in_person",
        "starts_at": "2031-03-31T09:00:00",
        "ends_at": "2031-03-31T17:00:00",
        "language": "en",
        "capacity": 20,
        "contact_email": "training@example.org",
    }


def _registration_body(seminar) -> dict:
    return {
        "seminar": seminar.slug,
        "professional_group": "social-workers",
        "organisation": "Centre for Social Work",
        "country": "SI",
        "consent": True,
    }


def _holders_pdf(world, role, response) -> list[str]:
    """A downloaded certificate is the role's own, byte for byte as issued (CERTIFICATES PUBLIC)."""
    if not response.streaming:
        return []
    content = b"".join(response.streaming_content)
    own = {"participant_A": world.reg_a, "participant_B": world.reg_b}.get(role)
    if own is None or hashlib.sha256(content).hexdigest() != _certificate_of(own).sha256:
        return ["hands out a file that is not the person's own certificate"]
    return []


def _api_my_certificates(world, role, response) -> list[str]:
    if response.status_code != 200:
        return []
    own = {"participant_A": [world.reg_a], "participant_B": [world.reg_b]}.get(role, [])
    allowed = {_certificate_of(registration).pk for registration in own}
    ids = {row["id"] for row in response.json()["results"]}
    return [f"lists another person's certificate {pk}" for pk in sorted(ids - allowed)]


UNKNOWN_CERTIFICATE_CODE = "A" * 32


def _certificate_of(registration):
    """The registration's valid certificate, made on first use (CERTIFICATES CORE)."""
    from certificates.models import Certificate
    from tests.certificates.holders import make_certificate

    return Certificate.objects.valid().filter(registration=registration).first() or make_certificate(
        registration
    )


# Evaluations and materials: their objects are made the first time a case asks for them.


def _evaluation(world: World):
    """X's seminar that has ended (A attended; an evaluation with a required rating and a
    knowledge question), X's and Y's materials on their published seminars, and a project each."""
    if "evaluation" not in world.__dict__:
        from types import SimpleNamespace

        from django.core.files.uploadedfile import SimpleUploadedFile

        from evaluations import services as evaluation_services
        from evaluations.models import Question, Questionnaire
        from tests.factories import ProjectFactory

        starts = timezone.now() - timedelta(days=3)
        seminar = SeminarFactory(
            organisation=world.x,
            venue=world.x_venue,
            slug="x-evaluated",
            title_en="Evaluated seminar of Kappa X",
            starts_at=starts,
            ends_at=starts + timedelta(hours=8),
        )
        RegistrationFactory(seminar=seminar, user=world.users["participant_A"], checked_in_at=starts)
        questionnaire = Questionnaire.objects.create(seminar=seminar, pre_training=True)
        Question.objects.create(questionnaire=questionnaire, kind="rating", label_en="Useful?", required=True)
        Question.objects.create(
            questionnaire=questionnaire,
            kind="single_choice",
            label_en="Who refers?",
            options_en="A\nB",
            knowledge=True,
            correct_option=1,
        )

        def material(seminar, actor):
            return evaluation_services.material_add(
                seminar=seminar,
                actor=actor,
                file=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n"),
                titles={"en": "S"},
            )

        world.evaluation = SimpleNamespace(
            seminar=seminar,
            x_material=material(world.x_published, world.users["organiser_X"]),
            y_material=material(world.y_published, world.users["organiser_Y"]),
            x_project=ProjectFactory(coordinator=world.x, slug="x-project"),
            y_project=ProjectFactory(coordinator=world.y, slug="y-project"),
        )
    return world.evaluation


def _evaluated(world: World) -> str:
    return _evaluation(world).seminar.slug


def _first_day(seminar) -> str:
    """The seminar's first local date (sign-in sheets, DESK)."""
    return seminar.starts_at.astimezone(seminar.zone).date().isoformat()


def _unknown_code_reveals_nothing(world, role, response) -> list[str]:
    """A check-in code opened by anyone but its seminar's organisers names nobody (DESK)."""
    if response.status_code != 404:
        return []
    body = response.content.decode(errors="replace")
    secrets = [
        "Alpha Participant",
        "Beta Participant",
        world.x_published.title_en,
        world.y_published.title_en,
    ]
    return [f"shows {text!r}" for text in secrets if text in body]


def _insight_projects(world: World) -> dict:
    """Projects for the funder report (INSIGHT): "shared" has a seminar of X and one of Y,
    "x-only" only X's draft. Made on first use, kept on the world."""
    if not hasattr(world, "insight_projects"):
        shared = ProjectFactory(slug="shared-project", acronym="SHARED", coordinator=world.x)
        x_only = ProjectFactory(slug="x-only-project", acronym="XONLY", coordinator=world.x)
        Seminar.objects.filter(pk__in=[world.x_published.pk, world.y_published.pk]).update(project=shared)
        Seminar.objects.filter(pk=world.x_draft.pk).update(project=x_only)
        world.insight_projects = {"shared": shared, "x_only": x_only}
    return world.insight_projects


def _projects_page(world: World) -> str:
    _insight_projects(world)
    return "/manage/projects/"


def _report_of(key: str) -> Callable[[World], str]:
    return lambda world: f"/manage/projects/{_insight_projects(world)[key].slug}/report/"


def _insight_other_organisation(world, role, response) -> list[str]:
    """Reports and project lists show only the person's organisations' seminars and projects."""
    if response.status_code != 200:
        return []
    body = response.content.decode(errors="replace")
    hidden = {
        "organiser_X": [world.y_published.title_en],
        "organiser_Y": [world.x_published.title_en, world.x_draft.title_en, "x-only-project"],
    }.get(role, [])
    return [f"shows {text!r} of another organisation" for text in hidden if text in body]


SEMINAR_REGISTRATIONS_API = "api/v1/manage/seminars/(?P<seminar_slug>[\\w-]+)/registrations/"

EXPECTED: dict[str, Entry] = {
    # --- outside the language prefix -------------------------------------------------
    "healthz": Entry([Case("/healthz", {"GET": PUBLIC})]),
    "seminars/calendar.ics": Entry([Case("/seminars/calendar.ics", {"GET": PUBLIC}, check=DRAFT_TITLES)]),
    "seminars/<slug:slug>/calendar.ics": Entry(
        [
            Case(lambda w: f"/seminars/{w.x_published.slug}/calendar.ics", {"GET": PUBLIC}),
            Case(lambda w: f"/seminars/{w.y_published.slug}/calendar.ics", {"GET": PUBLIC}),
            Case(lambda w: f"/seminars/{w.x_draft.slug}/calendar.ics", {"GET": NOBODY}),
        ]
    ),
    # --- public pages ---------------------------------------------------------------------
    "": Entry([page("/", {"GET": PUBLIC}, check=DRAFT_TITLES)]),
    "seminars/": Entry(
        [
            page("/seminars/", {"GET": PUBLIC}, check=DRAFT_TITLES),
            page("/seminars/?when=", {"GET": PUBLIC}, check=DRAFT_TITLES),
            page("/seminars/?q=Confidential", {"GET": PUBLIC}, check=DRAFT_TITLES),
        ]
    ),
    "seminars/<slug:slug>/": Entry(
        [
            page(lambda w: f"/seminars/{w.x_published.slug}/", {"GET": PUBLIC}),
            page(lambda w: f"/seminars/{w.y_published.slug}/", {"GET": PUBLIC}),
            # The public page never shows a draft, not even to its organisers.
            page(lambda w: f"/seminars/{w.x_draft.slug}/", {"GET": NOBODY}),
        ]
    ),
    "privacy/": Entry([page("/privacy/", {"GET": PUBLIC})]),
    # --- a participant's own pages -----------------------------------------------------
    "me/": Entry([page("/me/", {"GET": logged_in(200)}, check=_dashboard)]),
    "me/profile/": Entry(
        [page("/me/profile/", {"GET": logged_in(200), "POST": logged_in(400)}, data={"full_name": ""})]
    ),
    "me/api-token/": Entry([page("/me/api-token/", {"GET": logged_in(200), "POST": logged_in(302)})]),
    "me/api-token/revoke/": Entry(
        [page("/me/api-token/revoke/", {"GET": logged_in(405), "POST": logged_in(302)})]
    ),
    # --- privacy: one's own data, account deletion, the audit log (PRIVACY) -----------
    "me/data.json": Entry(
        [page("/me/data.json", {"GET": logged_in(200), "POST": roles(405)}, check=_own_data_only)]
    ),
    # Deleting asks for re-authentication first (a redirect); the rolled-back POST erases nothing.
    "me/delete/": Entry(
        [page("/me/delete/", {"GET": logged_in(200), "POST": logged_in(302)}, data={"confirm": "on"})]
    ),
    "me/deleted/": Entry([page("/me/deleted/", {"GET": PUBLIC, "POST": roles(405)})]),
    "manage/audit/": Entry(
        [page("/manage/audit/", {"GET": roles(403, anonymous=LOGIN, coordinator=200), "POST": roles(405)})]
    ),
    "seminars/<slug:slug>/register/": Entry(
        [
            # A already holds a seat: the page says so (200), a second POST is refused (400).
            page(
                lambda w: f"/seminars/{w.x_published.slug}/register/",
                {"GET": logged_in(200), "POST": logged_in(400)},
            ),
            page(
                lambda w: f"/seminars/{w.x_draft.slug}/register/",
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
        ]
    ),
    "me/registrations/<int:pk>/cancel/": Entry(
        [
            page(
                lambda w: f"/me/registrations/{w.reg_a.pk}/cancel/",
                {"GET": own_of("participant_A", 200), "POST": own_of("participant_A", 302)},
            ),
            page(
                lambda w: f"/me/registrations/{w.reg_b.pk}/cancel/",
                {"GET": own_of("participant_B", 200), "POST": own_of("participant_B", 302)},
            ),
        ]
    ),
    "me/registrations/<int:pk>/confirm/": Entry(
        [
            # POST only; A's seat is confirmed already, so there is no offer to take (400).
            page(
                lambda w: f"/me/registrations/{w.reg_a.pk}/confirm/",
                {"GET": logged_in(405), "POST": own_of("participant_A", 400)},
            ),
            page(
                lambda w: f"/me/registrations/{w.reg_b.pk}/confirm/",
                {"POST": own_of("participant_B", 400)},
            ),
        ]
    ),
    # --- the organiser area: colleagues ------------------------------------------------
    "manage/organisations/": Entry(
        [page("/manage/organisations/", {"GET": organiser_area(200)}, check=_organisation_list)]
    ),
    "manage/organisations/invitations/(?P<token>[A-Za-z0-9_-]{32,128})/": Entry(
        [
            # The emailed link: anyone's browser keeps the token in its session and
            # goes on to the accept page, which judges it.
            page(
                lambda w: f"/manage/organisations/invitations/{w.x_invitation_token}/",
                {"GET": PUBLIC_REDIRECT, "POST": roles(405)},
            ),
            page(
                "/manage/organisations/invitations/" + "A" * 43 + "/",
                {"GET": PUBLIC_REDIRECT, "POST": roles(405)},
            ),
        ]
    ),
    "manage/organisations/invitations/accept/": Entry(
        [
            # No link opened in this session: nothing to accept.
            page(
                "/manage/organisations/invitations/accept/",
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
        ]
    ),
    "manage/organisations/<slug:slug>/": Entry(
        [
            page(lambda w: f"/manage/organisations/{w.x.slug}/", {"GET": of_x(200), "POST": of_x(400)}),
            page(lambda w: f"/manage/organisations/{w.y.slug}/", {"GET": of_y(200), "POST": of_y(400)}),
        ]
    ),
    "manage/organisations/<slug:slug>/invitations/<int:invitation_id>/revoke/": Entry(
        [
            page(
                lambda w: f"/manage/organisations/{w.x.slug}/invitations/{w.x_invitation.pk}/revoke/",
                {"GET": logged_in(405), "POST": of_x(302)},
            ),
            # Y's invitation under X's address: not an invitation of X.
            page(
                lambda w: f"/manage/organisations/{w.x.slug}/invitations/{w.y_invitation.pk}/revoke/",
                {"POST": logged_in(404)},
            ),
        ]
    ),
    "manage/organisations/<slug:slug>/members/<int:membership_id>/remove/": Entry(
        [
            page(
                lambda w: f"/manage/organisations/{w.x.slug}/members/{w.press_x_membership.pk}/remove/",
                {"GET": of_x(200), "POST": of_x(302)},
            ),
            page(
                lambda w: f"/manage/organisations/{w.x.slug}/members/{w.organiser_y_membership.pk}/remove/",
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
            page(
                lambda w: f"/manage/organisations/{w.y.slug}/members/{w.press_x_membership.pk}/remove/",
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
        ]
    ),
    # --- the organiser area: registrations ---------------------------------------------
    "manage/seminars/<int:pk>/registrations/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/registrations/",
                {"GET": of_x(200), "POST": of_x(400)},
                check=_manage_registrations_html,
            ),
            # Deciding on one's own seminar's registration works; on another seminar's, the form refuses it.
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/registrations/",
                {"POST": of_x(302)},
                data=lambda w: {"action": "reject", "registrations": [w.reg_a.pk]},
            ),
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/registrations/",
                {"POST": of_x(400)},
                data=lambda w: {"action": "reject", "registrations": [w.reg_b.pk]},
            ),
            page(lambda w: f"/manage/seminars/{w.x_draft.pk}/registrations/", {"GET": of_x(200)}),
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/registrations/",
                {"GET": of_y(200), "POST": of_y(400)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/registrations/<int:registration_pk>/cancel/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/registrations/{w.reg_a.pk}/cancel/",
                {"GET": of_x(200), "POST": of_x(302)},
            ),
            # A registration looked up under a seminar it does not belong to.
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/registrations/{w.reg_a.pk}/cancel/",
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/registrations/{w.reg_b.pk}/cancel/",
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/seats/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/seats/", {"GET": of_x(200), "POST": of_x(400)}
            ),
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/seats/", {"GET": of_y(200), "POST": of_y(400)}
            ),
        ]
    ),
    "manage/seminars/<int:pk>/questions/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/questions/",
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: f"/manage/seminars/{w.y_draft.pk}/questions/", {"GET": of_y(200), "POST": of_y(400)}
            ),
        ]
    ),
    # --- the organiser area: the door, attendance, sign-in sheets (DESK) ---------------
    "manage/seminars/<int:pk>/check-in/": Entry(
        [
            # No action chosen: a form error (400); Present for A reaches the rule (the
            # seminar has not started: 400; the check-in itself: tests/registrations/test_desk.py).
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/check-in/",
                {"GET": of_x(200), "POST": of_x(400)},
                check=_manage_registrations_html,
            ),
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/check-in/",
                {"POST": of_x(400)},
                data=lambda w: {"action": "check_in", "registration": w.reg_a.pk},
            ),
            # B is registered at Y's seminar: not a participant of X's.
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/check-in/",
                {"POST": of_x(400)},
                data=lambda w: {"action": "check_in", "registration": w.reg_b.pk},
            ),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/check-in/", {"GET": of_y(200)}),
        ]
    ),
    # The participant's QR code: their organisers see the card; anyone else the "unknown code" page.
    "manage/check-in/<str:code>/": Entry(
        [
            # Their seminars have not started: the card says so, and a POST is refused (400).
            page(
                lambda w: f"/manage/check-in/{w.reg_a.check_in_code}/",
                {"GET": of_x(200), "POST": of_x(400)},
                check=_unknown_code_reveals_nothing,
            ),
            page(
                lambda w: f"/manage/check-in/{w.reg_b.check_in_code}/", {"GET": of_y(200), "POST": of_y(400)}
            ),
            page("/manage/check-in/" + "C" * 22 + "/", {"GET": logged_in(404), "POST": logged_in(404)}),
        ]
    ),
    "manage/seminars/<int:pk>/attendance/": Entry(
        [
            # Nothing ticked for nobody shown: saved, nothing changes (302).
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/attendance/",
                {"GET": of_x(200), "POST": of_x(302)},
                check=_manage_registrations_html,
            ),
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/attendance/",
                {"POST": of_x(400)},
                data=lambda w: {"shown": [w.reg_b.pk]},
            ),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/attendance/", {"GET": of_y(200)}),
        ]
    ),
    "manage/seminars/<int:pk>/sign-in-sheet/": Entry(
        [
            page(lambda w: f"/manage/seminars/{w.x_published.pk}/sign-in-sheet/", {"GET": of_x(200)}),
            page(lambda w: f"/manage/seminars/{w.y_draft.pk}/sign-in-sheet/", {"GET": of_y(200)}),
        ]
    ),
    "manage/seminars/<int:pk>/sign-in-sheet/<str:day>/pdf/": Entry(
        [
            page(
                lambda w: (
                    f"/manage/seminars/{w.x_published.pk}/sign-in-sheet/{_first_day(w.x_published)}/pdf/"
                ),
                {"GET": of_x(200)},
            ),
            page(
                lambda w: (
                    f"/manage/seminars/{w.y_published.pk}/sign-in-sheet/{_first_day(w.y_published)}/pdf/"
                ),
                {"GET": of_y(200)},
            ),
            # A day outside the seminar.
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/sign-in-sheet/2000-01-01/pdf/",
                {"GET": logged_in(404)},
            ),
        ]
    ),
    # --- the organiser area: certificates (CERTIFICATES CORE) -------------------------
    "manage/seminars/<int:pk>/certificates/": Entry(
        [
            page(lambda w: f"/manage/seminars/{w.x_published.pk}/certificates/", {"GET": of_x(200)}),
            page(lambda w: f"/manage/seminars/{w.y_draft.pk}/certificates/", {"GET": of_y(200)}),
        ]
    ),
    "manage/seminars/<int:pk>/certificates/issue/": Entry(
        [
            # require_POST comes first: a GET is a 405 for everyone, before the login.
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/certificates/issue/",
                {"GET": roles(405), "POST": of_x(302)},
            ),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/certificates/issue/", {"POST": of_y(302)}),
        ]
    ),
    "manage/seminars/<int:pk>/certificates/design/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/certificates/design/",
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/certificates/design/",
                {"GET": of_y(200), "POST": of_y(400)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/certificates/<int:certificate_pk>/revoke/": Entry(
        [
            page(
                lambda w: (
                    f"/manage/seminars/{w.x_published.pk}/certificates/{_certificate_of(w.reg_a).pk}/revoke/"
                ),
                {"GET": of_x(200), "POST": of_x(302)},
                data={"reason": "Issued to the wrong person."},
            ),
            # X's certificate under Y's seminar.
            page(
                lambda w: (
                    f"/manage/seminars/{w.y_published.pk}/certificates/{_certificate_of(w.reg_a).pk}/revoke/"
                ),
                {"GET": logged_in(404), "POST": logged_in(404)},
                data={"reason": "Issued to the wrong person."},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/certificates/<int:certificate_pk>/reissue/": Entry(
        [
            # A has no attendance recorded in this world: reissuing is refused (400).
            page(
                lambda w: (
                    f"/manage/seminars/{w.x_published.pk}/certificates/{_certificate_of(w.reg_a).pk}/reissue/"
                ),
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: (
                    f"/manage/seminars/{w.y_published.pk}/certificates/{_certificate_of(w.reg_a).pk}/reissue/"
                ),
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/certificates/<int:certificate_pk>/issue-new/": Entry(
        [
            # A's certificate is valid in this world: a new one is refused (400, reissue instead).
            page(
                lambda w: (
                    f"/manage/seminars/{w.x_published.pk}/certificates/{_certificate_of(w.reg_a).pk}/issue-new/"
                ),
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: (
                    f"/manage/seminars/{w.y_published.pk}/certificates/{_certificate_of(w.reg_a).pk}/issue-new/"
                ),
                {"GET": logged_in(404), "POST": logged_in(404)},
            ),
        ]
    ),
    # --- organiser pages by a seminar's slug, as before the id: redirected to them -------
    "manage/seminars/<slug:slug>/<path:rest>": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.slug}/dashboard/",
                {"GET": of_x(308), "POST": of_x(308)},
            ),
            page(lambda w: f"/manage/seminars/{w.y_draft.slug}/check-in/", {"GET": of_y(308)}),
        ]
    ),
    # --- the organiser area: dashboard, exports, funder reports (INSIGHT) ---------------
    "manage/seminars/<int:pk>/dashboard/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/dashboard/",
                {"GET": of_x(200)},
                check=_insight_other_organisation,
            ),
            page(lambda w: f"/manage/seminars/{w.y_draft.pk}/dashboard/", {"GET": of_y(200)}),
        ]
    ),
    "manage/seminars/<int:pk>/export/": Entry(
        [
            # An empty choice is refused (400); a valid one downloads the file (200).
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/export/",
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/export/",
                {"POST": of_x(200)},
                data={"columns": ["name", "email"], "format": "csv"},
                check=_manage_registrations_html,
            ),
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/export/",
                {"GET": of_y(200), "POST": of_y(200)},
                data={"columns": ["name"], "format": "xlsx"},
            ),
        ]
    ),
    "manage/projects/": Entry(
        [page(_projects_page, {"GET": organiser_area(200)}, check=_insight_other_organisation)]
    ),
    "manage/projects/<slug:slug>/report/": Entry(
        [
            # Organisers of either organisation see the shared project over their own seminars.
            page(
                _report_of("shared"),
                {
                    "GET": roles(404, anonymous=LOGIN, organiser_X=200, organiser_Y=200, coordinator=200),
                    "POST": roles(404, anonymous=LOGIN, organiser_X=200, organiser_Y=200, coordinator=200),
                },
                data={"format": "csv", "anonymised": "on"},
                check=_insight_other_organisation,
            ),
            page(_report_of("x_only"), {"GET": of_x(200), "POST": of_x(400)}, data={"format": "pdf"}),
            page("/manage/projects/no-such-project/report/", {"GET": logged_in(404)}),
        ]
    ),
    # --- the organiser area: seminars, venues, trainers --------------------------------
    "manage/": Entry([page("/manage/", {"GET": organiser_area(200)}, check=_of_other_organisation)]),
    "manage/seminars/new/": Entry(
        [page("/manage/seminars/new/", {"GET": organiser_area(200), "POST": organiser_area(400)})]
    ),
    "manage/seminars/<int:pk>/": Entry(
        [
            page(lambda w: f"/manage/seminars/{w.x_draft.pk}/", {"GET": of_x(200), "POST": of_x(400)}),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/", {"GET": of_y(200), "POST": of_y(400)}),
        ]
    ),
    "manage/seminars/<int:pk>/publish/": Entry(
        [
            # require_POST comes first: a GET is a 405 for everyone, before the login.
            page(
                lambda w: f"/manage/seminars/{w.x_draft.pk}/publish/", {"GET": roles(405), "POST": of_x(302)}
            ),
            page(lambda w: f"/manage/seminars/{w.y_draft.pk}/publish/", {"POST": of_y(302)}),
        ]
    ),
    "manage/seminars/<int:pk>/cancel/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/cancel/",
                {"GET": of_x(200), "POST": of_x(302)},
            ),
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/cancel/",
                {"GET": of_y(200), "POST": of_y(302)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/duplicate/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/duplicate/",
                {"GET": roles(405), "POST": of_x(302)},
            ),
            page(lambda w: f"/manage/seminars/{w.y_draft.pk}/duplicate/", {"POST": of_y(302)}),
        ]
    ),
    "manage/venues/": Entry(
        [page("/manage/venues/", {"GET": organiser_area(200)}, check=_of_other_organisation)]
    ),
    "manage/venues/new/": Entry(
        [page("/manage/venues/new/", {"GET": organiser_area(200), "POST": organiser_area(400)})]
    ),
    "manage/venues/<int:pk>/": Entry(
        [
            page(lambda w: f"/manage/venues/{w.x_venue.pk}/", {"GET": of_x(200), "POST": of_x(400)}),
            page(lambda w: f"/manage/venues/{w.y_venue.pk}/", {"GET": of_y(200), "POST": of_y(400)}),
        ]
    ),
    "manage/trainers/": Entry(
        [page("/manage/trainers/", {"GET": organiser_area(200)}, check=_of_other_organisation)]
    ),
    "manage/trainers/new/": Entry(
        [page("/manage/trainers/new/", {"GET": organiser_area(200), "POST": organiser_area(400)})]
    ),
    "manage/trainers/<int:pk>/": Entry(
        [
            page(lambda w: f"/manage/trainers/{w.x_trainer.pk}/", {"GET": of_x(200), "POST": of_x(400)}),
            page(lambda w: f"/manage/trainers/{w.y_trainer.pk}/", {"GET": of_y(200), "POST": of_y(400)}),
        ]
    ),
    # --- public press pages and files ------------------------------------------------------
    "press/": Entry([page("/press/", {"GET": PUBLIC}, check=PRESS_SECRETS)]),
    "press/<slug:slug>/": Entry(
        [
            page(lambda w: f"/press/{w.x_release_public.slug}/", {"GET": PUBLIC}),
            # Drafts and embargoed releases have no public page, not even for their press office.
            page(lambda w: f"/press/{w.x_release_draft.slug}/", {"GET": NOBODY}),
            page(lambda w: f"/press/{w.x_release_embargoed.slug}/", {"GET": NOBODY}),
        ]
    ),
    "press/<slug:slug>/pdf/": Entry(
        [
            Case(lambda w: f"/press/{w.x_release_public.slug}/pdf/", {"GET": PUBLIC}),
            Case(lambda w: f"/press/{w.x_release_draft.slug}/pdf/", {"GET": NOBODY}),
            Case(lambda w: f"/press/{w.x_release_embargoed.slug}/pdf/", {"GET": NOBODY}),
        ]
    ),
    # Files of a release: anyone while it is listed (published, past its embargo, not withdrawn),
    # otherwise only the people who may open it in the press area; 404 for everyone else.
    "press/<slug:slug>/image/": Entry(
        [
            Case(lambda w: f"/press/{w.x_release_public.slug}/image/", {"GET": PUBLIC, "POST": roles(405)}),
            Case(
                lambda w: f"/press/{w.x_release_draft.slug}/image/",
                {"GET": roles(404, organiser_X=200, press_X=200, coordinator=200)},
            ),
            Case(
                lambda w: f"/press/{w.x_release_embargoed.slug}/image/",
                {"GET": roles(404, press_X=200, coordinator=200)},
            ),
            Case(
                lambda w: f"/press/{w.y_release_draft.slug}/image/",
                {"GET": roles(404, organiser_Y=200, coordinator=200)},
            ),
            Case("/press/no-such-release/image/", {"GET": NOBODY}),
        ]
    ),
    "press/<slug:slug>/files/<int:pk>/": Entry(
        [
            Case(
                lambda w: f"/press/{w.x_release_public.slug}/files/{w.x_public_attachment.pk}/",
                {"GET": PUBLIC, "POST": roles(405)},
            ),
            Case(
                lambda w: f"/press/{w.x_release_draft.slug}/files/{w.x_attachment.pk}/",
                {"GET": roles(404, organiser_X=200, press_X=200, coordinator=200)},
            ),
            # Another release's attachment through a public release's address.
            Case(
                lambda w: f"/press/{w.x_release_public.slug}/files/{w.x_attachment.pk}/",
                {"GET": NOBODY},
            ),
        ]
    ),
    "press/feed/rss/": Entry([Case("/press/feed/rss/", {"GET": PUBLIC}, check=PRESS_SECRETS)]),
    "press/feed/atom/": Entry([Case("/press/feed/atom/", {"GET": PUBLIC}, check=PRESS_SECRETS)]),
    # --- the press office: releases and contacts (organisers draft, press officers publish) --
    "manage/press/": Entry([page("/manage/press/", {"GET": press_area(200)}, check=_press_area_list)]),
    "manage/press/new/": Entry(
        [
            page("/manage/press/new/", {"GET": press_area(200), "POST": press_area(400)}),
            # Issue 18: the address of Y's embargoed release is free for X's writers;
            # Y's organiser (their own) and coordinators (they see it) are refused.
            page(
                "/manage/press/new/",
                {
                    "POST": roles(
                        403, anonymous=LOGIN, organiser_X=302, press_X=302, organiser_Y=400, coordinator=400
                    )
                },
                data=lambda w: _release_of_x(w.y_release_embargoed.slug),
            ),
        ]
    ),
    "manage/press/<int:pk>/": Entry(
        [
            page(lambda w: f"/manage/press/{w.x_release_draft.pk}/", {"GET": x_press_draft(200)}),
            page(lambda w: f"/manage/press/{w.x_release_embargoed.pk}/", {"GET": x_press_published(200)}),
            page(lambda w: f"/manage/press/{w.y_release_draft.pk}/", {"GET": y_press_draft(200)}),
        ]
    ),
    "manage/press/<int:pk>/edit/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/edit/",
                {"GET": x_press_draft(200), "POST": x_press_draft(400)},
            ),
            # A published release is corrected, not edited: the press office is sent there.
            page(lambda w: f"/manage/press/{w.x_release_public.pk}/edit/", {"GET": x_press_published(302)}),
            page(
                lambda w: f"/manage/press/{w.y_release_draft.pk}/edit/",
                {"GET": y_press_draft(200), "POST": y_press_draft(400)},
            ),
        ]
    ),
    "manage/press/<int:pk>/translate/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/translate/",
                {"GET": x_press_draft(200), "POST": x_press_draft(400)},
            ),
            page(lambda w: f"/manage/press/{w.y_release_draft.pk}/translate/", {"GET": y_press_draft(200)}),
        ]
    ),
    "manage/press/<int:pk>/preview/": Entry(
        [
            page(lambda w: f"/manage/press/{w.x_release_draft.pk}/preview/", {"GET": x_press_draft(200)}),
            page(
                lambda w: f"/manage/press/{w.x_release_embargoed.pk}/preview/",
                {"GET": x_press_published(200)},
            ),
            page(lambda w: f"/manage/press/{w.y_release_draft.pk}/preview/", {"GET": y_press_draft(200)}),
        ]
    ),
    "manage/press/<int:pk>/review/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/review/",
                {"GET": roles(405), "POST": x_press_draft(302)},
            ),
            page(lambda w: f"/manage/press/{w.y_release_draft.pk}/review/", {"POST": y_press_draft(302)}),
        ]
    ),
    # Organisers see their organisation's drafts but only press officers publish (403).
    "manage/press/<int:pk>/publish/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/publish/",
                {"GET": x_press_draft(200, organiser_X=403), "POST": x_press_draft(302, organiser_X=403)},
            ),
            page(
                lambda w: f"/manage/press/{w.y_release_draft.pk}/publish/",
                {"GET": y_press_draft(200, organiser_Y=403), "POST": y_press_draft(302, organiser_Y=403)},
            ),
        ]
    ),
    "manage/press/<int:pk>/schedule/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/schedule/",
                {"GET": x_press_draft(200, organiser_X=403), "POST": x_press_draft(400, organiser_X=403)},
            ),
            page(
                lambda w: f"/manage/press/{w.y_release_draft.pk}/schedule/",
                {"POST": y_press_draft(400, organiser_Y=403)},
            ),
        ]
    ),
    "manage/press/<int:pk>/correct/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_public.pk}/correct/",
                {"GET": x_press_published(200), "POST": x_press_published(400)},
            ),
        ]
    ),
    "manage/press/<int:pk>/withdraw/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_public.pk}/withdraw/",
                {"GET": x_press_published(200), "POST": x_press_published(400)},
            ),
        ]
    ),
    "manage/press/<int:pk>/attachments/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/attachments/",
                {"GET": roles(405), "POST": x_press_draft(400)},
            ),
            page(
                lambda w: f"/manage/press/{w.y_release_draft.pk}/attachments/", {"POST": y_press_draft(400)}
            ),
        ]
    ),
    "manage/press/<int:pk>/attachments/<int:attachment_pk>/remove/": Entry(
        [
            page(
                lambda w: f"/manage/press/{w.x_release_draft.pk}/attachments/{w.x_attachment.pk}/remove/",
                {"GET": x_press_draft(200), "POST": x_press_draft(302)},
            ),
            # X's attachment under Y's release.
            page(
                lambda w: f"/manage/press/{w.y_release_draft.pk}/attachments/{w.x_attachment.pk}/remove/",
                {"GET": y_press_draft(404), "POST": y_press_draft(404)},
            ),
        ]
    ),
    "manage/press/contacts/": Entry(
        [page("/manage/press/contacts/", {"GET": press_area(200)}, check=_press_area_list)]
    ),
    "manage/press/contacts/new/": Entry(
        [page("/manage/press/contacts/new/", {"GET": press_area(200), "POST": press_area(400)})]
    ),
    "manage/press/contacts/<int:pk>/": Entry(
        [
            page(
                lambda w: f"/manage/press/contacts/{w.x_contact.pk}/",
                {"GET": x_press_draft(200), "POST": x_press_draft(400)},
            ),
            page(
                lambda w: f"/manage/press/contacts/{w.y_contact.pk}/",
                {"GET": y_press_draft(200), "POST": y_press_draft(400)},
            ),
        ]
    ),
    # --- the press office: the press list (press officers only) ------------------------
    "manage/press/list/": Entry([page("/manage/press/list/", {"GET": press_office(200)}, check=_press_list)]),
    "manage/press/list/new/": Entry(
        [page("/manage/press/list/new/", {"GET": press_office(200), "POST": press_office(400)})]
    ),
    "manage/press/list/<int:pk>/": Entry(
        [
            page(
                lambda w: f"/manage/press/list/{w.x_entry.pk}/",
                {"GET": press_office(200), "POST": press_office(400)},
            ),
            page(
                lambda w: f"/manage/press/list/{w.y_entry.pk}/",
                {"GET": press_office(200) | {"press_X": 404}, "POST": press_office(400) | {"press_X": 404}},
            ),
        ]
    ),
    "manage/press/list/<int:pk>/remove/": Entry(
        [
            page(
                lambda w: f"/manage/press/list/{w.x_entry.pk}/remove/",
                {"GET": press_office(200), "POST": press_office(302)},
            ),
            page(
                lambda w: f"/manage/press/list/{w.y_entry.pk}/remove/",
                {"GET": press_office(200) | {"press_X": 404}, "POST": press_office(302) | {"press_X": 404}},
            ),
        ]
    ),
    "manage/press/list/send/<int:release_id>/": Entry(
        [
            # Sending is by release: people who are no press officer find no release (404).
            page(
                lambda w: f"/manage/press/list/send/{w.x_release_embargoed.pk}/",
                {
                    "GET": roles(404, anonymous=LOGIN, press_X=200, coordinator=200),
                    "POST": roles(404, anonymous=LOGIN, press_X=302, coordinator=302),
                },
            ),
            page(
                lambda w: f"/manage/press/list/send/{w.y_release_embargoed.pk}/",
                {
                    "GET": roles(404, anonymous=LOGIN, coordinator=200),
                    "POST": roles(404, anonymous=LOGIN, coordinator=302),
                },
            ),
        ]
    ),
    # The journalist's own page: the secret token in the address is the credential.
    "press/unsubscribe/<uuid:token>/": Entry(
        [
            Case(
                lambda w: f"/press/unsubscribe/{w.x_entry.unsubscribe_token}/",
                {"GET": PUBLIC, "POST": PUBLIC},
            ),
            Case(f"/press/unsubscribe/{uuid.UUID(int=1)}/", {"GET": NOBODY, "POST": NOBODY}),
        ]
    ),
    # --- certificates: verification and the holder's downloads (CERTIFICATES PUBLIC) ---------
    # Public, outside the language prefix; a known and an unknown code answer alike (200).
    "certificates/verify/": Entry(
        [
            # The upload without a file is refused (400) for everyone alike.
            Case("/certificates/verify/", {"GET": PUBLIC, "POST": roles(400)}),
            Case(
                lambda w: f"/certificates/verify/?code={_certificate_of(w.reg_a).code}", {"GET": roles(302)}
            ),
        ]
    ),
    "certificates/verify/<str:code>/": Entry(
        [
            Case(lambda w: f"/certificates/verify/{_certificate_of(w.reg_a).code}/", {"GET": PUBLIC}),
            Case(f"/certificates/verify/{UNKNOWN_CERTIFICATE_CODE}/", {"GET": PUBLIC}),
        ]
    ),
    "me/certificates/<int:pk>/pdf/": Entry(
        [
            page(
                lambda w: f"/me/certificates/{_certificate_of(w.reg_a).pk}/pdf/",
                {"GET": own_of("participant_A", 200)},
                check=_holders_pdf,
            ),
            page(
                lambda w: f"/me/certificates/{_certificate_of(w.reg_b).pk}/pdf/",
                {"GET": own_of("participant_B", 200)},
                check=_holders_pdf,
            ),
        ]
    ),
    # --- evaluations and materials -----------------------------------------------------------
    # A attended X's evaluated seminar: A answers (a POST without answers is refused, 400);
    # the knowledge questions were asked before the seminar, now closed (200, a POST 400).
    "me/evaluations/<slug:slug>/": Entry(
        [
            page(
                lambda w: f"/me/evaluations/{_evaluated(w)}/",
                {"GET": own_of("participant_A", 200), "POST": own_of("participant_A", 400)},
            ),
            # X's published seminar has no evaluation.
            page(lambda w: f"/me/evaluations/{w.x_published.slug}/", {"GET": logged_in(404)}),
        ]
    ),
    "me/evaluations/<slug:slug>/pre/": Entry(
        [
            page(
                lambda w: f"/me/evaluations/{_evaluated(w)}/pre/",
                {"GET": own_of("participant_A", 200), "POST": own_of("participant_A", 400)},
            ),
        ]
    ),
    # Materials: the seminar's confirmed participants and its organisers; 404 for anyone else.
    "me/materials/<int:pk>/": Entry(
        [
            page(
                lambda w: f"/me/materials/{_evaluation(w).x_material.pk}/",
                {
                    "GET": roles(404, anonymous=LOGIN, participant_A=200, organiser_X=200, coordinator=200),
                    "POST": roles(405),
                },
            ),
            page(
                lambda w: f"/me/materials/{_evaluation(w).y_material.pk}/",
                {"GET": roles(404, anonymous=LOGIN, participant_B=200, organiser_Y=200, coordinator=200)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/evaluation/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/",
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: f"/manage/seminars/{w.y_published.pk}/evaluation/",
                {"GET": of_y(200), "POST": of_y(400)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/evaluation/invite/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/invite/",
                {"GET": roles(405), "POST": of_x(302)},
            ),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/evaluation/invite/", {"POST": of_y(302)}),
        ]
    ),
    "manage/seminars/<int:pk>/evaluation/remind/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/remind/",
                {"GET": roles(405), "POST": of_x(302)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/evaluation/apply-template/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/apply-template/",
                {"GET": roles(405), "POST": of_x(302)},
            ),
        ]
    ),
    "manage/seminars/<int:pk>/evaluation/results/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/results/",
                {"GET": of_x(200)},
            ),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/evaluation/results/", {"GET": of_y(200)}),
        ]
    ),
    # Under 5 responses there is nothing to export: back to the results page (302).
    "manage/seminars/<int:pk>/evaluation/results/export.csv": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/results/export.csv",
                {"GET": of_x(302)},
            )
        ]
    ),
    "manage/seminars/<int:pk>/evaluation/results/export.xlsx": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{_evaluation(w).seminar.pk}/evaluation/results/export.xlsx",
                {"GET": of_x(302)},
            )
        ]
    ),
    "manage/seminars/<int:pk>/materials/": Entry(
        [
            page(
                lambda w: f"/manage/seminars/{w.x_published.pk}/materials/",
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(lambda w: f"/manage/seminars/{w.y_published.pk}/materials/", {"GET": of_y(200)}),
        ]
    ),
    "manage/seminars/<int:pk>/materials/<int:material_pk>/remove/": Entry(
        [
            page(
                lambda w: (
                    f"/manage/seminars/{w.x_published.pk}/materials/{_evaluation(w).x_material.pk}/remove/"
                ),
                {"GET": roles(405), "POST": of_x(302)},
            ),
            # Y's file under X's seminar.
            page(
                lambda w: (
                    f"/manage/seminars/{w.x_published.pk}/materials/{_evaluation(w).y_material.pk}/remove/"
                ),
                {"POST": logged_in(404)},
            ),
        ]
    ),
    # A project's template and results: organisers of its coordinating organisation.
    "manage/projects/<slug:slug>/evaluation-template/": Entry(
        [
            page(
                lambda w: f"/manage/projects/{_evaluation(w).x_project.slug}/evaluation-template/",
                {"GET": of_x(200), "POST": of_x(400)},
            ),
            page(
                lambda w: f"/manage/projects/{_evaluation(w).y_project.slug}/evaluation-template/",
                {"GET": of_y(200)},
            ),
        ]
    ),
    "manage/projects/<slug:slug>/evaluation/results/": Entry(
        [
            page(
                lambda w: f"/manage/projects/{_evaluation(w).x_project.slug}/evaluation/results/",
                {"GET": of_x(200)},
            ),
            page(
                lambda w: f"/manage/projects/{_evaluation(w).y_project.slug}/evaluation/results/",
                {"GET": of_y(200)},
            ),
        ]
    ),
    # --- REST API --------------------------------------------------------------------------
    "api/v1/": Entry([api("/api/v1/", {"GET": PUBLIC})], why="DRF's browsable root: a list of endpoint URLs"),
    "api/v1/seminars/": Entry(
        [
            api(
                "/api/v1/seminars/",
                {"GET": PUBLIC, "POST": api_writers(400, other_organiser=400)},
                data={},
                check=lambda w, role, r: _api_seminar_list(w, role, r) if r.status_code == 200 else [],
            ),
            api(
                "/api/v1/seminars/?q=Confidential&when=",
                {"GET": PUBLIC},
                check=lambda w, role, r: _api_seminar_list(w, role, r) if r.status_code == 200 else [],
            ),
            # Issue 18: the address of Y's draft is free for X's organiser (201), so no
            # answer confirms that the draft exists; only people who see it are refused.
            api(
                "/api/v1/seminars/",
                {"POST": roles(403, anonymous=401, organiser_X=201, organiser_Y=400, coordinator=400)},
                data=lambda w: _seminar_of_x(w, slug=w.y_draft.slug),
            ),
        ]
    ),
    "api/v1/seminars/(?P<slug>[-a-zA-Z0-9_]+)/": Entry(
        [
            api(
                lambda w: f"/api/v1/seminars/{w.x_published.slug}/",
                {"GET": PUBLIC, "PUT": api_writers(400), "PATCH": api_writers(200)},
                data={},
            ),
            api(
                lambda w: f"/api/v1/seminars/{w.x_draft.slug}/",
                {"GET": of_x(200, anonymous=404), "PUT": api_writers(400), "PATCH": api_writers(200)},
                data={},
            ),
            # Moving X's seminar to Y, or into Y's venue, is refused (a coordinator too: the
            # seminar's venue is X's).
            api(
                lambda w: f"/api/v1/seminars/{w.x_draft.slug}/",
                {"PATCH": api_writers(400)},
                data=lambda w: {"organisation": w.y.slug},
            ),
            api(
                lambda w: f"/api/v1/seminars/{w.x_draft.slug}/",
                {"PATCH": api_writers(400)},
                data=lambda w: {"venue": w.y_venue.pk},
            ),
            api(
                lambda w: f"/api/v1/seminars/{w.y_draft.slug}/",
                {
                    "GET": of_y(200, anonymous=404),
                    "PATCH": roles(403, anonymous=401, organiser_X=404, organiser_Y=200, coordinator=200),
                },
                data={},
            ),
        ]
    ),
    "api/v1/seminars/(?P<slug>[-a-zA-Z0-9_]+)/publish/": Entry(
        [
            api(lambda w: f"/api/v1/seminars/{w.x_draft.slug}/publish/", {"POST": api_writers(200)}),
            api(
                lambda w: f"/api/v1/seminars/{w.y_draft.slug}/publish/",
                {"POST": roles(403, anonymous=401, organiser_X=404, organiser_Y=200, coordinator=200)},
            ),
        ]
    ),
    "api/v1/seminars/(?P<slug>[-a-zA-Z0-9_]+)/cancel/": Entry(
        [
            api(lambda w: f"/api/v1/seminars/{w.x_published.slug}/cancel/", {"POST": api_writers(200)}),
            api(lambda w: f"/api/v1/seminars/{w.x_draft.slug}/cancel/", {"POST": api_writers(200)}),
        ]
    ),
    "api/v1/seminars/<slug:slug>/seats/": Entry(
        [
            api(lambda w: f"/api/v1/seminars/{w.x_published.slug}/seats/", {"GET": PUBLIC}),
            api(lambda w: f"/api/v1/seminars/{w.x_draft.slug}/seats/", {"GET": NOBODY}),
        ]
    ),
    "api/v1/registrations/": Entry(
        [
            api(
                "/api/v1/registrations/",
                {"GET": roles(200, anonymous=401), "POST": roles(400, anonymous=401)},
                data={},
                check=lambda w, role, r: _api_my_registrations(w, role, r) if r.status_code == 200 else [],
            ),
            # Nobody registers for a draft: it is not a public seminar.
            api(
                "/api/v1/registrations/",
                {"POST": roles(400, anonymous=401)},
                data=lambda w: _registration_body(w.x_draft),
            ),
        ]
    ),
    "api/v1/registrations/(?P<pk>[^/.]+)/": Entry(
        [
            api(lambda w: f"/api/v1/registrations/{w.reg_a.pk}/", {"GET": own_of("participant_A", 200, 401)}),
            api(lambda w: f"/api/v1/registrations/{w.reg_b.pk}/", {"GET": own_of("participant_B", 200, 401)}),
        ]
    ),
    "api/v1/registrations/(?P<pk>[^/.]+)/cancel/": Entry(
        [
            api(
                lambda w: f"/api/v1/registrations/{w.reg_a.pk}/cancel/",
                {"POST": own_of("participant_A", 200, 401)},
            ),
            api(
                lambda w: f"/api/v1/registrations/{w.reg_b.pk}/cancel/",
                {"POST": own_of("participant_B", 200, 401)},
            ),
        ]
    ),
    "api/v1/registrations/(?P<pk>[^/.]+)/confirm-offer/": Entry(
        [
            api(
                lambda w: f"/api/v1/registrations/{w.reg_a.pk}/confirm-offer/",
                {"POST": own_of("participant_A", 400, 401)},
            ),
            api(
                lambda w: f"/api/v1/registrations/{w.reg_b.pk}/confirm-offer/",
                {"POST": own_of("participant_B", 400, 401)},
            ),
        ]
    ),
    SEMINAR_REGISTRATIONS_API: Entry(
        [
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/",
                {"GET": of_x(200, anonymous=401)},
                check=_api_seminar_registrations(lambda w: {w.reg_a.pk}),
            ),
            api(
                lambda w: f"/api/v1/manage/seminars/{w.y_published.slug}/registrations/",
                {"GET": of_y(200, anonymous=401)},
                check=_api_seminar_registrations(lambda w: {w.reg_b.pk}),
            ),
        ]
    ),
    SEMINAR_REGISTRATIONS_API + "approve/": Entry(
        [
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/approve/",
                {"POST": of_x(200, anonymous=401)},
                data=lambda w: {"ids": [w.reg_a.pk], "message": ""},
            ),
            # B's registration belongs to Y's seminar.
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/approve/",
                {"POST": of_x(400, anonymous=401)},
                data=lambda w: {"ids": [w.reg_b.pk], "message": ""},
            ),
            # Not even the shape of the input is discussed with people who do not organise the
            # seminar (registrations/api/views.py: "a seminar one does not organise, is a 404").
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/approve/",
                {"POST": of_x(400, anonymous=401)},
                data={},
            ),
        ]
    ),
    SEMINAR_REGISTRATIONS_API + "reject/": Entry(
        [
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/reject/",
                {"POST": of_x(200, anonymous=401)},
                data=lambda w: {"ids": [w.reg_a.pk], "message": ""},
            ),
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/reject/",
                {"POST": of_x(400, anonymous=401)},
                data=lambda w: {"ids": [w.reg_b.pk], "message": ""},
            ),
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/registrations/reject/",
                {"POST": of_x(400, anonymous=401)},
                data={},
            ),
        ]
    ),
    # Certificates: holders list and download their own; anyone verifies; organisers
    # start issuance (CERTIFICATES PUBLIC).
    "api/v1/certificates/": Entry(
        [api("/api/v1/certificates/", {"GET": roles(200, anonymous=401)}, check=_api_my_certificates)]
    ),
    "api/v1/certificates/(?P<pk>[0-9]+)/pdf/": Entry(
        [
            api(
                lambda w: f"/api/v1/certificates/{_certificate_of(w.reg_a).pk}/pdf/",
                {"GET": own_of("participant_A", 200, 401)},
                check=_holders_pdf,
            ),
            api(
                lambda w: f"/api/v1/certificates/{_certificate_of(w.reg_b).pk}/pdf/",
                {"GET": own_of("participant_B", 200, 401)},
                check=_holders_pdf,
            ),
        ]
    ),
    "api/v1/certificates/verify/<str:code>/": Entry(
        [
            api(lambda w: f"/api/v1/certificates/verify/{_certificate_of(w.reg_b).code}/", {"GET": PUBLIC}),
            api(f"/api/v1/certificates/verify/{UNKNOWN_CERTIFICATE_CODE}/", {"GET": NOBODY}),
        ]
    ),
    "api/v1/manage/seminars/<slug:slug>/certificates/issue/": Entry(
        [
            # Before the seminar has ended: refused with the reason (400); after: started (202).
            api(
                lambda w: f"/api/v1/manage/seminars/{w.x_published.slug}/certificates/issue/",
                {"POST": of_x(400, anonymous=401)},
            ),
            api(
                lambda w: f"/api/v1/manage/seminars/{w.y_published.slug}/certificates/issue/",
                {"POST": of_y(400, anonymous=401)},
            ),
            api(
                lambda w: f"/api/v1/manage/seminars/{_evaluated(w)}/certificates/issue/",
                {"POST": of_x(202, anonymous=401)},
            ),
        ]
    ),
    # Press releases: anyone reads public ones; drafts and embargoed ones are the
    # organisation's press office's (organisers: drafts); press officers publish.
    "api/v1/press-releases/": Entry(
        [
            api(
                "/api/v1/press-releases/",
                {"GET": PUBLIC, "POST": roles(400, anonymous=401, participant_A=403, participant_B=403)},
                data={},
                check=_api_release_list,
            ),
            # Issue 18: the address of Y's embargoed release is free for X's writers.
            api(
                "/api/v1/press-releases/",
                {
                    "POST": roles(
                        400, anonymous=401, participant_A=403, participant_B=403, organiser_X=201, press_X=201
                    )
                },
                data=lambda w: {**_release_of_x(w.y_release_embargoed.slug), "organisation": w.x.slug},
            ),
        ]
    ),
    "api/v1/press-releases/(?P<slug>[-a-zA-Z0-9_]+)/": Entry(
        [
            api(
                lambda w: f"/api/v1/press-releases/{w.x_release_public.slug}/",
                {
                    "GET": PUBLIC,
                    # A published release changes only by correction (400) - for those who may see it.
                    "PATCH": roles(
                        400,
                        anonymous=401,
                        participant_A=403,
                        participant_B=403,
                        organiser_X=404,
                        organiser_Y=404,
                    ),
                },
                data={},
            ),
            api(
                lambda w: f"/api/v1/press-releases/{w.x_release_draft.slug}/",
                {
                    "GET": roles(404, organiser_X=200, press_X=200, coordinator=200),
                    "PATCH": roles(
                        404,
                        anonymous=401,
                        participant_A=403,
                        participant_B=403,
                        organiser_X=200,
                        press_X=200,
                        coordinator=200,
                    ),
                },
                data={},
            ),
            api(
                lambda w: f"/api/v1/press-releases/{w.x_release_embargoed.slug}/",
                {
                    "GET": roles(404, press_X=200, coordinator=200),
                    "PATCH": roles(
                        404, anonymous=401, participant_A=403, participant_B=403, press_X=400, coordinator=400
                    ),
                },
                data={},
            ),
            api(
                lambda w: f"/api/v1/press-releases/{w.y_release_draft.slug}/",
                {
                    "GET": roles(404, organiser_Y=200, coordinator=200),
                    "PATCH": roles(
                        404,
                        anonymous=401,
                        participant_A=403,
                        participant_B=403,
                        organiser_Y=200,
                        coordinator=200,
                    ),
                },
                data={},
            ),
        ]
    ),
    "api/v1/press-releases/(?P<slug>[-a-zA-Z0-9_]+)/publish/": Entry(
        [
            # Organisers draft but do not publish their organisation's releases (403).
            api(
                lambda w: f"/api/v1/press-releases/{w.x_release_draft.slug}/publish/",
                {
                    "POST": roles(
                        404,
                        anonymous=401,
                        participant_A=403,
                        participant_B=403,
                        organiser_X=403,
                        press_X=200,
                        coordinator=200,
                    )
                },
            ),
            api(
                lambda w: f"/api/v1/press-releases/{w.y_release_draft.slug}/publish/",
                {
                    "POST": roles(
                        404,
                        anonymous=401,
                        participant_A=403,
                        participant_B=403,
                        organiser_Y=403,
                        coordinator=200,
                    )
                },
            ),
        ]
    ),
    # Evaluations (after the registrations: A's registration at the evaluated seminar is made here).
    "api/v1/seminars/<slug:slug>/evaluation/": Entry(
        [
            api(
                lambda w: f"/api/v1/seminars/{_evaluated(w)}/evaluation/",
                {"GET": own_of("participant_A", 200, 401)},
            ),
            api(
                lambda w: f"/api/v1/seminars/{w.y_published.slug}/evaluation/",
                {"GET": roles(404, anonymous=401)},
            ),
        ]
    ),
    "api/v1/seminars/<slug:slug>/evaluation/response/": Entry(
        [
            # Without answers: refused for A (400); nobody else finds the evaluation.
            api(
                lambda w: f"/api/v1/seminars/{_evaluated(w)}/evaluation/response/",
                {"POST": own_of("participant_A", 400, 401)},
                data={"answers": {}},
            ),
        ]
    ),
    "api/v1/manage/seminars/<slug:slug>/evaluation/results/": Entry(
        [
            api(
                lambda w: f"/api/v1/manage/seminars/{_evaluated(w)}/evaluation/results/",
                {"GET": of_x(200, anonymous=401)},
            ),
            api(
                lambda w: f"/api/v1/manage/seminars/{w.y_published.slug}/evaluation/results/",
                {"GET": of_y(200, anonymous=401)},
            ),
        ]
    ),
    "api/schema/": Entry(
        [api("/api/schema/", {"GET": PUBLIC})], prefix=True, why="the OpenAPI schema is public documentation"
    ),
    "api/docs/": Entry(
        [api("/api/docs/", {"GET": PUBLIC}), api("/api/docs/?script=", {"GET": PUBLIC})],
        prefix=True,
        why="Swagger UI, public documentation",
    ),
    # --- third-party areas, one rule each ----------------------------------------------
    "admin/": Entry(
        _admin_cases,
        prefix=True,
        why="Django admin: anonymous to the login page, non-staff 403 (allauth's secure_admin_login), "
        "coordinators in",
    ),
    "accounts/": Entry(
        [
            page("/accounts/login/", {"GET": roles(302, anonymous=200)}),
            page("/accounts/signup/", {"GET": roles(302, anonymous=200)}),
            page("/accounts/password/reset/", {"GET": PUBLIC}),
            page("/accounts/email/", {"GET": logged_in(200)}),
            page("/accounts/password/change/", {"GET": logged_in(200)}),
            page("/accounts/2fa/", {"GET": logged_in(200)}),
            # Setting up two-factor login asks for the password again first.
            page("/accounts/2fa/totp/activate/", {"GET": logged_in(302)}),
        ],
        prefix=True,
        why="django-allauth: public forms; account pages need a login",
    ),
    "media/": Entry(
        [
            # Public uploads (logos) by plain URL; private files are not in the public storage.
            Case(lambda w: w.x.logo.url, {"GET": PUBLIC, "POST": roles(405)}),
            Case("/media/nothing-here.pdf", {"GET": NOBODY}),
            Case(lambda w: f"/media/{w.x_attachment.file.name}", {"GET": NOBODY}),
            Case(lambda w: f"/media/{w.x_release_public.image.name}", {"GET": NOBODY}),
            Case(lambda w: f"/media/../private/{w.x_attachment.file.name}", {"GET": NOBODY}),
        ],
        prefix=True,
        why="public uploads (SERVE_MEDIA); nothing private is there, nothing there is listed",
    ),
    "static/": Entry(
        [], prefix=True, optional=True, why="whitenoise serves static files before any URL pattern"
    ),
}


# ---------------------------------------------------------------------------
# The URLconf and the OpenAPI schema


def _piece(pattern) -> str:
    if isinstance(pattern, LocalePrefixPattern):
        return ""  # i18n_patterns: English unprefixed, the same routes in every language
    text = str(pattern)
    if isinstance(pattern, RegexPattern):
        text = text.removeprefix("^").removesuffix("$").removesuffix(r"\Z")
    return text


def url_patterns(patterns=None, prefix: str = "") -> list[str]:
    """Every pattern of the project, as one route string."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    found = []
    for pattern in patterns:
        route = prefix + _piece(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += url_patterns(pattern.url_patterns, route)
        else:
            assert isinstance(pattern, URLPattern)
            found.append(route)
    return found


def entry_for(route: str) -> str | None:
    """The key of EXPECTED for a route: itself, else the longest prefix rule."""
    if route in EXPECTED and not EXPECTED[route].prefix:
        return route
    prefixes = [key for key, entry in EXPECTED.items() if entry.prefix and route.startswith(key)]
    return max(prefixes, key=len) if prefixes else None


def canonical(route: str) -> str:
    """'/api/v1/seminars/{slug}/' for 'api/v1/seminars/(?P<slug>[^/.]+)/' and '<slug:slug>'."""
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    # drf-spectacular names a "pk" path parameter "id" (SCHEMA_COERCE_PATH_PK).
    route = route.replace("{pk}", "{id}")
    return "/" + route.lstrip("/")


def openapi_operations() -> dict[str, set[str]]:
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    methods = {"get", "post", "put", "patch", "delete"}
    return {
        path: {m.upper() for m in operations if m in methods} for path, operations in schema["paths"].items()
    }


def coverage_problems(routes: list[str]) -> list[str]:
    """URL patterns without an entry, entries that match no pattern, entries without a case."""
    used = {entry_for(route) for route in routes}
    return [
        *(
            f"URL pattern without an entry in EXPECTED: {route}"
            for route in routes
            if entry_for(route) is None
        ),
        *(
            f"EXPECTED entry that matches no URL pattern: {key}"
            for key, entry in EXPECTED.items()
            if key not in used and not entry.optional
        ),
        *(
            f"EXPECTED entry without a case: {key}"
            for key, entry in EXPECTED.items()
            if not entry.cases and not entry.optional
        ),
    ]


def test_every_url_pattern_has_an_expectation():
    problems = coverage_problems(url_patterns())
    assert not problems, "\n".join(problems)


def test_every_openapi_operation_has_an_expectation():
    by_canonical = {canonical(route): entry_for(route) for route in url_patterns()}
    problems = []
    for path, methods in openapi_operations().items():
        key = by_canonical.get(path)
        if key is None:
            problems.append(f"{path}: no URL pattern and no entry in EXPECTED")
            continue
        cases = EXPECTED[key].cases
        tested = {method for case in (cases if isinstance(cases, list) else []) for method in case.expect}
        problems += [f"{method} {path}: no case in EXPECTED[{key!r}]" for method in sorted(methods - tested)]
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------------------
# Asking


def _strip_language(path: str) -> str:
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path[len(code) + 1 :]
    return path


def _outcome(response, follow: bool) -> tuple[object, str]:
    """(what the response counts as, how to describe it)."""
    if follow:
        final_path = _strip_language(response.request["PATH_INFO"])
        described = (
            f"{response.status_code} at {response.request['PATH_INFO']}"
            if response.redirect_chain
            else str(response.status_code)
        )
        if response.redirect_chain and final_path == "/accounts/login/" and response.status_code == 200:
            return LOGIN, described
        return response.status_code, described
    if response.status_code == 302:
        location = response["Location"]
        if _strip_language(urlsplit(location).path) == "/accounts/login/":
            return LOGIN, f"302 to {urlsplit(location).path}"
        return 302, f"302 to {urlsplit(location).path}"
    return response.status_code, str(response.status_code)


def _route_without_anchors(route: str) -> str:
    """ResolverMatch.route keeps each regex piece's ^ and $; url_patterns() drops them."""
    return re.sub(r"(^|/)\^", r"\1", route).replace("$", "")


def ask(world: World, role: str, method: str, path: str, case: Case):
    client = Client()
    if role != ANONYMOUS:
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    data = case.data(world) if callable(case.data) else case.data
    kwargs = {"follow": case.follow}
    if method != "GET":
        if case.api:
            kwargs.update(data=json.dumps(data if data is not None else {}), content_type="application/json")
        elif method == "POST":
            kwargs["data"] = data or {}
    if method == "GET":
        # A GET changes nothing anyone else sees (and what it caches, such as a rendered
        # PDF, may stay: if a GET changed the world, later answers would show it).
        return client.get(path, **kwargs)
    with transaction.atomic():
        response = getattr(client, method.lower())(path, **kwargs)
        transaction.set_rollback(True)  # the next request finds the world unchanged
    return response


def _cache_problems(role: str, response) -> list[str]:
    """Every answer to a logged-in person may hold personal data: no cache keeps it
    (Cache-Control: private, no-store), unless the view declared it public (.ics feeds)."""
    if role == ANONYMOUS:
        return []
    directives = {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}
    if "public" in directives or {"private", "no-store"} <= directives:
        return []
    return [
        f"{response.status_code} with Cache-Control {response.get('Cache-Control')!r}, not private, no-store"
    ]


def run(world: World, keys) -> tuple[list[str], int]:
    mismatches, asked = [], 0
    for key in keys:
        entry = EXPECTED[key]
        cases = entry.cases(world) if callable(entry.cases) else entry.cases
        for case in cases:
            path = case.path(world) if callable(case.path) else case.path
            # The last request may have left another language active.
            with translation.override(settings.LANGUAGE_CODE):
                route = resolve(urlsplit(path).path).route
            if entry_for(_route_without_anchors(route)) != key:
                mismatches.append(f"{path} resolves to {route!r}, not to a pattern of the entry {key!r}")
            paths = [path]
            if case.localised:  # the same rules behind another language prefix
                paths += [f"/{code}{path}" for code in LANGUAGES[:1]]
            for asked_path in paths:
                for method, expected_by_role in case.expect.items():
                    for role in ROLES:
                        # Behind a language prefix the same views answer: a GET by an outsider
                        # and by the other organisation's organiser shows the rules hold there too.
                        if asked_path != path and (method != "GET" or role not in LOCALISED_ROLES):
                            continue
                        expected = expected_by_role[role]
                        asked += 1
                        try:
                            response = ask(world, role, method, asked_path, case)
                        except Exception as error:  # every failure is one line of the report
                            mismatches.append(
                                f"{role} {method} {asked_path} -> raised {type(error).__name__}: {error}, "
                                f"expected {expected}"
                            )
                            continue
                        actual, described = _outcome(response, case.follow)
                        mismatches += [
                            f"{role} {method} {asked_path} -> {problem}"
                            for problem in _cache_problems(role, response)
                        ]
                        if actual != expected:
                            mismatches.append(
                                f"{role} {method} {asked_path} -> {described}, expected {expected}"
                            )
                        elif case.check is not None:
                            mismatches += [
                                f"{role} {method} {asked_path} -> {problem}"
                                for problem in case.check(world, role, response)
                            ]
                        if response.streaming:
                            b"".join(response.streaming_content)  # read to the end: closes the file
    return mismatches, asked


THIRD_PARTY = ("admin/", "accounts/", "media/", "static/")


def _keys(group: str) -> list[str]:
    """The entries one test function asks: split so that each stays well inside the timeout."""

    def group_of(key: str) -> str:
        if key in THIRD_PARTY:
            return "third party"
        if key.startswith("api/"):
            return "api"
        if key.startswith(("press/", "manage/press/")):
            return "press"
        if key.startswith("manage/"):
            return "organiser area"
        return "public and participant"

    return [key for key in EXPECTED if group_of(key) == group]


def _assert_as_expected(group: str, *, at_least: int) -> None:
    world = build_world()
    mismatches, asked = run(world, _keys(group))
    assert asked >= at_least, f"only {asked} answers checked: has EXPECTED lost its cases?"
    assert not mismatches, f"{len(mismatches)} of {asked} answers differ:\n" + "\n".join(mismatches)


def test_public_and_participant_pages_answer_every_role_as_the_rules_say():
    _assert_as_expected("public and participant", at_least=200)


def test_organiser_area_answers_every_role_as_the_rules_say():
    _assert_as_expected("organiser area", at_least=400)


def test_press_pages_answer_every_role_as_the_rules_say():
    _assert_as_expected("press", at_least=300)


def test_api_answers_every_role_as_the_rules_say():
    _assert_as_expected("api", at_least=200)


def test_admin_accounts_and_media_answer_every_role_as_the_rules_say():
    _assert_as_expected("third party", at_least=100)
