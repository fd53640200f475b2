"""Coordinators manage everything in /admin/; every admin page renders."""

import pytest
from django.contrib import admin
from django.urls import reverse

from events.models import Membership
from tests.factories import AgendaSessionFactory, MembershipFactory, PrivacyNoticeFactory, UserFactory

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
