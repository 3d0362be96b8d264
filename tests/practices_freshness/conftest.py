"""Two member territories, their editors, the editorial team, and a way to age a
practice (make it look last published some days ago)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from rtes_site.bootstrap import EDITORIAL_GROUP_NAME

from practices.models import PracticePage
from tests.admin.conftest import (  # noqa: F401 - the admin tests' territories
    _fast_passwords,
    editor_a,
    editor_b,
    territory_a,
    territory_b,
)
from tests.factories import UserFactory, practice


def age(page, days: int, reviewed_days: int | None = None) -> PracticePage:
    """Make `page` look last published `days` ago (and reviewed `reviewed_days`
    ago, when given); returns it fresh from the database."""
    when = timezone.now() - datetime.timedelta(days=days)
    reviewed = (
        timezone.localdate() - datetime.timedelta(days=reviewed_days)
        if reviewed_days is not None
        else None
    )
    PracticePage.objects.filter(pk=page.pk).update(
        latest_revision_created_at=when,
        last_published_at=when,
        first_published_at=when,
        last_reviewed=reviewed,
    )
    return PracticePage.objects.get(pk=page.pk)


@pytest.fixture
def editorial_user(home):
    user = UserFactory(username="relecteur")
    user.groups.add(Group.objects.get(name=EDITORIAL_GROUP_NAME))
    return user


@pytest.fixture
def stale_a(territory_a):  # noqa: F811 - the admin tests' fixture
    """A practice of territory A published 600 days ago, never reviewed."""
    return age(practice(territory_a, title="Fiche ancienne du Val-de-Marne"), 600)
