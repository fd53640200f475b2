"""Coordinators manage everything in /admin/; every admin page renders."""

from datetime import timedelta

import pytest
from django.contrib import admin
from django.core import mail
from django.forms import MultiWidget
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from events.models import Membership, Seminar
from tests.factories import (
    AgendaSessionFactory,
    MembershipFactory,
    PrivacyNoticeFactory,
    RegistrationFactory,
    SeminarFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_every_admin_changelist_and_add_page_renders_for_a_coordinator(client, coordinator):
    AgendaSessionFactory()
    PrivacyNoticeFactory()
    MembershipFactory()
    client.force_login(coordinator)
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, info
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, info
        instance = model._default_manager.first()
        if instance is not None:
            change = client.get(reverse("admin:{}_{}_change".format(*info), args=[instance.pk]))
            assert change.status_code == 200, info


def test_coordinator_adds_and_removes_a_member_in_the_admin(client, coordinator, organisation):
    person = UserFactory()
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:events_membership_add"),
        {"organisation": organisation.pk, "user": person.pk, "role": "press_officer"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=person)
    assert (membership.organisation, membership.role) == (organisation, "press_officer")

    client.post(reverse("admin:events_membership_delete", args=[membership.pk]), {"post": "yes"})
    assert not Membership.objects.filter(user=person).exists()


def test_people_without_coordinator_rights_cannot_use_the_admin(client, organiser):
    client.force_login(organiser)
    assert client.get("/admin/events/membership/", follow=True).status_code == 403


def admin_change_data(response, **changes) -> dict:
    """The admin change form as the coordinator sees it, submitted with `changes`."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value, widget = form[name].value(), form.fields[name].widget
        if isinstance(widget, MultiWidget):
            for index, part in enumerate(widget.decompress(value)):
                data[f"{name}_{index}"] = part.isoformat() if part is not None else ""
        elif value is True:
            data[name] = "on"
        elif isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif value not in (None, False):
            data[name] = str(value)
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data.update({management[name].html_name: management[name].value() for name in management.fields})
    data.update(changes)
    return data


def test_a_seminar_edited_in_the_admin_goes_through_the_edit_service(
    client, coordinator, django_capture_on_commit_callbacks
):
    seminar = SeminarFactory(title_en="Admin edit", capacity=5)
    RegistrationFactory(seminar=seminar, user=UserFactory(email="seat@example.org"))
    url = reverse("admin:events_seminar_change", args=[seminar.pk])
    client.force_login(coordinator)
    page = client.get(url)
    starts = page.context["adminform"].form["starts_at"].value()
    later = timezone.localtime(starts) + timedelta(hours=1)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            admin_change_data(
                page,
                starts_at_1=later.time().isoformat(),
                status="cancelled",  # read-only here: cancelling tells people, in the organiser area
                capacity="0",  # read-only here: the seats page checks the seats taken
            ),
        )

    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Seminar.objects.get(pk=seminar.pk)
    assert saved.starts_at == seminar.starts_at + timedelta(hours=1)
    assert (saved.status, saved.capacity, saved.sequence) == ("published", 5, seminar.sequence + 1)
    assert [(message.to, message.subject) for message in mail.outbox] == [
        (["seat@example.org"], "Seminar details changed: Admin edit")
    ]
    entry = AuditEntry.objects.get(action="seminar.update")
    assert (entry.actor, entry.target_id, entry.details["fields"]) == (
        coordinator,
        str(seminar.pk),
        ["starts_at"],
    )
