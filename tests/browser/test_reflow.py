"""Pages fit a phone's width (WCAG 1.4.10, reflow): nothing scrolls sideways but
the indicators table, inside its own box."""

from __future__ import annotations

from decimal import Decimal

import pytest

from practices.models import PracticeIndicator

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = [320, 360, 375]


@pytest.fixture
def with_indicators(search_site):
    page = search_site.practices["achats"]
    for n, (label, value, unit) in enumerate(
        [
            ("Personnes en parcours d'insertion recrutées", "1234567.50", "personnes"),
            ("Part des marchés intégrant une clause sociale", "15", "%"),
            ("Heures d'insertion réalisées", "98765432", "heures travaillées"),
        ]
    ):
        PracticeIndicator.objects.create(
            page=page,
            sort_order=n,
            label=label,
            value=Decimal(value),
            unit=unit,
            year=2024,
        )
    return page


@pytest.mark.parametrize("width", WIDTHS)
def test_a_practice_page_with_indicators_fits_a_phone(tab, with_indicators, width):
    page = tab.page
    page.set_viewport_size({"width": width, "height": 800})
    tab.goto(with_indicators.url)
    assert page.locator("table.indicators").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The table keeps its figures whole and scrolls inside its wrapper instead.
    wrapper = page.locator(".table-wrapper")
    assert wrapper.evaluate("el => el.getBoundingClientRect().right") <= width


@pytest.mark.parametrize("path", ["/", "/recherche/?q=insertion"])
def test_the_home_and_search_pages_fit_a_phone(tab, search_site, path):
    page = tab.page
    page.set_viewport_size({"width": 320, "height": 800})
    tab.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
