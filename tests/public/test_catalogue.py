"""The catalogue: filters, pagination that keeps them, and no 500 on bad input."""

import re
from html import unescape

import pytest

from practices.models import CatalogPage
from tests.factories import practice

pytestmark = pytest.mark.django_db


def result_titles(response) -> set[str]:
    """Titles of the practice cards in the results section."""
    html = response.content.decode()
    results = html[html.index('id="results-title"') :]
    return {
        unescape(title)
        for title in re.findall(r'card__title"><a href="[^"]+">([^<]+)</a>', results)
    }


@pytest.fixture
def catalogue(network):
    """One live practice per member territory, and a draft that must never show."""
    n = network
    practice(n.region_page, title="Région", themes=[n.procurement], levers=[n.grant])
    practice(n.departement_page, title="Département", themes=[n.iae], levers=[n.clause])
    practice(
        n.agglo_page,
        title="Agglomération",
        themes=[n.procurement, n.circular],
        levers=[n.clause],
    )
    practice(n.cc_page, title="Communauté de communes", themes=[n.circular])
    practice(n.commune_page, title="Commune", themes=[n.iae], audiences=[n.youth])
    practice(n.commune_page, title="Brouillon", themes=[n.iae], live=False)
    return n


ALL = {"Région", "Département", "Agglomération", "Communauté de communes", "Commune"}


# query string → titles listed (each case: one request on the same data).
FILTER_CASES = [
    ("", ALL),
    ("theme=iae", {"Département", "Commune"}),
    (
        "theme=iae&theme=economie-circulaire",
        {"Département", "Commune", "Agglomération", "Communauté de communes"},
    ),
    ("lever=clause-sociale", {"Département", "Agglomération"}),
    ("audience=jeunes", {"Commune"}),
    ("kind=region", {"Région"}),
    ("kind=departement", {"Département"}),
    ("kind=epci-CA", {"Agglomération"}),
    ("kind=epci-CC", {"Communauté de communes"}),
    ("kind=epci", {"Agglomération", "Communauté de communes"}),
    ("kind=commune", {"Commune"}),
    ("kind=commune&kind=epci-CA", {"Commune", "Agglomération"}),
    ("region=11", {"Région", "Département", "Agglomération"}),
    ("region=53", {"Communauté de communes", "Commune"}),
    ("theme=economie-circulaire&region=53", {"Communauté de communes"}),
    ("theme=achats-responsables&lever=subvention", {"Région"}),
    ("theme=iae&kind=epci-CA", set()),
    # Unknown values are ignored rather than matching nothing.
    ("theme=inconnu", ALL),
    ("theme=inconnu&theme=iae", {"Département", "Commune"}),
]


def test_filters_return_exactly_the_matching_live_practices(client, catalogue):
    for query, expected in FILTER_CASES:
        response = client.get(f"/pratiques/?{query}")

        assert response.status_code == 200, query
        assert result_titles(response) == expected, query


def test_filters_are_shown_as_checked_in_the_form(client, catalogue):
    html = client.get("/pratiques/?theme=iae&kind=epci-CA&region=11").content.decode()

    assert re.search(r'name="theme" value="iae" id="theme-iae" checked', html)
    assert re.search(r'name="kind" value="epci-CA" id="kind-epci-CA" checked', html)
    assert re.search(r'<option value="11" selected>', html)
    assert not re.search(r'value="economie-circulaire"[^>]* checked', html)
    # Every checkbox has a label, and the groups have legends.
    for input_id in re.findall(r'<input type="checkbox"[^>]* id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html
    assert html.count("<legend>") >= 4


def test_empty_result_offers_to_remove_filters(client, catalogue):
    html = client.get("/pratiques/?theme=iae&kind=epci-CA").content.decode()

    assert 'class="empty-state"' in html
    # Each selected filter links to the same search without it.
    assert 'href="/pratiques/?kind=epci-CA"' in html
    assert 'href="/pratiques/?theme=iae"' in html


def test_pagination_keeps_the_filters(client, catalogue, monkeypatch):
    monkeypatch.setattr(CatalogPage, "PER_PAGE", 2)

    first = client.get("/pratiques/?region=11")
    html = first.content.decode()

    assert len(result_titles(first)) == 2
    assert 'href="?region=11&amp;page=2"' in html
    second = client.get("/pratiques/?region=11&page=2")
    assert len(result_titles(second)) == 1
    assert result_titles(first) | result_titles(second) == {
        "Région",
        "Département",
        "Agglomération",
    }
    assert 'href="?region=11&amp;page=1"' in second.content.decode()


def test_out_of_range_pages_show_the_first_or_last_page(client, catalogue, monkeypatch):
    monkeypatch.setattr(CatalogPage, "PER_PAGE", 2)
    cases = [
        ("-1", 3),
        ("0", 3),
        ("abc", 1),
        ("", 1),
        ("1000000000", 3),
        ("9" * 5000, 3),
        ("2", 2),
    ]
    for page, expected_page in cases:
        response = client.get("/pratiques/", {"page": page})

        assert response.status_code == 200, page
        assert response.context["page_obj"].number == expected_page, page
        assert result_titles(response), page


NASTY_QUERIES = [
    "page=-1",
    "page=abc",
    "page=1e9",
    "page=10**9",
    "page=" + "9" * 10_000,
    "page=1&page=2&page=-5",
    "page=%00",
    "theme=%00",
    "theme=" + "a" * 10_000,
    "theme=" + "&theme=".join(f"t{i}" for i in range(500)),
    "theme=%F0%9F%92%A9",
    "theme=ach%C3%A9ats",
    "theme=%E2%80%AEevil",
    "theme[]=iae",
    "lever=%FF%FE",
    "kind=epci-",
    "kind=epci-XX",
    "kind=%00commune",
    "kind=" + "x" * 5000,
    "region=11'--",
    "region=%00",
    "region=" + "1" * 5000,
    "audience=<script>alert(1)</script>",
    "%",
    "&&&==&",
    "=iae",
    "theme",
    "q=%C0%AF",
]


def test_malformed_parameters_never_fail(client, catalogue):
    for query in NASTY_QUERIES:
        response = client.get(f"/pratiques/?{query}")

        assert response.status_code == 200, query[:80]
        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        assert result_titles(response) <= ALL, query[:80]


def test_draft_and_unpublished_practices_are_never_listed(client, catalogue, network):
    published_then_withdrawn = practice(network.commune_page, title="Retirée")
    published_then_withdrawn.unpublish()

    for url in ("/pratiques/", "/pratiques/?theme=iae", "/", "/territoires/rennes/"):
        html = client.get(url).content.decode()
        assert "Brouillon" not in html, url
        assert "Retirée" not in html, url
