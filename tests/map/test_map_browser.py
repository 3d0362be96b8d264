"""The map in a real browser: a click (or Enter) on a département gives its
practices only, the focus is visible, and axe-core finds no violation."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.engines import get_engine
from search.indexing import index_practices, mark_dirty
from territories.models import Territory
from tests.browser.conftest import (  # noqa: F401 - fixtures of the browser tests
    _chromium_present,
    _plain_http_live_server,
    chromium,
    search_site,
    tab,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parents[1] / "browser" / "vendor" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture
def mapped_site(search_site):  # noqa: F811
    """The browser tests' site, with Rennes placed in Ille-et-Vilaine (35)."""
    bretagne = Territory.objects.create(kind="region", code="53", name="Bretagne")
    ille_et_vilaine = Territory.objects.create(
        kind="departement", code="35", name="Ille-et-Vilaine", region=bretagne
    )
    Territory.objects.filter(code="35238").update(
        departement=ille_et_vilaine, region=bretagne
    )
    live = [p.pk for name, p in search_site.practices.items() if name != "draft"]
    mark_dirty(live)  # a new version, or Elasticsearch refuses the write as stale
    assert not index_practices(live, get_engine()).errors
    get_engine().index.refresh()
    return search_site


def titles(opened) -> list[str]:
    return opened.page.locator(".search-results h3").all_inner_texts()


def test_clicking_a_departement_gives_its_practices_only(tab, mapped_site):  # noqa: F811
    tab.goto("/")
    tab.page.get_by_role("link", name="Val-de-Marne : 2 pratiques").click()
    tab.page.wait_for_url("**/recherche/?departement=94")
    practices = mapped_site.practices
    assert sorted(titles(tab)) == sorted(
        [practices["achats"].title, practices["siae"].title]
    )
    # Ille-et-Vilaine's practices are on the map too, and not in these results.
    tab.goto("/")
    assert tab.page.get_by_role("link", name="Ille-et-Vilaine : 2 pratiques").count()
    assert tab.console_errors == [] and tab.foreign_requests() == []


@pytest.mark.parametrize("tab", [False], indirect=True)
def test_the_map_is_reachable_by_keyboard_with_a_visible_focus(tab, mapped_site):  # noqa: F811
    tab.goto("/?carte=regions")
    page = tab.page
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.code || ''"):
            break
    focused = page.evaluate(
        "() => { const a = document.activeElement;"
        " return [a.getAttribute('aria-label'),"
        " getComputedStyle(a.querySelector('path')).fill]; }"
    )
    assert focused[0] in ("Bretagne : 2 pratiques", "Île-de-France : 2 pratiques")
    assert focused[1] == "rgb(255, 191, 71)"  # the site's focus colour
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?region=*")
    assert len(titles(tab)) == 2


def test_no_axe_violation_on_the_pages_with_the_map(chromium, live_server, mapped_site):  # noqa: F811
    assert AXE.is_file(), f"axe-core is expected at {AXE}"
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    results = {}
    for path in (
        "/",
        "/?carte=regions",
        "/recherche/?carte=departements",
        "/recherche/?departement=94&carte=regions",
        "/en/",
    ):
        page.goto(live_server.url + path)
        page.locator("details.practice-map__table summary").click()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
        )
        results[path] = [
            (v["id"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"]
        ]
    context.close()
    print("axe-core on the map pages:", results)
    assert {path: v for path, v in results.items() if v} == {}
