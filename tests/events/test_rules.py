"""Who may do what, answered by events.rules for views, API and querysets."""

import pytest
from django.contrib.auth.models import AnonymousUser

from events import rules
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_organiser_organises_only_for_own_organisation(organiser, organisation):
    other = OrganisationFactory()
    assert rules.can_organise_for(organiser, organisation)
    assert not rules.can_organise_for(organiser, other)
    assert list(rules.organisations_managed_by(organiser)) == [organisation]
    assert not rules.can_publish_for(organiser, organisation)
    assert list(rules.organisations_publishing_for(organiser)) == []


def test_press_officer_publishes_but_does_not_organise():
    membership = MembershipFactory(role="press_officer")
    user, organisation = membership.user, membership.organisation
    assert rules.can_publish_for(user, organisation)
    assert not rules.can_organise_for(user, organisation)
    assert list(rules.organisations_publishing_for(user)) == [organisation]


def test_coordinator_may_do_everything(coordinator):
    first, second = OrganisationFactory(), OrganisationFactory()
    assert rules.is_coordinator(coordinator)
    assert rules.can_organise_for(coordinator, first)
    assert rules.can_publish_for(coordinator, second)
    assert set(rules.organisations_managed_by(coordinator)) == {first, second}


def test_participant_and_anonymous_have_no_role(participant, organisation):
    for user in (participant, AnonymousUser()):
        assert not rules.has_staff_role(user)
        assert not rules.can_organise_for(user, organisation)
        assert not rules.organisations_managed_by(user).exists()


def test_deactivated_member_loses_the_role(organiser, organisation):
    organiser.is_active = False
    organiser.save()
    assert not rules.can_organise_for(organiser, organisation)
    assert not rules.has_staff_role(organiser)
    assert not rules.organisations_managed_by(organiser).exists()


def test_user_with_two_roles_is_listed_once(organisation):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role="organiser")
    MembershipFactory(user=user, organisation=organisation, role="press_officer")
    assert list(rules.organisations_where(user, "organiser", "press_officer")) == [organisation]


def test_membership_role_must_be_known(organisation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(organisation=organisation, role="superhero")
