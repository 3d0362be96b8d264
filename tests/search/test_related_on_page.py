"""The practice page lists the practices the search engine finds most alike."""

from search.indexing import index_practices
from tests.factories import LeverFactory, ThemeFactory, member_page, practice


def test_related_practices_come_from_the_engine(client, home):
    territory = member_page()
    theme, other_theme = ThemeFactory(), ThemeFactory()
    lever = LeverFactory()
    subject = practice(territory, title="Sujet", themes=[theme], levers=[lever])
    by_theme_and_lever = practice(
        territory, title="Même thème et levier", themes=[theme], levers=[lever]
    )
    by_lever = practice(territory, title="Même levier", levers=[lever])
    practice(territory, title="Rien en commun", themes=[other_theme])
    index_practices([subject.pk, by_theme_and_lever.pk, by_lever.pk])

    related = client.get(subject.url).context["related_practices"]

    # Shared levers count too, which the themes-only fallback ignores.
    assert [p.title for p in related] == ["Même thème et levier", "Même levier"]


def test_not_yet_indexed_falls_back_to_shared_themes(client, home):
    territory = member_page()
    theme = ThemeFactory()
    subject = practice(territory, themes=[theme])
    sibling = practice(territory, themes=[theme])
    related = client.get(subject.url).context["related_practices"]
    assert related == [sibling]
