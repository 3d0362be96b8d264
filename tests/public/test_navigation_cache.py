"""The site menu is cached; every change to the pages under the root shows at once."""

import pytest
from rtes_site.models import StandardPage
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def menu_titles(client) -> list[str]:
    response = client.get("/")
    assert response.status_code == 200
    return [item.title for item in response.context["nav"].menu]


@pytest.fixture
def about(home):
    page = home.add_child(
        instance=StandardPage(title="À propos du réseau", slug="a-propos")
    )
    page.show_in_menus = True
    page.save_revision().publish()
    return page


def rename_silently(page, title: str) -> None:
    """Change a title without any signal, as a stale cache would hide."""
    Page.objects.filter(pk=page.pk).update(title=title)


def test_menu_is_served_from_the_cache(client, about):
    assert "À propos du réseau" in menu_titles(client)
    rename_silently(about, "Titre changé en douce")
    # No signal: the cached menu still names the page as it was.
    assert "À propos du réseau" in menu_titles(client)


def test_publishing_shows_in_the_menu(client, about):
    menu_titles(client)
    about.title = "Qui sommes-nous"
    about.save_revision().publish()
    assert "Qui sommes-nous" in menu_titles(client)


def test_a_new_page_in_the_menu_appears(client, home, about):
    menu_titles(client)
    page = home.add_child(instance=StandardPage(title="Adhérer", slug="adherer"))
    page.show_in_menus = True
    page.save_revision().publish()
    assert "Adhérer" in menu_titles(client)


def test_unpublishing_removes_from_the_menu(client, about):
    assert "À propos du réseau" in menu_titles(client)
    about.unpublish()
    assert "À propos du réseau" not in menu_titles(client)


def test_moving_out_of_the_root_removes_from_the_menu(client, home, about):
    other = home.add_child(instance=StandardPage(title="Ressources", slug="ressources"))
    assert "À propos du réseau" in menu_titles(client)
    about.move(other, pos="last-child")
    assert "À propos du réseau" not in menu_titles(client)


def test_deleting_removes_from_the_menu(client, about):
    assert "À propos du réseau" in menu_titles(client)
    about.delete()
    assert "À propos du réseau" not in menu_titles(client)
