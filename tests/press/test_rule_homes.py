"""A press rule has one home (press/validators.py): the press area's form and the API
refuse the same input with the same words."""

import pytest
from rest_framework.test import APIClient

from events.models import Membership
from press.models import PressRelease
from press.validators import LANGUAGE_TAKEN
from tests.factories import MembershipFactory, api_key_for
from tests.press.test_api import LIST_URL, release_input
from tests.press.test_manage import make_release, page_of, release_data

pytestmark = pytest.mark.django_db


def test_the_form_and_the_api_refuse_a_second_version_in_one_language_alike(client, organisation):
    officer = MembershipFactory(organisation=organisation, role=Membership.Role.PRESS_OFFICER).user
    original = make_release(organisation, author=officer)
    make_release(organisation, language="sl", translation_group=original.translation_group)
    client.force_login(officer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_key_for(officer)}")

    form = client.post(f"/manage/press/{original.pk}/translate/", release_data(language="sl"))
    answer = api.post(
        LIST_URL, release_input(organisation, language="sl", translation_of=original.slug), format="json"
    )

    assert form.status_code == answer.status_code == 400
    assert str(LANGUAGE_TAKEN) in page_of(form)
    assert answer.json() == {"language": [str(LANGUAGE_TAKEN)]}
    assert PressRelease.objects.filter(translation_group=original.translation_group).count() == 2
