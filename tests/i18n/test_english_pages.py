"""Under /en/, the interface is English everywhere, and `lang` says what is French.

The French catalogue's translations are the interface's French: none may show
on an English page outside an element marked `lang="fr"` (editorial content,
always French). Interface labels (the menu's Home, Member territories, Search)
are English and carry no `lang="fr"`.
"""

import gettext
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from rtes_site.models import StandardPage

from tests.factories import TerritoryFactory, member_page, practice

from .test_translations import FR_MO

pytestmark = pytest.mark.django_db
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}
LABEL_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "value")


def french_interface_strings() -> set[str]:
    """Translations that differ from their English msgid and read as French."""
    with FR_MO.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)._catalog
    english = {key if isinstance(key, str) else key[0] for key in catalog}
    return {
        text.strip()
        for key, text in catalog.items()
        if key
        and "%" not in text
        and "\n" not in text
        and len(text.strip()) > 3
        and text.strip() not in english
    }


class TextByLanguage(HTMLParser):
    """Text nodes and label attributes with the language of their element."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.found: list[tuple[str, str, str]] = []  # (lang, text, where)
        self.skip = 0

    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or self.lang()
        for name in LABEL_ATTRIBUTES:
            if attrs.get(name) and not (tag == "input" and name == "value"):
                self.found.append((lang, attrs[name].strip(), f"{tag}[{name}]"))
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.skip and data.strip():
            where = self.stack[-1][0] if self.stack else ""
            self.found.append((self.lang(), " ".join(data.split()), where))


def french_outside_lang_fr(html: str, french: set[str]) -> list[str]:
    parser = TextByLanguage()
    parser.feed(html)
    return [
        f"{text!r} in <{where}>"
        for lang, text, where in parser.found
        if text in french and not lang.startswith("fr")
    ]


@pytest.fixture
def site_content(home):
    territory = member_page(
        TerritoryFactory(name="Val-de-Marne", code="94"),
        contact_email="ess@valdemarne.example",
    )
    page = practice(territory, title="Clauses sociales", contact_email="c@x.example")
    about = home.add_child(instance=StandardPage(title="À propos", slug="a-propos"))
    about.show_in_menus = True
    about.save_revision().publish()
    return {"territory": territory, "practice": page, "about": about}


def english_paths(site_content) -> list[str]:
    territory, page = site_content["territory"], site_content["practice"]
    return [
        "/en/",
        "/en/territoires/",
        f"/en{territory.url}",
        f"/en{page.url}",
        "/en/accessibilite/",
        "/en/a-propos/",
        "/en/recherche/",
        "/en/recherche/?q=clauses",
        "/en/abonnements/",
        "/en/devenir-membre/",
        "/en/devenir-membre/merci/",
        "/en/connexion/",
    ]


def test_english_pages_show_no_french_interface_text(client, site_content):
    french = french_interface_strings()
    assert {"Accueil", "Territoires membres", "Rechercher"} <= french
    leaks = {}
    for path in english_paths(site_content):
        response = client.get(path)
        assert response.status_code == 200, path
        found = french_outside_lang_fr(response.content.decode(), french)
        if found:
            leaks[path] = found
    assert leaks == {}


def test_english_forms_with_errors_stay_english(client, site_content):
    french = french_interface_strings()
    for path, data in (
        ("/en/connexion/", {"username": "x", "password": "y"}),
        ("/en/devenir-membre/", {"name": "", "email": "nope"}),
    ):
        response = client.post(path, data)
        assert response.status_code == 400
        html = response.content.decode()
        assert french_outside_lang_fr(html, french) == [], path
        assert 'lang="en"' in html.split(">")[1]


def menu_items(html: str) -> list[tuple[str, str]]:
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    parser = TextByLanguage()
    parser.feed(nav)
    return [(lang, text) for lang, text, where in parser.found if where == "a"]


def test_english_menu_labels_and_their_lang(client, site_content):
    html = client.get("/en/").content.decode()
    assert menu_items(html) == [
        ("", "Home"),
        ("", "Member territories"),
        ("fr", "À propos"),  # an editor's page: its French title, marked so
        ("", "Search"),
    ]


def test_french_menu_has_no_lang_attribute(client, site_content):
    html = client.get("/").content.decode()
    assert menu_items(html) == [
        ("", "Accueil"),
        ("", "Territoires membres"),
        ("", "À propos"),
        ("", "Rechercher"),
    ]
    assert reverse("search") == "/recherche/"
