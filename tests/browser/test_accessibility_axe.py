"""axe-core on every public page type: no WCAG 2.1 A/AA violation.

axe-core is vendored (tests/browser/vendor/axe-core, from the npm package) and
injected by Playwright; the browser context bypasses the site's CSP for that
one injected script (the site itself allows no inline script). The results
per page are printed, for the accessibility statement.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from PIL import Image as PILImage
from rtes_site.members import MEMBERS_GROUP_NAME
from rtes_site.models import StandardPage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from practices.models import PracticeDocument
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
# WCAG 2.0/2.1 levels A and AA: what RGAA 4.1 maps to.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "un mot de passe assez long"


def png() -> ContentFile:
    out = io.BytesIO()
    PILImage.new("RGB", (800, 450), "#00594f").save(out, format="PNG")
    return ContentFile(out.getvalue(), name="photo.png")


@pytest.fixture
def full_site(search_site):
    """The search site, with what a real practice page holds: image, document,
    contacts, and a member account."""
    page = search_site.practices["achats"]
    territory = page.get_parent().specific
    territory.contact_name, territory.contact_email = "Service ESS", "ess@x.example"
    territory.save_revision().publish()
    image = get_image_model().objects.create(
        title="Chantier",
        description="Un chantier d'insertion",
        file=png(),
        collection=territory.collection,
    )
    document = get_document_model().objects.create(
        title="Délibération",
        file=ContentFile(b"%PDF-1.4\n", name="d.pdf"),
        collection=territory.collection,
    )
    page = page.specific
    page.image = image
    page.contact_name, page.contact_email = "Camille Martin", "camille@x.example"
    page.documents.add(PracticeDocument(document=document, kind="deliberation"))
    page.save_revision().publish()
    home = StandardPage.objects.get(slug="accessibilite").get_parent()
    home.add_child(
        instance=StandardPage(
            title="À propos", slug="a-propos", body="<h2>Le réseau</h2><p>Texte.</p>"
        )
    )
    member = UserFactory(username="membre")
    member.set_password(PASSWORD)
    member.save()
    member.groups.add(Group.objects.get(name=MEMBERS_GROUP_NAME))
    return {"practice": page, "territory": territory}


def page_paths(site) -> dict[str, str]:
    return {
        "home": "/",
        "catalogue": "/recherche/",
        "search results": "/recherche/?q=%C3%A9conomie+solidaire",
        "search with facets": "/recherche/?q=&theme=insertion",
        "practice page": site["practice"].url,
        "territory index": "/territoires/",
        "territory page": site["territory"].url,
        "standard page (accessibility)": "/accessibilite/",
        "standard page (about)": "/a-propos/",
        "subscribe page": "/abonnements/",
        "member request page": "/devenir-membre/",
        "member request sent": "/devenir-membre/merci/",
        "login page": "/connexion/",
        "not found page": "/nulle-part/",
        "English home": "/en/",
        "English practice page": "/en" + site["practice"].url,
    }


def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    # Proof that axe ran its rules on the page (not an empty or blocked run).
    assert len(result["passes"]) >= 15, result["passes"]
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]


@pytest.fixture
def axe_tab(chromium, live_server, full_site):
    context = chromium.new_context(locale="fr-FR", bypass_csp=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page, live_server.url
    context.close()


def report(results: dict) -> None:
    print("\naxe-core", AXE.parent.name, "tags", ",".join(TAGS))
    for name, violations in results.items():
        print(f"  {name}: {len(violations)} violation(s)", json.dumps(violations))


def test_no_axe_violation_on_any_public_page(axe_tab, full_site):
    page, base = axe_tab
    results = {}
    for name, path in page_paths(full_site).items():
        page.goto(base + path)
        results[name] = run_axe(page)
    report(results)
    assert {name: v for name, v in results.items() if v} == {}


def test_no_axe_violation_on_forms_with_errors_and_signed_in(axe_tab, full_site):
    page, base = axe_tab
    results = {}
    page.goto(base + "/devenir-membre/")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_selector("#error-summary")
    results["member request with errors"] = run_axe(page)
    page.goto(base + "/connexion/")
    page.get_by_label("Nom d’utilisateur").fill("membre")
    page.get_by_label("Mot de passe").fill("mauvais")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_selector("#error-summary")
    results["login with errors"] = run_axe(page)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/")
    page.goto(base + full_site["practice"].url)
    # The contact's address is never shown: members write through a form.
    assert "camille@x.example" not in page.content()
    assert page.get_by_label("Objet").is_visible()
    results["practice page, signed-in member"] = run_axe(page)
    page.get_by_role("button", name="Envoyer le message").click()
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    results["contact form with errors"] = run_axe(page)
    page.goto(base + full_site["territory"].url)
    results["territory page, signed-in member"] = run_axe(page)
    report(results)
    assert {name: v for name, v in results.items() if v} == {}
