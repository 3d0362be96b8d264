"""Publication, unpublication and a renamed theme reach the index through a worker.

Each change goes the production way: a signal records it in the transaction,
the task is sent to Redis after commit, a real worker thread indexes it.
"""

import pytest

from search.engines import get_engine
from search.engines.base import SearchQuery
from search.models import PracticeIndexState
from tests.factories import ThemeFactory, member_page, practice

from .conftest import eventually, found

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_published_practice_becomes_searchable_and_an_unpublished_one_goes(
    home, redis_worker
):
    engine = get_engine()
    territory = member_page()
    page = practice(territory, title="Une conserverie solidaire", indexed=False)

    assert eventually(lambda: found(engine, "conserverie") == {page.title})
    assert eventually(lambda: not PracticeIndexState.objects.get(page_id=page.pk).dirty)

    page.unpublish()

    # Searches hide a page that is no longer live at once; the worker must also
    # take its document out of the index.
    assert eventually(lambda: page.pk not in engine.index.indexed_versions())
    assert found(engine, "conserverie") == set()


def test_a_renamed_theme_changes_the_facet_values_of_its_practices(home, redis_worker):
    engine = get_engine()
    theme = ThemeFactory(slug="circuits-courts", name="Circuits courts")
    other = ThemeFactory(slug="mobilite", name="Mobilité")
    territory = member_page()
    first = practice(
        territory, title="Marché de producteurs", themes=[theme], indexed=False
    )
    second = practice(
        territory, title="Épicerie paysanne", themes=[theme], indexed=False
    )
    unrelated = practice(
        territory, title="Garage solidaire", themes=[other], indexed=False
    )
    pages = {first.pk, second.pk, unrelated.pk}
    assert eventually(lambda: pages <= engine.index.indexed_versions().keys())
    assert found(engine, theme=["circuits-courts"]) == {first.title, second.title}
    before = engine.index.indexed_versions()

    theme.slug = "alimentation-locale"
    theme.name = "Alimentation locale"
    theme.save()

    assert eventually(
        lambda: (
            found(engine, theme=["alimentation-locale"]) == {first.title, second.title}
        )
    )
    assert found(engine, theme=["circuits-courts"]) == set()
    counts = {
        facet.value: facet.count
        for facet in engine.searcher.search(SearchQuery()).facets["theme"]
    }
    assert counts == {"alimentation-locale": 2, "mobilite": 1}
    # Only the practices that name the theme were indexed again.
    after = engine.index.indexed_versions()
    assert after[unrelated.pk] == before[unrelated.pk]
    assert after[first.pk] > before[first.pk]
