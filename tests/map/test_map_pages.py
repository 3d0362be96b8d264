"""The practice map on the home page and the search page: counts, links, table."""

import gzip
import re
from html import unescape

import pytest

from tests.factories import practice

pytestmark = pytest.mark.django_db

LINK = re.compile(
    r'<a class="practice-map__link[^"]*" href="([^"]*)" aria-label="([^"]*)" '
    r'data-code="([^"]*)"'
)


def linked_shapes(html: str) -> dict[str, tuple[str, str]]:
    """The shapes that are links: code → (URL, accessible name)."""
    return {
        code: (unescape(url), unescape(label))
        for url, label, code in LINK.findall(html)
    }


def svg_of(html: str) -> str:
    return html[html.index('<svg class="practice-map__svg"') :].split("</svg>")[0]


@pytest.fixture
def mapped(network):
    """Two practices in Val-de-Marne, one in Rennes (Bretagne, no département)."""
    practice(network.departement_page, themes=[network.procurement])
    practice(network.agglo_page)  # an EPCI of Val-de-Marne
    practice(network.commune_page)
    return network


def test_home_page_map_links_each_departement_with_practices(client, mapped):
    html = client.get("/").content.decode()

    assert linked_shapes(html) == {
        "94": ("/recherche/?departement=94", "Val-de-Marne : 2 pratiques")
    }
    svg = svg_of(html)
    # Every other département is drawn, neutral and not a link.
    assert svg.count('class="practice-map__empty"') == 100
    assert 'data-code="2A"' in svg and 'data-code="976"' in svg
    assert "Fond de carte" in html and "CC BY 4.0" in html and "MapSVG" in html


def test_the_table_carries_the_same_figures(client, mapped):
    html = client.get("/").content.decode()
    table = html[html.index('<details class="practice-map__table">') :]
    table = table[: table.index("</details>")]
    rows = re.findall(
        r'<th scope="row"><a href="([^"]*)"[^>]*>([^<]*)</a></th>'
        r"<td>(\d+)</td>",
        table,
    )
    assert rows == [("/recherche/?departement=94", "Val-de-Marne", "2")]


def test_regions_toggle_works_without_javascript(client, mapped):
    html = client.get("/").content.decode()
    assert 'href="/?carte=regions#carte"' in html

    html = client.get("/?carte=regions").content.decode()
    assert linked_shapes(html) == {
        "11": ("/recherche/?region=11&carte=regions", "Île-de-France : 2 pratiques"),
        "53": ("/recherche/?region=53&carte=regions", "Bretagne : 1 pratique"),
    }
    assert "Nombre de pratiques par région" in html


def test_an_unknown_level_shows_the_departements(client, mapped):
    response = client.get("/?carte=%3Cscript%3E")
    assert response.status_code == 200
    assert "94" in linked_shapes(response.content.decode())


def test_search_page_offers_the_map_view_of_the_current_search(client, mapped):
    html = client.get("/recherche/?theme=achats-responsables").content.decode()
    assert "practice-map__svg" not in html
    assert (
        'href="/recherche/?theme=achats-responsables&amp;carte=departements#carte"'
        in html
    )

    html = client.get(
        "/recherche/?theme=achats-responsables&carte=departements"
    ).content.decode()
    # The current search's counts: the theme keeps one practice of the two.
    assert linked_shapes(html) == {
        "94": (
            "/recherche/?theme=achats-responsables&departement=94",
            "Val-de-Marne : 1 pratique",
        )
    }
    assert "Masquer la carte" in html


def test_a_map_link_gives_that_departement_only(client, mapped):
    html = client.get("/recherche/?carte=departements").content.decode()
    url, label = linked_shapes(html)["94"]
    results = client.get(url).context["results"]
    assert results.total == 2
    assert [f.value for f in results.facets["departement"] if f.selected] == ["94"]


def test_the_selected_departement_is_marked(client, mapped):
    html = client.get("/recherche/?departement=94&carte=departements").content.decode()
    assert 'data-code="94" aria-current="true"' in html


def test_the_map_weighs_little_on_the_wire(client, mapped):
    for url in ("/", "/?carte=regions"):
        svg = svg_of(client.get(url).content.decode())
        size = len(gzip.compress(svg.encode(), compresslevel=6))
        print(f"{url}: SVG {len(svg)} bytes, {size} gzipped")
        assert size < 150_000


def test_the_map_view_stays_open_while_the_search_is_refined(client, mapped):
    response = client.get("/recherche/?theme=achats-responsables&carte=regions")
    html = response.content.decode()
    form = html[html.index('<form class="filters"') :].split("</form>")[0]
    assert '<input type="hidden" name="carte" value="regions">' in form
    [chip] = response.context["active_filters"]
    assert chip["url"] == "?carte=regions"
    assert [link["url"] for link in response.context["sorts"]] == [
        "?theme=achats-responsables&carte=regions",
        "?theme=achats-responsables&sort=updated&carte=regions",
        "?theme=achats-responsables&sort=oldest&carte=regions",
    ]
    # The list of results (no `carte`) keeps no map in its links.
    listed = client.get("/recherche/?theme=achats-responsables")
    assert listed.context["active_filters"][0]["url"] == "?"
