"""The facets "Documents disponibles" and "Pratiques essaimées", and the text of
PDFs, on both engines."""

import pytest
from django.utils import translation

from search.engines.base import SearchQuery
from search.facets import labelled_facets

from .catalogue import build, reindex


@pytest.fixture
def catalogue(engine, territory_a, territory_b):
    catalogue = build(territory_a, territory_b)
    reindex(catalogue.live, engine)
    return catalogue


def search(engine, text="", **filters):
    query = SearchQuery(text=text, filters={k: tuple(v) for k, v in filters.items()})
    return engine.searcher.search(query)


def counts(results, facet) -> dict[str, int]:
    return {value.value: value.count for value in results.facets[facet]}


def titles(results) -> set[str]:
    return {hit.title for hit in results.hits}


def test_document_types_are_counted(engine, catalogue):
    results = search(engine)
    assert counts(results, "document_type") == {"deliberation": 2, "tender": 1}


def test_only_a_live_adaptation_makes_a_practice_adapted(engine, catalogue):
    """The ressourcerie's only adaptation is a draft: it is not "adapted"."""
    assert counts(search(engine), "adapted") == {"yes": 1}
    assert titles(search(engine, adapted=["yes"])) == {catalogue.original.title}


def test_a_document_type_selects_and_the_other_facets_count_under_it(engine, catalogue):
    results = search(engine, document_type=["tender"])
    assert titles(results) == {catalogue.original.title}
    # Multi-select: the facet's own values counted without its selection.
    assert counts(results, "document_type") == {"deliberation": 2, "tender": 1}
    assert counts(results, "adapted") == {"yes": 1}

    both = search(engine, document_type=["deliberation"], adapted=["yes"])
    assert titles(both) == {catalogue.original.title}
    assert counts(both, "document_type") == {"deliberation": 1, "tender": 1}


def test_the_groups_are_titled_and_labelled_in_french(engine, catalogue):
    with translation.override("fr"):
        groups = {g.name: g for g in labelled_facets(search(engine))}
        documents, adapted = groups["document_type"], groups["adapted"]
        assert documents.title == "Documents disponibles"
        assert [(v.label, v.count) for v in documents.values] == [
            ("Délibération", 2),
            ("Cahier des charges (CCTP)", 1),
        ]
        assert adapted.title == "Pratiques essaimées"
        assert [(v.label, v.count) for v in adapted.values] == [
            ("Adaptée par d'autres territoires", 1)
        ]


def test_the_text_of_a_pdf_is_searched(engine, catalogue):
    # Words only the PDFs hold, on their first and second pages.
    assert titles(search(engine, "tarification")) == {catalogue.original.title}
    assert titles(search(engine, "maraîchers pluriannuelle")) == {
        catalogue.original.title
    }
    # A document's title too.
    assert titles(search(engine, "clauses techniques")) == {catalogue.original.title}


def test_only_pdfs_are_read(engine, catalogue):
    """The ressourcerie's text file is found by its title, not its content."""
    assert titles(search(engine, "photovoltaique")) == set()
    assert titles(search(engine, "délibération ressourcerie")) == {
        catalogue.ressourcerie.title
    }


def test_the_page_text_ranks_above_the_documents_text_on_elasticsearch(
    engine, catalogue, request
):
    """On Elasticsearch the documents weigh half the body; the database engine
    ranks them as the body (docs/search.md)."""
    if engine.name != "elasticsearch":
        pytest.skip("the database engine ranks the documents as the body")
    catalogue.plain.summary = "Une tarification solidaire des repas."
    catalogue.plain.save_revision().publish()
    reindex([catalogue.plain], engine)
    results = search(engine, "tarification")
    assert [hit.title for hit in results.hits] == [
        catalogue.plain.title,
        catalogue.original.title,
    ]


def test_the_search_page_shows_the_groups(client, territory_a, territory_b):
    """The configured engine, through the page: both groups, French labels."""
    catalogue = build(territory_a, territory_b)
    reindex(catalogue.live)
    html = client.get(
        "/recherche/", {"document_type": "tender"}, HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert 'id="group-document_type"' in html
    assert (
        'name="document_type" value="tender" id="f-document_type-tender" checked'
        in (html)
    )
    assert "Cahier des charges (CCTP) <span" in html
    assert "Documents disponibles" in html
    assert "Pratiques essaimées" in html
    assert 'name="adapted" value="yes"' in html
    assert catalogue.original.title in html
    assert catalogue.plain.title not in html
