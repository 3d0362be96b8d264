"""The page editor works under the admin's content security policy."""

import datetime

import pytest

from practices.models import PracticePage
from tests.factories import editor_of, member_page

# The live server reads committed data; see test_search_page.py.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "un mot de passe assez long"


def test_editor_signs_in_and_fills_a_practice_without_console_error(tab, search_site):
    territory = member_page()
    editor = editor_of(territory, username="camille")
    editor.set_password(PASSWORD)
    editor.save()
    page = tab.page
    tab.goto("/admin/login/")
    page.fill("#id_username", "camille")
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{tab.base_url}/admin/")
    tab.goto(f"/admin/pages/add/practices/practicepage/{territory.pk}/")
    page.fill("#id_title", "Une fiche saisie dans le navigateur")
    # Adding an inline form runs the scripts of the new form (its date and
    # chooser widgets): the policy must let them run.
    page.get_by_role("button", name="Ajouter un(e) indicateur").click()
    page.locator("#id_indicators-0-label").fill("Heures d'insertion")
    page.get_by_role("button", name="Ajouter un(e) document").click()
    # The chooser of the new form opens its modal, listing the collection.
    chooser = page.locator("#id_documents-0-document-chooser")
    chooser.get_by_role("button", name="Choisir un document").click()
    page.locator(".modal-content").get_by_text("Choisir un document").first.wait_for()
    assert tab.console_errors == []
    assert tab.foreign_requests() == []


def sign_in(tab, territory, username="dominique"):
    editor = editor_of(territory, username=username)
    editor.set_password(PASSWORD)
    editor.save()
    page = tab.page
    tab.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(f"{tab.base_url}/admin/")
    return page


def start_a_practice(tab, territory, title):
    page = tab.page
    tab.goto(f"/admin/pages/add/practices/practicepage/{territory.pk}/")
    page.fill("#id_title", title)
    page.fill("#id_summary", "Une fiche saisie au clavier.")
    return page


def type_date(page, selector, text):
    """Type as a person does, key by key, then leave the field."""
    field = page.locator(selector)
    field.click()
    field.press_sequentially(text)
    page.keyboard.press("Escape")  # closes the date picker
    page.locator("#id_title").click()  # the date field loses focus
    return field


def save_draft(page):
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state("load")


def test_a_french_date_typed_in_the_editor_is_kept_and_stored(tab, search_site):
    territory = member_page()
    page = sign_in(tab, territory)
    start_a_practice(tab, territory, "Une fiche datée à la française")
    field = type_date(page, "#id_start_date", "01/09/2026")
    assert field.input_value() == "01/09/2026"
    words = type_date(page, "#id_end_date", "1 septembre 2027")
    assert words.input_value() == "1 septembre 2027"
    save_draft(page)
    page.wait_for_url("**/edit/")
    stored = PracticePage.objects.get(title="Une fiche datée à la française")
    assert (stored.start_date, stored.end_date) == (
        datetime.date(2026, 9, 1),
        datetime.date(2027, 9, 1),
    )
    # Shown back the French way.
    assert page.locator("#id_start_date").input_value() == "01/09/2026"
    assert page.locator("#id_end_date").input_value() == "01/09/2027"
    assert tab.console_errors == []


def test_an_unreadable_date_is_an_error_never_replaced(tab, search_site):
    territory = member_page()
    page = sign_in(tab, territory)
    start_a_practice(tab, territory, "Une fiche mal datée")
    field = type_date(page, "#id_start_date", "1 septembr 2026")
    assert field.input_value() == "1 septembr 2026"  # not today's date
    save_draft(page)
    error = page.get_by_text("n'est pas une date lisible")
    error.first.wait_for()
    assert page.locator("#id_start_date").input_value() == "1 septembr 2026"
    assert page.locator("#id_start_date").get_attribute("aria-invalid") == "true"
    assert not PracticePage.objects.filter(title="Une fiche mal datée").exists()


def test_taxonomy_filter_box_narrows_the_checkboxes(tab, search_site):
    territory = member_page()
    page = sign_in(tab, territory)
    start_a_practice(tab, territory, "Une fiche classée")
    themes = page.locator("[data-rtes-filter]").filter(
        has=page.locator('input[name="themes"]')
    )
    themes.get_by_role("searchbox").fill("econ circ")
    visible = themes.locator('input[name="themes"]:visible')
    assert visible.count() == 1
    assert "Économie circulaire" in themes.locator("label:visible").first.inner_text()
    status = themes.locator("[data-rtes-filter-status]")
    assert status.inner_text().startswith("0 sélectionné ·")  # singular in French
    assert status.inner_text().endswith("· 1 affiché")
    themes.get_by_label("Économie circulaire", exact=False).check()
    assert "1 sélectionné" in themes.locator("[data-rtes-filter-status]").inner_text()
