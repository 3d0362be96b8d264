"""Query-count pins: a public page costs the same number of SQL queries for 3 items
as for 25. A listing that queries once per item fails here."""

import io
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

from practices.models import PracticeDocument, PracticeIndicator, PracticePartner
from territories.models import Territory
from tests.factories import TerritoryFactory, ThemeFactory, member_page, practice

pytestmark = pytest.mark.django_db

# Upper bounds, a little above what was measured, so that a regression that adds
# a constant number of queries is noticed too.
MAX_QUERIES = {
    "home": 20,
    "search": 24,
    "search_filtered": 26,
    "territories": 20,
    "territory": 22,
    "practice": 36,  # lineage: its sources and its adaptations, a query each
    "practice_signed_in": 45,
}


def count_queries(client, url: str) -> int:
    """Queries of one request, after a first request has warmed the caches."""
    assert client.get(url).status_code == 200  # site root paths, renditions...
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def png(name: str) -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), "teal").save(buffer, "PNG")
    return ImageFile(buffer, name=name)


class Content:
    """A network that grows: members with logos, practices with every inline item."""

    def __init__(self, network):
        self.network = network
        self.members = []
        self.themes = [network.procurement, network.iae, network.circular]
        self.subject = practice(
            network.departement_page, title="Pratique observée", themes=self.themes
        )
        self.subject_items = 0

    def grow_members(self, total: int) -> None:
        region = self.network.idf
        while len(self.members) < total:
            n = len(self.members)
            page = member_page(
                TerritoryFactory(
                    kind=Territory.Kind.COMMUNE, name=f"Commune {n}", region=region
                )
            )
            page.logo = Image.objects.create(title=f"Logo {n}", file=png(f"l{n}.png"))
            page.save_revision().publish()
            practice(page, title=f"Pratique de la commune {n}", themes=self.themes)
            self.members.append(page)

    def grow_territory_practices(self, total: int) -> None:
        """Practices of the département (the subject is one of them)."""
        page = self.network.departement_page
        while page.get_children().count() < total:
            theme = ThemeFactory()
            practice(page, themes=[self.themes[0], theme], levers=[self.network.grant])

    def grow_subject(self, total: int) -> None:
        """Themes, indicators, partners, documents and partner territories."""
        page = self.subject
        for n in range(self.subject_items, total):
            page.themes.add(ThemeFactory())
            page.indicators.add(
                PracticeIndicator(label=f"Indicateur {n}", value=Decimal(n), year=2020)
            )
            page.partners.add(PracticePartner(name=f"Partenaire {n}"))
            page.partner_territories.add(
                self.members[n].territory
                if n < len(self.members)
                else TerritoryFactory()
            )
            document = Document.objects.create(
                title=f"Document {n}", file=ContentFile(b"x", name=f"d{n}.pdf")
            )
            page.documents.add(PracticeDocument(document=document))
        page.save_revision().publish()
        self.subject_items = total

    def grow(self, total: int) -> None:
        self.grow_members(total)
        self.grow_territory_practices(total)
        self.grow_subject(total)


def measure(client, content: Content, member_user) -> dict[str, int]:
    territory_url = content.network.departement_page.url
    subject_url = content.subject.url
    counts = {
        "home": count_queries(client, "/"),
        "search": count_queries(client, "/recherche/"),
        "search_filtered": count_queries(
            client,
            "/recherche/?theme=achats-responsables&territory_kind=commune&region=11",
        ),
        "territories": count_queries(client, "/territoires/"),
        "territory": count_queries(client, territory_url),
        "practice": count_queries(client, subject_url),
    }
    client.force_login(member_user)
    counts["practice_signed_in"] = count_queries(client, subject_url)
    client.logout()
    return counts


def test_public_pages_cost_a_constant_number_of_queries(client, network, member_user):
    content = Content(network)

    content.grow(3)
    small = measure(client, content, member_user)
    content.grow(25)
    large = measure(client, content, member_user)

    print("queries per page:", small)
    assert large == small
    for name, count in small.items():
        assert count <= MAX_QUERIES[name], (name, count)
    # The lists really grew (the pins would be empty otherwise).
    assert client.get("/recherche/").context["results"].total >= 50
    assert len(client.get(content.subject.url).context["indicators"]) == 25
