"""Facet labels come from a cached table that any change to a label empties."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.facets import facet_labels
from tests.factories import ThemeFactory, member_page

pytestmark = pytest.mark.django_db


def labels_and_queries(values):
    with CaptureQueriesContext(connection) as queries:
        labels = facet_labels(values)
    return labels, len(queries)


def test_labels_are_read_from_the_database_once(home):
    ThemeFactory(slug="insertion", name="Insertion")
    labels, first = labels_and_queries({"theme": {"insertion", "inconnu"}})
    assert labels["theme"] == {"insertion": "Insertion"}
    assert first > 0
    labels, again = labels_and_queries({"theme": {"insertion"}})
    assert labels["theme"] == {"insertion": "Insertion"} and again == 0


def test_a_renamed_theme_shows_its_new_name_at_once(home):
    theme = ThemeFactory(slug="insertion", name="Insertion")
    facet_labels({"theme": {"insertion"}})
    theme.name = "Insertion par l'activité économique"
    theme.save()
    assert facet_labels({"theme": {"insertion"}})["theme"] == {
        "insertion": "Insertion par l'activité économique"
    }


def test_a_new_member_territory_is_labelled_at_once(home):
    assert facet_labels({"territory": {"1"}})["territory"] == {}
    page = member_page()
    pk = str(page.territory_id)
    assert facet_labels({"territory": {pk}})["territory"] == {pk: page.territory.name}
