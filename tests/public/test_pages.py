"""Every public page renders, in French, with the content a visitor expects."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.utils.dateformat import format as date_format
from django.utils.timezone import localdate
from wagtail.documents.models import Document

from practices.models import PracticeDocument, PracticeIndicator, PracticePartner
from search.engines import get_engine
from search.listing import related_practices
from tests.factories import practice

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The response body with tags removed and spaces collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_home_shows_intro_counts_latest_practices_and_themes(client, network):
    practice(
        network.departement_page,
        title="Achats responsables du Val-de-Marne",
        summary="Une clause sociale dans les marchés du département.",
        themes=[network.procurement, network.iae],
    )
    practice(network.commune_page, title="Recyclerie de Rennes", themes=[network.iae])
    practice(network.commune_page, title="Brouillon caché", live=False)

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    text = text_of(response)
    assert "Réseau des Territoires pour l'Économie Solidaire" in text  # intro
    assert "Achats responsables du Val-de-Marne" in text
    assert "Une clause sociale dans les marchés du département." in text
    assert "Val-de-Marne" in text
    assert "Brouillon caché" not in text
    assert re.search(r"key-figures__value\">5<", html)  # members
    assert re.search(r"key-figures__value\">2<", html)  # live practices
    # Counts by theme link into the search page filtered by the theme.
    assert 'href="/recherche/?theme=iae"' in html
    assert 'href="/recherche/?theme=achats-responsables"' in html
    assert 'href="/recherche/"' in html
    assert 'href="/territoires/"' in html


def test_base_layout_is_accessible(client, home):
    html = client.get("/recherche/").content.decode()

    assert '<a class="skip-link" href="#contenu">' in html
    assert '<main id="contenu"' in html
    assert re.search(r'<a href="/recherche/" aria-current="page">', html)
    assert 'href="/accessibilite/"' in html
    assert 'href="/connexion/"' in html  # the members' sign-in, not the admin's
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en"' in html


def test_language_switch_goes_to_english_and_back(client, home):
    form_next = re.search(
        r'name="next" value="([^"]*)"', client.get("/territoires/").content.decode()
    ).group(1)
    assert form_next == "/territoires/"

    response = client.post("/i18n/setlang/", {"language": "en", "next": form_next})
    assert response.status_code == 302
    assert response["Location"] == "/en/territoires/"
    english = client.get("/en/territoires/")
    assert english.status_code == 200
    assert '<html lang="en">' in english.content.decode()

    # From the English page the form again carries the French URL, so that the
    # switch back to French works whatever the language cookie says.
    english_next = re.search(
        r'name="next" value="([^"]*)"', english.content.decode()
    ).group(1)
    assert english_next == "/territoires/"
    back = client.post("/i18n/setlang/", {"language": "fr", "next": english_next})
    assert back["Location"] == "/territoires/"


def test_territories_list_groups_members_by_kind_with_practice_counts(client, network):
    practice(network.commune_page)
    practice(network.commune_page)
    practice(network.commune_page, live=False)

    response = client.get("/territoires/")

    assert response.status_code == 200
    html = response.content.decode()
    headings = re.findall(r'<h2 id="([^"]+)"', html)
    assert headings == [
        "territory-kinds",
        "region",
        "departement",
        "epci-CC",
        "epci-CA",
        "commune",
    ]
    # UI wording is translated later: check the figures, not the words.
    counts = dict(
        re.findall(
            r'<a href="[^"]+">([^<]+)</a></h3>.*?card__count">(\d+) ', html, re.S
        )
    )
    assert counts == {
        "Île-de-France": "0",
        "Val-de-Marne": "0",
        "Communauté de communes du Pays de Landerneau": "0",
        "Grand Paris Sud Est Avenir": "0",
        "Rennes": "2",
    }
    assert f'href="{network.commune_page.url}"' in html


def test_territory_page_shows_presentation_membership_and_live_practices(
    client, network
):
    page = network.departement_page
    page.website = "https://www.valdemarne.fr"
    page.contact_name = "Service ESS"
    page.contact_email = "ess@valdemarne.fr"
    page.membership_date = datetime.date(2009, 3, 1)
    page.save_revision().publish()
    practice(page, title="Equi'val, salon de l'économie solidaire")
    practice(page, title="Fiche en cours de rédaction", live=False)

    response = client.get(page.url)

    assert response.status_code == 200
    text = text_of(response)
    assert "Un département engagé pour l'ESS." in text
    assert "1 mars 2009" in text
    assert "https://www.valdemarne.fr" in text
    # The contact is for the network's members (tests/members): hidden here.
    assert "ess@valdemarne.fr" not in text
    assert "Les coordonnées sont réservées aux membres du réseau." in text
    assert "Equi'val, salon de l'économie solidaire" in text
    assert "Fiche en cours de rédaction" not in text


@pytest.fixture
def full_practice(network):
    page = practice(
        network.departement_page,
        title="Commande publique responsable",
        summary="Le département intègre des clauses sociales dans ses marchés.",
        themes=[network.procurement],
        levers=[network.clause],
        audiences=[network.youth],
        context="<p>La réforme du code des marchés publics de 2006.</p>",
        objectives="<p>Faire de l'achat public un levier d'insertion.</p>",
        description=[
            ("heading", "Une ingénierie dédiée"),
            ("paragraph", "<p>Un facilitateur accompagne les services.</p>"),
            ("quote", {"quote": "L'achat public est politique.", "author": "C. H."}),
        ],
        steps=[
            (
                "step",
                {"title": "Diagnostic des achats", "period": "2008", "description": ""},
            ),
            (
                "step",
                {"title": "Premiers marchés", "period": "2009", "description": ""},
            ),
        ],
        start_date=datetime.date(2008, 9, 1),
        status="ongoing",
        budget=1234567,
        staff="2 ETP",
        funding_sources="Fonds propres du département",
        results="<p>Des heures d'insertion en hausse.</p>",
        lessons="<p>Former les acheteurs d'abord.</p>",
        transferability="<p>Un service achats structuré.</p>",
        contact_name="Camille Dupont",
        contact_role="Chargée de mission ESS",
        contact_email="camille.dupont@valdemarne.fr",
        last_reviewed=datetime.date(2024, 1, 15),
    )
    # As an editor does: inline items in memory, then one published revision.
    page.indicators.add(
        PracticeIndicator(
            label="Heures d'insertion", value=Decimal("45000"), unit="h", year=2010
        ),
        PracticeIndicator(
            label="Part des marchés", value=Decimal("12.50"), unit="%", year=2010
        ),
    )
    page.partners.add(PracticePartner(name="Réseau Cocagne", kind="ess"))
    page.partner_territories.add(network.idf)
    document = Document.objects.create(
        title="Délibération du conseil départemental",
        file=ContentFile(b"%PDF-1.4 demo", name="deliberation.pdf"),
    )
    page.documents.add(PracticeDocument(document=document, kind="deliberation"))
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_practice_page_shows_its_sections_in_order(client, full_practice, network):
    response = client.get(full_practice.url)

    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    section_ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert section_ids[:11] == [
        "summary",
        "context",
        "objectives",
        "description",
        "steps",
        "resources",
        "partners",
        "results",
        "lessons",
        "transfer",
        "documents",
    ]
    # Taxonomy links into the filtered catalogue.
    assert 'href="/recherche/?theme=achats-responsables"' in html
    assert 'href="/recherche/?lever=clause-sociale"' in html
    assert 'href="/recherche/?audience=jeunes"' in html
    assert f'href="{network.departement_page.url}"' in html
    # Budget in euros, French number format (narrow no-break spaces).
    assert re.search("1[\u00a0\u202f]234[\u00a0\u202f]567\u00a0€", html)
    # Indicators table.
    assert "<caption>" in html and '<th scope="col"' in html
    assert re.search("45[\u00a0\u202f]000 h", html)
    assert "12,5 %" in html
    assert "Réseau Cocagne" in text
    assert f'href="{network.region_page.url}">Île-de-France</a>' in html
    assert "Délibération du conseil départemental" in text
    assert "PDF" in text
    assert "Une ingénierie dédiée" in text and "L'achat public est politique." in text
    assert "Diagnostic des achats" in text
    # Last checked: the review date or the publication, whichever is later.
    assert f"Dernière vérification {date_format(localdate(), 'j F Y')}" in text


def test_contact_is_hidden_from_signed_out_visitors(client, full_practice):
    html = client.get(full_practice.url).content.decode()

    assert "Camille Dupont" not in html
    assert "camille.dupont@valdemarne.fr" not in html
    assert "Chargée de mission ESS" not in html
    assert f'href="/connexion/?next={full_practice.url}' in html


def test_contact_is_shown_to_signed_in_members(client, full_practice, member_user):
    client.force_login(member_user)

    html = client.get(full_practice.url).content.decode()

    assert "Camille Dupont" in html
    # The address itself is never shown: members write through the site's form.
    assert "camille.dupont@valdemarne.fr" not in html
    assert f'action="/pratiques/{full_practice.pk}/contacter/"' in html


def test_related_practices_are_ordered_by_shared_themes(client, network):
    t1, t2, t3 = network.procurement, network.iae, network.circular
    page = practice(network.region_page, title="Source", themes=[t1, t2, t3])
    one = practice(network.commune_page, title="Un thème commun", themes=[t1])
    three = practice(network.cc_page, title="Trois thèmes", themes=[t1, t2, t3])
    two = practice(network.agglo_page, title="Deux thèmes", themes=[t2, t3])
    practice(network.agglo_page, title="Aucun thème commun")
    practice(network.agglo_page, title="Brouillon lié", themes=[t1, t2, t3], live=False)

    titles = [card.title for card in related_practices(page)]
    assert titles[:3] == [three.title, two.title, one.title]
    html = client.get(page.url).content.decode()
    related = html[html.index('id="related"') :]
    assert related.index("Trois thèmes") < related.index("Deux thèmes")
    assert related.index("Deux thèmes") < related.index("Un thème commun")
    assert "Brouillon lié" not in html
    # Elasticsearch's more-like-this also weighs shared words (these practices
    # share their whole summary); the database engine counts shared terms only.
    if get_engine().name == "database":
        assert len(titles) == 3
        assert "Aucun thème commun" not in html


def test_draft_practice_is_not_served(client, network):
    draft = practice(network.commune_page, title="Pas encore publiée", live=False)

    url = f"/territoires/{network.commune_page.slug}/{draft.slug}/"
    assert client.get(url).status_code == 404


def test_standard_page_renders(client, home):
    response = client.get("/accessibilite/")

    assert response.status_code == 200
    assert "RGAA" in text_of(response)


def test_404_page_is_in_french(client, home):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert '<main id="contenu"' in html and "<h1>" in html


def test_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")

    assert "<main" in html and "<h1>" in html


def test_preview_of_unsaved_changes_renders(full_practice, network):
    """Editors preview a practice whose themes and indicators are still in memory."""
    full_practice.title = "Titre en cours de relecture"
    full_practice.themes.add(network.circular)
    full_practice.indicators.add(
        PracticeIndicator(label="Indicateur non publié", value=Decimal("3"))
    )

    response = full_practice.make_preview_request()

    assert response.status_code == 200
    if hasattr(response, "render"):
        response.render()  # a TemplateResponse
    html = response.content.decode()
    assert "Titre en cours de relecture" in html
    assert "Indicateur non publié" in html
    assert 'href="/recherche/?theme=economie-circulaire"' in html


def test_french_content_is_marked_as_such_on_english_pages(client, network):
    practice(network.commune_page, title="Recyclerie de Rennes", themes=[network.iae])

    english = client.get("/en/recherche/").content.decode()
    french = client.get("/recherche/").content.decode()
    english_territory = client.get(f"/en{network.commune_page.url}").content.decode()

    assert '<article class="card" lang="fr">' in english
    assert '<article class="card">' in french
    assert f'<h1 lang="fr">{network.commune_page.title}</h1>' in english_territory


def test_a_form_with_too_many_fields_gets_the_sites_400_page(client, home, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = {f"field{n}": "x" for n in range(20)}
    client.raise_request_exception = False  # Django answers; the client would re-raise

    response = client.post("/abonnements/", fields)

    assert response.status_code == 400
    html = response.content.decode()
    assert '<html lang="fr">' in html and "<h1>Requête incomprise</h1>" in html
