"""The demo's lineage: published links between practices of different
territories, shown on both pages, and created once whatever the runs."""

from io import StringIO

import pytest
from django.core.management import call_command
from rtes_site.demo_lineage import DEMO_LINEAGE
from wagtail.models import Revision

from practices.models import PracticeInspiration, PracticePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.RTES_SEARCH_ENGINE = ""
    call_command("load_demo", stdout=StringIO())


def test_each_link_is_published_between_two_territories(demo):
    assert PracticeInspiration.objects.count() == len(DEMO_LINEAGE) >= 3
    for link in DEMO_LINEAGE:
        adaptation = PracticePage.objects.get(external_id=link.adaptation)
        source = PracticePage.objects.get(external_id=link.source)
        assert adaptation.live and not adaptation.has_unpublished_changes
        assert adaptation.territory_id != source.territory_id
        row = adaptation.inspirations.get()
        assert (row.source_id, row.note) == (source.pk, link.note)


def test_a_practice_adapted_twice_says_so(client, demo):
    original = PracticePage.objects.get(external_id="demo-cd94-achats-responsables")
    html = client.get(original.url).content.decode()
    assert "Adaptée par 2 territoires" in html
    adaptation = PracticePage.objects.get(
        external_id="demo-cd93-clauses-renovation-colleges"
    )
    html = client.get(adaptation.url).content.decode()
    assert "Inspirée de" in html and original.title in html.replace("&#x27;", "'")


def test_second_run_adds_no_link_and_no_revision(demo):
    before = (PracticeInspiration.objects.count(), Revision.objects.count())
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert (PracticeInspiration.objects.count(), Revision.objects.count()) == before
    assert "Demo lineage: 0 links published." in out.getvalue()
