"""A member territory and a practice, both with a contact, and the people who
visit them: anonymous, a member, an editor, staff, an account with no role."""

import pytest
from django.contrib.auth.models import Group
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME
from rtes_site.members import MEMBERS_GROUP_NAME

from tests.factories import TerritoryFactory, UserFactory, editor_of, member_page
from tests.factories import practice as make_practice

TERRITORY_EMAIL = "ess@valdemarne.example"
PRACTICE_EMAIL = "camille.martin@valdemarne.example"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def territory(home):
    page = member_page(
        TerritoryFactory(name="Val-de-Marne", code="94"),
        contact_name="Service ESS",
        contact_email=TERRITORY_EMAIL,
    )
    return page


@pytest.fixture
def practice(territory):
    return make_practice(
        territory,
        title="Clauses sociales",
        contact_name="Camille Martin",
        contact_role="Chargée de mission ESS",
        contact_email=PRACTICE_EMAIL,
    )


@pytest.fixture
def member(home):
    user = UserFactory(username="membre", first_name="Sacha", last_name="Petit")
    user.groups.add(Group.objects.get(name=MEMBERS_GROUP_NAME))
    return user


@pytest.fixture
def editor(territory):
    return editor_of(territory, username="editeur")


@pytest.fixture
def reviewer(home):
    user = UserFactory(username="relecture", email="relecture@rtes.example")
    user.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    return user


@pytest.fixture
def staff(db):
    return UserFactory(username="staff", is_staff=True)


@pytest.fixture
def no_role(db):
    """An account in no group: not one of the network's people."""
    return UserFactory(username="sans-role")
