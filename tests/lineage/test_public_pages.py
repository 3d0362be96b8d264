"""The public side of lineage: "Inspirée de", "Adaptée par N territoires", the
territories' "pratiques essaimées", in a constant number of queries."""

import re
from html import unescape

import pytest
from django.urls import reverse

from practices.models import PracticeInspiration
from tests.admin.helpers import practice_form_data
from tests.factories import TerritoryFactory, member_page, practice
from tests.public.test_query_counts import count_queries

from .conftest import inspirations

pytestmark = pytest.mark.django_db


def declare(adaptation, *sources, notes=None):
    """Publish `adaptation` naming `sources` (as an approved revision would)."""
    for n, source in enumerate(sources):
        note = notes[n] if notes else f"Repris de {source.title}."
        adaptation.inspirations.add(PracticeInspiration(source=source, note=note))
    adaptation.save_revision().publish()
    adaptation.refresh_from_db()
    return adaptation


def section(response, anchor: str) -> str | None:
    """The text of the page's section headed by `anchor`, tags removed."""
    html = response.content.decode()
    found = re.search(
        rf'<section[^>]*aria-labelledby="{anchor}"[^>]*>(.*?)</section>', html, re.S
    )
    if found is None:
        return None
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", found.group(1))))


def links(response, anchor: str) -> list[str]:
    html = response.content.decode()
    found = re.search(
        rf'<section[^>]*aria-labelledby="{anchor}"[^>]*>(.*?)</section>', html, re.S
    )
    return re.findall(r'<li><a href="([^"]+)"', found.group(1)) if found else []


@pytest.fixture
def territory_c(home):
    return member_page(TerritoryFactory(name="Rennes", kind="commune", code="35238"))


def test_the_adaptation_lists_its_public_sources_in_order(
    client, practice_a, practice_b, territory_c
):
    other = practice(territory_c, title="Recyclerie rennaise")
    gone = practice(territory_c, title="Pratique retirée")
    declare(
        practice_a,
        other,
        practice_b,
        gone,
        notes=["La recyclerie, en plus petit.", "La clause type.", "Rien."],
    )
    gone.unpublish()

    response = client.get(practice_a.url)

    text = section(response, "inspired-by")
    assert text.startswith(" Inspirée de ")
    assert links(response, "inspired-by") == [other.url, practice_b.url]
    assert "Recyclerie rennaise (Rennes) La recyclerie, en plus petit." in text
    assert "Achats responsables en Gironde (Gironde) La clause type." in text
    assert "Pratique retirée" not in response.content.decode()
    assert section(response, "adapted-by") is None


def test_the_original_counts_the_territories_that_adapted_it(
    client, practice_a, practice_b, territory_a, territory_c
):
    second_of_a = practice(territory_a, title="Seconde fiche du Val-de-Marne")
    of_c = practice(territory_c, title="Clauses rennaises")
    draft = practice(territory_c, live=False, title="Brouillon rennais")
    for adaptation in (practice_a, second_of_a, of_c):
        declare(adaptation, practice_b)
    # A draft's links are in the database, but it is not public.
    draft.inspirations.add(PracticeInspiration(source=practice_b, note="Brouillon."))
    draft.save()

    response = client.get(practice_b.url)

    text = section(response, "adapted-by")
    assert text.startswith(" Adaptée par 2 territoires ")
    assert set(links(response, "adapted-by")) == {
        practice_a.url,
        second_of_a.url,
        of_c.url,
    }
    assert "Clauses rennaises (Rennes) Repris de Achats responsables" in text
    assert "Brouillon rennais" not in response.content.decode()


def test_one_adapting_territory_is_said_in_the_singular(client, practice_a, practice_b):
    declare(practice_a, practice_b)
    text = section(client.get(practice_b.url), "adapted-by")
    assert text.startswith(" Adaptée par 1 territoire ")


def test_an_unpublished_adaptation_leaves_the_original(client, practice_a, practice_b):
    declare(practice_a, practice_b)
    practice_a.unpublish()
    response = client.get(practice_b.url)
    assert (section(response, "adapted-by"), response.status_code) == (None, 200)


def test_a_practice_without_lineage_shows_neither_section(client, practice_a):
    html = client.get(practice_a.url).content.decode()
    assert ("Inspirée de" in html, "Adaptée par" in html) == (False, False)


def test_the_preview_shows_the_sources_of_the_draft(
    as_editor_a, practice_a, practice_b
):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[practice_a.pk])
    data = practice_form_data(
        title=practice_a.title,
        slug=practice_a.slug,
        **inspirations((practice_b.pk, "Vu en aperçu.")),
    )
    assert as_editor_a.post(url, data).json()["is_valid"] is True
    response = as_editor_a.get(url)
    assert "Vu en aperçu." in section(response, "inspired-by")


def test_the_territory_page_counts_its_practices_adapted_elsewhere(
    client, territory_b, practice_a, practice_b, territory_c
):
    second_of_b = practice(territory_b, title="Seconde fiche girondine")
    third_of_b = practice(territory_b, title="Troisième fiche girondine")
    # Adapted by another territory: counted once, whatever the adaptations.
    declare(practice_a, practice_b)
    declare(practice(territory_c), practice_b)
    # Adapted within its own territory only: not spread.
    declare(practice(territory_b), second_of_b)
    html = client.get(territory_b.url).content.decode()
    assert "1 pratique essaimée dans d’autres territoires" in unescape(html)

    declare(practice(territory_c), third_of_b)
    html = client.get(territory_b.url).content.decode()
    assert "2 pratiques essaimées dans d’autres territoires" in unescape(html)
    assert "essaimée" not in client.get(territory_c.url).content.decode()


def test_lineage_costs_the_same_queries_for_one_link_as_for_many(
    client, territory_a, territory_b, home
):
    original = practice(territory_b, title="Originale")
    adaptation = practice(territory_a, title="Adaptation")
    sources = [practice(territory_b, title="Source 0")]
    declare(adaptation, sources[0])
    declare(practice(territory_a), original)

    def counts():
        return [
            count_queries(client, original.url),
            count_queries(client, adaptation.url),
            count_queries(client, territory_b.url),
        ]

    few = counts()
    for n in range(1, 8):
        other = member_page(TerritoryFactory(name=f"Commune {n}", kind="commune"))
        declare(practice(other), original)
        source = practice(territory_b, title=f"Source {n}")
        declare(practice(other), source)
        adaptation.inspirations.add(PracticeInspiration(source=source, note="Repris."))
    adaptation.save_revision().publish()
    many = counts()

    assert many == few
    assert len(links(client.get(original.url), "adapted-by")) == 8
    assert len(links(client.get(adaptation.url), "inspired-by")) == 8
    assert "9 pratiques essaimées" in client.get(territory_b.url).content.decode()
