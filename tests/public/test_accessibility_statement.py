"""The accessibility page holds the RGAA statement, consistent with the footer."""

import pytest
from rtes_site import accessibility_statement
from rtes_site.bootstrap import setup_site
from rtes_site.models import StandardPage

pytestmark = pytest.mark.django_db

SECTIONS = (
    "État de conformité",
    "Résultats des tests",
    "Contenus non accessibles",
    "Dérogations pour charge disproportionnée",
    "Établissement de cette déclaration d'accessibilité",
    "Outils et environnement de test",
    "Retour d'information et contact",
    "Voies de recours",
)


def test_statement_has_every_section_of_the_rgaa_model(client, home):
    response = client.get("/accessibilite/")
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 200
    for section in SECTIONS:
        assert f">{section}</h" in html, section
    assert "<b>non conforme</b>" in html
    assert "axe-core 4.14.1" in html
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in html
    assert f'href="mailto:{accessibility_statement.CONTACT_EMAIL}"' in html
    # The footer says the same as the statement.
    assert "Accessibilité : non conforme</a>" in html


def test_the_former_stub_is_replaced_but_an_edited_page_is_kept(home):
    page = StandardPage.objects.get(slug="accessibilite")
    page.body = accessibility_statement.FORMER_STUB
    page.save_revision().publish()
    setup_site()
    page.refresh_from_db()
    assert page.body == accessibility_statement.STATEMENT

    page.body = "<p>Déclaration mise à jour par l'équipe.</p>"
    page.save_revision().publish()
    setup_site()
    page.refresh_from_db()
    assert page.body == "<p>Déclaration mise à jour par l'équipe.</p>"
