"""The demo holds one stale practice, for the Val-de-Marne editor to see."""

from io import StringIO

import pytest
from django.core.management import call_command

from practices.freshness import is_outdated, stale_filter
from practices.models import PracticePage


@pytest.mark.django_db
def test_demo_has_one_stale_practice_and_keeps_it_on_a_second_run():
    call_command("load_demo", stdout=StringIO())
    stale = PracticePage.objects.filter(stale_filter())
    assert list(stale.values_list("external_id", flat=True)) == ["demo-cd94-equival"]
    page = stale.get()
    assert page.territory.code == "94" and is_outdated(page)
    revisions = page.revisions.count()

    call_command("load_demo", stdout=StringIO())

    assert list(PracticePage.objects.filter(stale_filter())) == [page]
    assert page.revisions.count() == revisions
