"""The search page at its edges: no words, nothing found, places that have
nothing, and what a card tells (issue 12)."""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from territories.models import Territory
from tests.factories import member_page, practice

pytestmark = pytest.mark.django_db


def main_html(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def hrefs(html: str, css_class: str) -> list[str]:
    """The links inside the first element of that class."""
    start = html.index(f'class="{css_class}')
    block = html[start : html.index("</ul>", start)]
    return [unescape(h) for h in re.findall(r'<a href="([^"]+)"', block)]


def params(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)


@pytest.fixture
def catalogue(network):
    practice(
        network.departement_page,
        title="Des achats responsables",
        themes=[network.procurement, network.iae],
    )
    practice(network.commune_page, title="Une ressourcerie", themes=[network.circular])
    return network


def test_without_words_the_newest_come_first_and_relevance_is_not_offered(
    client, catalogue
):
    response = client.get("/recherche/")
    assert response.context["query"].sort == "newest"
    html = main_html(response)
    assert re.search(r'<strong aria-current="true">\s*Plus récentes', html), html
    assert "Pertinence" not in html

    response = client.get("/recherche/?q=ressourcerie")
    assert response.context["query"].sort == "relevance"
    assert '<strong aria-current="true">Pertinence</strong>' in main_html(response)


def test_the_recently_updated_sort_is_offered_and_kept(client, catalogue):
    html = main_html(client.get("/recherche/?q=ressourcerie"))
    assert re.search(r'href="\?q=ressourcerie&amp;sort=updated"', html), html
    response = client.get("/recherche/?q=ressourcerie&sort=updated")
    assert response.context["query"].sort == "updated"
    html = main_html(response)
    assert '<strong aria-current="true">Mises à jour récentes</strong>' in html
    assert "Une ressourcerie" in html


def test_a_search_that_finds_nothing_offers_the_nearest_searches(client, catalogue):
    url = "/recherche/?q=ressourcerie&theme=iae&territory_kind=commune"
    html = main_html(client.get(url))
    assert "0 pratique trouvée" in html

    # No refining form with nothing to refine, no following a search of nothing.
    assert 'class="filters"' not in html
    assert "Affiner" not in html
    assert "/abonnements/" not in html

    steps = hrefs(html, "next-steps")
    removals = [params(href) for href in steps]
    # One link drops each filter and keeps the rest; one drops them all.
    assert {"q": ["ressourcerie"], "territory_kind": ["commune"]} in removals
    assert {"q": ["ressourcerie"], "theme": ["iae"]} in removals
    assert {"q": ["ressourcerie"]} in removals
    assert "Retirer le filtre « Thématique : Insertion par l'activité économique »" in (
        unescape(html)
    )

    # Browse by theme: the themes that have practices, in French order.
    themes = hrefs(html, "tags theme-links")
    assert [params(href)["theme"] for href in themes] == [
        ["achats-responsables"],
        ["economie-circulaire"],
        ["iae"],
    ]
    assert all(set(params(href)) == {"theme"} for href in themes)


def test_a_search_that_finds_something_offers_to_follow_it_and_no_next_steps(
    client, catalogue
):
    html = main_html(client.get("/recherche/?q=ressourcerie"))
    assert "/abonnements/recherche/?q=ressourcerie" in html
    assert "next-steps" not in html
    assert 'class="filters"' in html


def test_search_cards_show_the_kind_of_territory_and_the_themes(client, catalogue):
    html = unescape(main_html(client.get("/recherche/?q=achats")))
    card = html[html.index('<article class="card"') : html.index("</article>")]
    assert "Val-de-Marne" in card
    assert '<span class="card__kind">(Département)</span>' in card
    assert "<li>Achats publics responsables</li>" in card
    assert "<li>Insertion par l'activité économique</li>" in card


def test_place_filters_offer_only_places_with_practices_in_french_order(
    client, network
):
    normandie = Territory.objects.create(kind="region", code="28", name="Normandie")
    hauts = Territory.objects.create(kind="region", code="32", name="Hauts-de-France")
    # Clipperton is in the reference data as a pseudo-région: never a filter.
    clipperton = Territory.objects.create(kind="region", code="989", name="Clipperton")
    Territory.objects.create(kind="region", code="94", name="Corse")  # no practice
    for region, name in [
        (normandie, "Caen"),
        (hauts, "Lille"),
        (clipperton, "Île de Clipperton"),
    ]:
        member = member_page(
            Territory.objects.create(
                kind="commune", code=f"x{region.code}", name=name, region=region
            )
        )
        practice(member, title=f"Une pratique à {name}")
    practice(network.departement_page, title="Une pratique du Val-de-Marne")

    response = client.get("/recherche/")
    groups = {group.name: group for group in response.context["facet_groups"]}
    assert [v.label for v in groups["region"].values] == [
        "Hauts-de-France",
        "Île-de-France",
        "Normandie",
    ]
    assert all(v.count > 0 for v in groups["region"].values)
    assert [v.label for v in groups["departement"].values] == ["Val-de-Marne (94)"]
    html = main_html(response)
    assert "Corse" not in html
    assert "Bretagne" not in html  # a région of the network, with no practice
