"""One definition of "stale": the filter and the in-memory test agree."""

import datetime

import pytest
from django.utils import timezone

from practices.freshness import (
    checked_on,
    is_outdated,
    is_stale,
    stale_filter,
    stale_practices,
)
from practices.models import PracticePage
from tests.factories import practice

from .conftest import age

pytestmark = pytest.mark.django_db


def test_stale_means_unpublished_and_unreviewed_for_18_months(territory_a):
    cases = {
        "recent": age(practice(territory_a), 30),
        "old": age(practice(territory_a), 600),
        "old, reviewed lately": age(practice(territory_a), 600, reviewed_days=10),
        "old, reviewed long ago": age(practice(territory_a), 800, reviewed_days=700),
        "just under 18 months": age(practice(territory_a), 540),
    }
    draft = practice(territory_a, live=False)
    stale_ids = set(
        PracticePage.objects.filter(stale_filter()).values_list("pk", flat=True)
    )

    observed = {name: page.pk in stale_ids for name, page in cases.items()}
    assert observed == {
        "recent": False,
        "old": True,
        "old, reviewed lately": False,
        "old, reviewed long ago": True,
        "just under 18 months": False,
    }
    # The in-memory test says the same as the filter, page by page.
    assert {name: is_stale(page) for name, page in cases.items()} == observed
    assert not is_stale(draft) and draft.pk not in stale_ids


def test_a_pending_draft_is_not_stale_the_editor_is_at_work(territory_a):
    page = age(practice(territory_a), 600)
    page.summary = "En cours de mise à jour."
    page.save_revision()
    page.refresh_from_db()
    assert page.has_unpublished_changes
    assert not is_stale(page)
    assert not PracticePage.objects.filter(stale_filter(), pk=page.pk).exists()


def test_checked_on_is_the_later_of_publication_and_review(territory_a):
    page = age(practice(territory_a), 600, reviewed_days=10)
    assert checked_on(page) == timezone.localdate() - datetime.timedelta(days=10)
    page = age(practice(territory_a), 10, reviewed_days=600)
    assert checked_on(page) == timezone.localdate(page.last_published_at)


def test_outdated_after_three_years(territory_a):
    assert not is_outdated(age(practice(territory_a), 1000))
    assert is_outdated(age(practice(territory_a), 1100))
    assert not is_outdated(age(practice(territory_a), 1100, reviewed_days=5))


def test_stale_practices_of_a_territory_only(territory_a, territory_b, stale_a):
    age(practice(territory_b), 600)
    assert list(stale_practices([territory_a])) == [stale_a]
    assert list(stale_practices([])) == []
