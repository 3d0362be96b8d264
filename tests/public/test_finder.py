"""The one finder: the search page without words is the catalogue. Its filters,
pagination that keeps them, no 500 on bad input, and the catalogue's old URLs
redirected to the same selection."""

import re
from html import unescape

import pytest

from search import params
from territories.models import Territory
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


EPCI = "territory_kind=epci-CA&territory_kind=epci-CC"

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
    ("territory_kind=region", {"Région"}),
    ("territory_kind=departement", {"Département"}),
    ("territory_kind=epci-CA", {"Agglomération"}),
    ("territory_kind=epci-CC", {"Communauté de communes"}),
    (EPCI, {"Agglomération", "Communauté de communes"}),
    ("territory_kind=commune", {"Commune"}),
    ("territory_kind=commune&territory_kind=epci-CA", {"Commune", "Agglomération"}),
    ("region=11", {"Région", "Département", "Agglomération"}),
    ("region=53", {"Communauté de communes", "Commune"}),
    ("theme=economie-circulaire&region=53", {"Communauté de communes"}),
    ("theme=achats-responsables&lever=subvention", {"Région"}),
    ("theme=iae&territory_kind=epci-CA", set()),
    # Unknown values are ignored rather than matching nothing.
    ("theme=inconnu", ALL),
    ("theme=inconnu&theme=iae", {"Département", "Commune"}),
]


def test_filters_return_exactly_the_matching_live_practices(client, catalogue):
    for query, expected in FILTER_CASES:
        response = client.get(f"/recherche/?{query}")

        assert response.status_code == 200, query
        assert result_titles(response) == expected, query


# The catalogue's old URLs → the same selection on the search page.
REDIRECTS = [
    ("", "/recherche/"),
    (
        "?theme=iae&kind=epci-CA&region=11",
        "/recherche/?theme=iae&territory_kind=epci-CA&region=11",
    ),
    (
        "?kind=epci",
        "/recherche/?"
        + "&".join(f"territory_kind=epci-{t}" for t in Territory.EpciType.values)
        + "&territory_kind=epci",  # an EPCI of unknown type
    ),
    (
        "?lever=subvention&audience=jeunes&page=2",
        "/recherche/?lever=subvention&audience=jeunes&page=2",
    ),
    ("?utm_source=lettre", "/recherche/"),
]


@pytest.mark.parametrize(("old", "new"), REDIRECTS)
def test_old_catalogue_urls_redirect_permanently_to_the_same_selection(
    client, catalogue, old, new
):
    response = client.get(f"/pratiques/{old}")

    assert response.status_code == 301
    assert response["Location"] == new
    assert client.get(new).status_code == 200


def test_filters_are_shown_as_checked_in_the_form(client, catalogue):
    # A selection that finds something: a page that finds nothing has no form.
    html = client.get(
        "/recherche/?theme=achats-responsables&territory_kind=epci-CA&region=11"
    ).content.decode()

    assert re.search(
        r'name="theme" value="achats-responsables" id="f-theme-achats-responsables"'
        r" checked",
        html,
    )
    assert re.search(
        r'name="territory_kind" value="epci-CA" id="f-territory_kind-epci-CA" checked',
        html,
    )
    assert re.search(r'name="region" value="11" id="f-region-11" checked', html)
    assert not re.search(r'value="economie-circulaire"[^>]* checked', html)
    # Every checkbox has a label, and the groups have legends.
    for input_id in re.findall(r'<input type="checkbox"[^>]* id="([^"]+)"', html):
        assert f'<label for="{input_id}">' in html
    assert html.count("<legend>") >= 3  # at least the three selected facets


def test_empty_result_offers_to_remove_filters(client, catalogue):
    html = client.get("/recherche/?theme=iae&territory_kind=epci-CA").content.decode()

    assert 'class="empty-state"' in html
    # Each selected filter links to the same search without it.
    assert 'href="?territory_kind=epci-CA"' in html
    assert 'href="?theme=iae"' in html


def test_pagination_keeps_the_filters(client, catalogue, monkeypatch):
    monkeypatch.setattr(params, "PER_PAGE", 2)

    first = client.get("/recherche/?region=11")
    html = first.content.decode()

    assert len(result_titles(first)) == 2
    assert 'href="?region=11&amp;page=2"' in html
    second = client.get("/recherche/?region=11&page=2")
    assert len(result_titles(second)) == 1
    assert result_titles(first) | result_titles(second) == {
        "Région",
        "Département",
        "Agglomération",
    }
    assert 'href="?region=11"' in second.content.decode()  # page 1: no number


def test_out_of_range_pages_are_answered_not_failed(client, catalogue, monkeypatch):
    monkeypatch.setattr(params, "PER_PAGE", 2)
    # (page asked, page shown, practices listed): past the last page, an empty
    # page with a link back to the first; unreadable or below 1, the first.
    cases = [
        ("-1", 1, 2),
        ("0", 1, 2),
        ("abc", 1, 2),
        ("", 1, 2),
        ("2", 2, 2),
        ("3", 3, 1),
        ("4", 4, 0),
    ]
    for page, shown, listed in cases:
        response = client.get("/recherche/", {"page": page})

        assert response.status_code == 200, page
        assert response.context["query"].page == shown, page
        assert len(result_titles(response)) == listed, page
    # Past the first 10,000 results: refused with a readable message.
    for page in ("1000000000", "9" * 5000):
        response = client.get("/recherche/", {"page": page})
        assert response.status_code == 400
        assert "10000" in response.content.decode()


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
    "territory_kind=epci-",
    "territory_kind=epci-XX",
    "territory_kind=%00commune",
    "territory_kind=" + "x" * 5000,
    "territory=%C2%B2",
    "territory=99999999999999999999",
    "sort=%00",
    "sort=relevance",
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
        response = client.get(f"/recherche/?{query}")

        html = response.content.decode()
        assert "<script>alert(1)</script>" not in html
        if response.status_code == 400:  # a page past the first 10,000 results
            assert "10000" in html, query[:80]
            continue
        assert response.status_code == 200, query[:80]
        assert result_titles(response) <= ALL, query[:80]


def test_draft_and_unpublished_practices_are_never_listed(client, catalogue, network):
    published_then_withdrawn = practice(network.commune_page, title="Retirée")
    published_then_withdrawn.unpublish()

    for url in ("/recherche/", "/recherche/?theme=iae", "/", "/territoires/rennes/"):
        html = client.get(url).content.decode()
        assert "Brouillon" not in html, url
        assert "Retirée" not in html, url
