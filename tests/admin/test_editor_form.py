"""The practice editor reads what a French territory officer types (issue 12):
dates as 01/09/2026 or "1 septembre 2026", amounts as "120 000 €"; it refuses,
with a message on the field, what it cannot read and an end before the start."""

import datetime
import json

import pytest
from django.urls import reverse

from practices.fields import parse_date
from practices.models import PracticePage
from tests.factories import TerritoryFactory, ThemeFactory, practice

from .helpers import add_url, create_practice, edit_practice, latest

NBSP = "\N{NO-BREAK SPACE}"
NNBSP = "\N{NARROW NO-BREAK SPACE}"


def saved(title):
    return PracticePage.objects.get(title=title)


@pytest.mark.parametrize(
    "typed",
    [
        "01/09/2026",
        "1/9/2026",
        "01.09.2026",
        "01-09-2026",
        "01/09/26",
        "1 septembre 2026",
        "1er septembre 2026",
        "1 Septembre 2026",
        "1 sept. 2026",
        "lundi 1 septembre 2026",
        "septembre 2026",
        "2026-09-01",
        "  01/09/2026 ",
    ],
)
def test_french_dates_are_read(as_editor_a, territory_a, typed):
    response = create_practice(
        as_editor_a, territory_a, title="Fiche datée", start_date=typed
    )
    assert response.status_code == 302, response.context["form"].errors
    assert saved("Fiche datée").start_date == datetime.date(2026, 9, 1)


def test_month_names_with_and_without_accents():
    assert parse_date("15 août 2025") == datetime.date(2025, 8, 15)
    assert parse_date("15 aout 2025") == datetime.date(2025, 8, 15)
    assert parse_date("3 février 2024") == datetime.date(2024, 2, 3)
    assert parse_date("3 févr. 2024") == datetime.date(2024, 2, 3)
    assert parse_date("31 décembre 2024") == datetime.date(2024, 12, 31)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("demain", "n'est pas une date"),
        ("1 septembr 2026", "n'est pas une date"),
        ("31/02/2026", "Cette date n'existe pas"),
        ("01/13/2026", "Cette date n'existe pas"),
        ("01/09/0226", "L'année 226"),
        ("2026-09", "n'est pas une date"),
    ],
)
def test_unreadable_date_is_an_error_on_the_field(
    as_editor_a, territory_a, typed, message
):
    response = create_practice(
        as_editor_a, territory_a, title="Fiche mal datée", start_date=typed
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors["start_date"])
    # What was typed stays in the field, to be corrected, never replaced.
    assert f'value="{typed}"' in response.content.decode().replace("&#x27;", "'")


def test_end_before_start_is_refused_on_the_end_date(as_editor_a, territory_a):
    response = create_practice(
        as_editor_a,
        territory_a,
        title="Fiche à l'envers",
        start_date="01/09/2026",
        end_date="31/08/2026",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["end_date"]
    assert (
        "La date de fin précède la date de début (01/09/2026)" in errors["end_date"][0]
    )


def test_end_on_or_after_start_is_accepted(as_editor_a, territory_a):
    create_practice(
        as_editor_a,
        territory_a,
        title="Fiche bornée",
        start_date="1 septembre 2026",
        end_date="01/09/2026",
    )
    page = saved("Fiche bornée")
    assert (page.start_date, page.end_date) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 9, 1),
    )


def test_end_before_start_refused_when_editing_too(as_editor_a, territory_a):
    page = practice(territory_a, start_date=datetime.date(2026, 9, 1))
    response = edit_practice(
        as_editor_a, page, start_date="01/09/2026", end_date="01/01/2020"
    )
    assert "end_date" in response.context["form"].errors
    assert latest(page).end_date is None


def test_dates_show_in_french_in_the_form(as_editor_a, territory_a):
    page = practice(territory_a, start_date=datetime.date(2026, 9, 1))
    html = as_editor_a.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = html.content.decode()
    assert 'value="01/09/2026"' in html
    assert "2026-09-01" not in html.split('name="start_date"')[1][:200]
    assert 'placeholder="jj/mm/aaaa"' in html
    # The picker keeps what is typed: it never rewrites an unreadable text.
    assert '"validateOnBlur": false' in html


@pytest.mark.parametrize(
    "typed",
    ["120000", "120 000", f"120{NBSP}000", f"120{NNBSP}000", "120 000 €", "120000€"],
)
def test_budget_accepts_spaces_and_the_euro_sign(as_editor_a, territory_a, typed):
    response = create_practice(
        as_editor_a, territory_a, title="Fiche chiffrée", budget=typed
    )
    assert response.status_code == 302, response.context["form"].errors
    assert saved("Fiche chiffrée").budget == 120_000


@pytest.mark.parametrize("typed", ["cent mille", "-5", "12,5"])
def test_unreadable_budget_is_an_error(as_editor_a, territory_a, typed):
    response = create_practice(
        as_editor_a, territory_a, title="Fiche mal chiffrée", budget=typed
    )
    assert response.status_code == 200
    assert "budget" in response.context["form"].errors


def test_budget_shows_grouped_with_its_unit(as_editor_a, territory_a):
    page = practice(territory_a, budget=120_000)
    html = as_editor_a.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    html = html.content.decode()
    assert f'value="120{NBSP}000"' in html
    assert 'class="rtes-unit-input__unit" aria-hidden="true">€<' in html
    assert "Budget annuel en euros" in html


def test_indicator_value_accepts_spaces_and_a_comma(as_editor_a, territory_a):
    response = create_practice(
        as_editor_a,
        territory_a,
        title="Fiche indicateurs",
        **{"indicators-0-value": "12 000,5"},
    )
    assert response.status_code == 302, response.context["form"].errors
    indicator = saved("Fiche indicateurs").indicators.get()
    assert str(indicator.value) == "12000.50"


@pytest.mark.parametrize(("typed", "stored"), [("2", "2 ETP"), ("1,5", "1,5 ETP")])
def test_bare_staff_number_is_in_full_time_equivalents(
    as_editor_a, territory_a, typed, stored
):
    create_practice(as_editor_a, territory_a, title="Fiche ETP", staff=typed)
    assert saved("Fiche ETP").staff == stored


def test_taxonomies_are_checkboxes_with_counts_and_a_filter(as_editor_a, territory_a):
    used = ThemeFactory(name="Insertion", slug="insertion")
    ThemeFactory(name="Économie circulaire", slug="economie-circulaire")
    practice(territory_a, themes=[used])
    practice(territory_a, themes=[used])
    practice(territory_a, live=False, themes=[used])  # a draft is not counted
    response = as_editor_a.get(add_url(territory_a))
    page = response.content.decode()
    assert "js/admin-checkbox-filter.js" in page
    # The form itself (not the templates of the inline panels' scripts).
    html = page[page.index('type="checkbox" name="themes"') - 2000 :]
    assert "Insertion (2 fiches)" in html
    assert "Économie circulaire (0 fiche)" in html
    # French order: "Économie" among the E, before "Insertion".
    assert html.index("Économie circulaire (") < html.index("Insertion (")
    assert "data-rtes-filter" in html


def test_partner_territories_are_real_ones_members_first(as_editor_a, territory_a):
    TerritoryFactory(kind="region", code="75", name="Nouvelle-Aquitaine")
    taaf = TerritoryFactory(kind="departement", code="984", name="Terres australes")
    clipperton = TerritoryFactory(kind="departement", code="989", name="Clipperton")
    spm = TerritoryFactory(kind="region", code="975", name="Saint-Pierre")
    spm_commune = TerritoryFactory(
        kind="commune", code="97502", name="Saint-Pierre", departement=spm
    )
    response = as_editor_a.get(add_url(territory_a))
    field = response.context["form"].fields["partner_territories"]
    offered = set(field.queryset)
    assert territory_a.territory in offered
    assert not offered & {taaf, clipperton, spm, spm_commune}
    groups = [heading for heading, _options in field.widget.choices]
    assert [str(g) for g in groups[:2]] == ["Territoires membres du RTES", "Régions"]
    member_ids = {pk for pk, _label in field.widget.choices[0][1]}
    assert territory_a.territory.pk in member_ids
    html = response.content.decode()
    assert "data-rtes-filter-shortlist" in html
    assert "Terres australes" not in html


def test_partner_already_linked_stays_offered(as_editor_a, territory_a):
    taaf = TerritoryFactory(kind="departement", code="984", name="Terres australes")
    page = practice(territory_a)
    page.partner_territories.set([taaf])
    page.save_revision()
    response = as_editor_a.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert taaf in set(response.context["form"].fields["partner_territories"].queryset)


def test_blocks_are_named_in_the_add_menu(as_editor_a, territory_a):
    html = as_editor_a.get(add_url(territory_a)).content.decode()
    for label in ("Intertitre", "Paragraphe", "Image", "Citation", "Étape"):
        escaped = json.dumps(label)[1:-1]  # "\\u00c9tape"
        assert f"&quot;label&quot;: &quot;{escaped}&quot;" in html, label
    for group in ("Texte", "Images et citations"):
        assert f"[&quot;{group}&quot;, [" in html, group


def test_empty_inline_form_with_a_page_error_is_a_form_error(as_editor_a, territory_a):
    """Found by test_malformed_posts: an indicator form posted empty while the
    page form has an error made Wagtail's InlinePanel fail (KeyError: 'ORDER')."""
    response = create_practice(
        as_editor_a,
        territory_a,
        title="Fiche à deux indicateurs",
        start_date="demain",
        **{"indicators-TOTAL_FORMS": "2"},
    )
    assert response.status_code == 200
    assert "start_date" in response.context["form"].errors
