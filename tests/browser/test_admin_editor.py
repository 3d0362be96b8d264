"""The page editor works under the admin's content security policy."""

import pytest

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
