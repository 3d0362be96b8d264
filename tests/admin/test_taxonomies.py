"""Only the RTES editorial team (and superusers) manage the taxonomies."""

import pytest
from django.urls import reverse

from practices.models import Theme
from tests.factories import ThemeFactory, practice

from .helpers import denied

MODELS = ["theme", "lever", "audience"]


def snippet_url(model, view, *args):
    return reverse(f"wagtailsnippets_practices_{model}:{view}", args=args)


@pytest.mark.parametrize("model", MODELS)
def test_editor_cannot_open_taxonomy_listing(as_editor_a, model):
    assert denied(as_editor_a.get(snippet_url(model, "list")))


@pytest.mark.parametrize("model", MODELS)
def test_editor_cannot_add_a_term(as_editor_a, model):
    response = as_editor_a.post(
        snippet_url(model, "add"), {"name": "Intrus", "slug": "intrus"}
    )
    assert denied(response)


def test_editor_cannot_rename_a_theme(as_editor_a, home):
    theme = ThemeFactory(name="Circuits courts", slug="circuits-courts")
    as_editor_a.post(
        snippet_url("theme", "edit", theme.pk), {"name": "Renommé", "slug": "x"}
    )
    assert Theme.objects.get(pk=theme.pk).name == "Circuits courts"


def test_editor_cannot_delete_a_theme(as_editor_a, home):
    theme = ThemeFactory()
    response = as_editor_a.post(snippet_url("theme", "delete", theme.pk))
    assert (denied(response), Theme.objects.filter(pk=theme.pk).exists()) == (
        True,
        True,
    )


@pytest.mark.parametrize("model", MODELS)
def test_editorial_team_adds_a_term(as_editorial, model):
    response = as_editorial.post(
        snippet_url(model, "add"),
        {"name": "Tiers-lieux", "slug": "tiers-lieux", "description": ""},
    )
    assert response.status_code == 302


def test_editorial_team_renames_a_theme(as_editorial, home):
    theme = ThemeFactory(name="Circuits courts", slug="circuits-courts")
    as_editorial.post(
        snippet_url("theme", "edit", theme.pk),
        {"name": "Circuits courts alimentaires", "slug": "circuits-courts"},
    )
    assert Theme.objects.get(pk=theme.pk).name == "Circuits courts alimentaires"


def test_editorial_team_deletes_an_unused_theme(as_editorial, home):
    theme = ThemeFactory()
    as_editorial.post(snippet_url("theme", "delete", theme.pk))
    assert not Theme.objects.filter(pk=theme.pk).exists()


def test_listing_searches_by_name(as_editorial, home):
    ThemeFactory(name="Commande publique responsable", slug="commande-publique")
    ThemeFactory(name="Mobilité", slug="mobilite")
    html = as_editorial.get(snippet_url("theme", "list"), {"q": "commande"}).content
    assert (b"Commande publique responsable" in html, "Mobilité".encode() in html) == (
        True,
        False,
    )


def test_listing_counts_practices_per_term(as_editorial, territory_a):
    theme = ThemeFactory(name="Économie circulaire", slug="economie-circulaire")
    practice(territory_a, themes=[theme])
    practice(territory_a, themes=[theme])
    ThemeFactory(name="Habitat", slug="habitat")
    response = as_editorial.get(snippet_url("theme", "list"))
    counts = {t.name: t.practice_count for t in response.context["object_list"]}
    assert (counts["Économie circulaire"], counts["Habitat"]) == (2, 0)


def test_listing_sorts_by_practice_count(as_editorial, territory_a):
    used = ThemeFactory(name="Zéro déchet", slug="zero-dechet")
    ThemeFactory(name="Alimentation", slug="alimentation")
    practice(territory_a, themes=[used])
    response = as_editorial.get(
        snippet_url("theme", "list"), {"ordering": "-practice_count"}
    )
    assert response.context["object_list"][0].name == "Zéro déchet"


def test_search_with_ordering_does_not_fail(as_editorial, home):
    response = as_editorial.get(
        snippet_url("theme", "list"), {"q": "x", "ordering": "-practice_count"}
    )
    assert response.status_code == 200


def test_taxonomies_menu_groups_the_three(as_editorial):
    html = as_editorial.get(reverse("wagtailadmin_home")).content.decode()
    assert all(snippet_url(model, "list") in html for model in MODELS)
