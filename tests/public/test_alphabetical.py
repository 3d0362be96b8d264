"""Public lists follow French alphabetical order, accents and ligatures aside
(a database's collation may put "Économie" and "Île-de-France" after Z)."""

import re

import pytest

from practices.models import Theme
from territories.models import Territory
from territories.text import alphabetical, fold
from tests.factories import member_page, practice

pytestmark = pytest.mark.django_db


def test_fold_and_alphabetical_order():
    assert fold("Œuvre Économie") == "oeuvre economie"
    names = ["Zéro déchet", "Île-de-France", "Économie circulaire", "Achats", "Idées"]
    assert alphabetical(names) == [
        "Achats",
        "Économie circulaire",
        "Idées",
        "Île-de-France",
        "Zéro déchet",
    ]


def test_a_practice_lists_its_themes_alphabetically(client, home):
    page = member_page(
        Territory.objects.create(kind="commune", code="35238", name="Rennes")
    )
    themes = [
        Theme.objects.create(slug=slug, name=name)
        for slug, name in [
            ("zero-dechet", "Zéro déchet"),
            ("economie-circulaire", "Économie circulaire"),
            ("achats", "Achats"),
        ]
    ]
    response = client.get(practice(page, themes=themes).url)
    assert [theme.name for theme in response.context["themes"]] == [
        "Achats",
        "Économie circulaire",
        "Zéro déchet",
    ]


def test_member_territories_are_listed_alphabetically(client, home):
    for code, name in [
        ("28", "Normandie"),
        ("11", "Île-de-France"),
        ("32", "Hauts-de-France"),
    ]:
        member_page(Territory.objects.create(kind="region", code=code, name=name))
    html = client.get("/territoires/").content.decode()
    listed = re.findall(r'<a href="[^"]+">([^<]+)</a></h3>', html)
    assert listed == ["Hauts-de-France", "Île-de-France", "Normandie"]
