"""The practice page lists the practices the search engine finds most alike."""

import re

from search.engines import get_engine
from tests.factories import LeverFactory, ThemeFactory, member_page, practice


def related_titles(client, page) -> list[str]:
    html = client.get(page.url).content.decode()
    if 'id="related"' not in html:
        return []
    related = html[html.index('id="related"') :]
    return re.findall(r'card__title"><a href="[^"]+">([^<]+)</a>', related)


def test_related_practices_come_from_the_engine(client, home):
    territory = member_page()
    theme, other_theme = ThemeFactory(), ThemeFactory()
    lever = LeverFactory()
    subject = practice(territory, title="Sujet", themes=[theme], levers=[lever])
    practice(territory, title="Même thème et levier", themes=[theme], levers=[lever])
    practice(territory, title="Même levier", levers=[lever])
    practice(territory, title="Rien en commun", themes=[other_theme])

    # Shared levers count too, which the themes-only fallback ignores.
    titles = related_titles(client, subject)
    assert titles[:2] == ["Même thème et levier", "Même levier"]
    # Elasticsearch's more-like-this also weighs shared words (these practices
    # share their whole summary); the database engine shared terms only.
    if get_engine().name == "database":
        assert titles == ["Même thème et levier", "Même levier"]


def test_not_yet_indexed_falls_back_to_shared_themes(client, home):
    territory = member_page()
    theme = ThemeFactory()
    subject = practice(territory, themes=[theme], indexed=False)
    sibling = practice(territory, title="Voisine", themes=[theme], indexed=False)

    assert related_titles(client, subject) == [sibling.title]
