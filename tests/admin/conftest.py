"""Fixtures for the admin tests: two member territories, their people, their pages.

Territory A is the one "our" editor belongs to; territory B is someone else's.
Every request goes through the Wagtail admin views with the Django test client.
"""

import pytest
from django.contrib.auth.models import Group
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.factories import (
    TerritoryFactory,
    UserFactory,
    editor_of,
    member_page,
    practice,
)

from .helpers import png_file, text_file


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Users are created by the dozen here: skip the deliberately slow hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def territory_a(home):
    return member_page(TerritoryFactory(name="Val-de-Marne", code="94"))


@pytest.fixture
def territory_b(home):
    return member_page(TerritoryFactory(name="Gironde", code="33"))


@pytest.fixture
def editor_a(territory_a):
    return editor_of(territory_a, username="editor-a")


@pytest.fixture
def editor_b(territory_b):
    return editor_of(territory_b, username="editor-b")


@pytest.fixture
def image_of_b(territory_b):
    """An image in territory B's collection, used by no page."""
    return get_image_model().objects.create(
        title="Photo girondine", file=png_file(), collection=territory_b.collection
    )


@pytest.fixture
def document_of_b(territory_b):
    """A document in territory B's collection, attached to no page."""
    return get_document_model().objects.create(
        title="Convention girondine",
        file=text_file(),
        collection=territory_b.collection,
    )


@pytest.fixture
def editorial_user(home):
    user = UserFactory(username="relecteur")
    user.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def practice_b(territory_b):
    """A published practice of territory B."""
    return practice(territory_b, title="Achats responsables en Gironde")


@pytest.fixture
def draft_practice_b(territory_b):
    """A practice of territory B that was never published."""
    return practice(territory_b, live=False, title="Brouillon girondin")


@pytest.fixture
def as_editor_a(client, editor_a):
    client.force_login(editor_a)
    return client


@pytest.fixture
def as_editorial(client, editorial_user):
    client.force_login(editorial_user)
    return client


@pytest.fixture
def as_superuser(client, superuser):
    client.force_login(superuser)
    return client
