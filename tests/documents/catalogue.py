"""A small catalogue with typed documents and lineage, for both engines."""

from __future__ import annotations

from dataclasses import dataclass

from practices.models import PracticeDocument, PracticeInspiration, PracticePage
from search.indexing import index_practices, mark_dirty
from tests.factories import practice

from .pdfs import document, pdf_bytes


@dataclass
class Catalogue:
    original: PracticePage  # PDF deliberation + specifications; adapted by A
    ressourcerie: PracticePage  # a text deliberation; only a draft adapts it
    adaptation: PracticePage  # live, inspired by the original
    draft: PracticePage  # never published, inspired by the ressourcerie
    plain: PracticePage  # no document, no lineage

    @property
    def live(self) -> list[PracticePage]:
        return [self.original, self.ressourcerie, self.adaptation, self.plain]


def reindex(pages, engine=None):
    """Index these practices again under a new version, as a publication does
    (Elasticsearch refuses a document at the version it already holds)."""
    ids = [page.pk for page in pages]
    mark_dirty(ids)
    return index_practices(ids, engine)


def attach(page, title, kind, content, name, **fields):
    item = document(page.get_parent().specific.collection, title, content, name)
    return PracticeDocument.objects.create(
        page=page, document=item, kind=kind, **fields
    )


def build(territory_a, territory_b) -> Catalogue:
    original = practice(
        territory_b,
        title="Légumerie solidaire en Gironde",
        summary="Une légumerie d'insertion fournit les cantines.",
    )
    attach(
        original,
        "Délibération légumerie",
        "deliberation",
        pdf_bytes(
            "Le conseil départemental adopte la tarification solidaire.",
            "Les maraîchers bénéficient d'une convention pluriannuelle.",
        ),
        "deliberation.pdf",
    )
    attach(
        original,
        "Cahier des clauses techniques",
        "tender",
        pdf_bytes("Lot unique : fourniture de légumes épluchés."),
        "cctp.pdf",
    )
    ressourcerie = practice(
        territory_a,
        title="Ressourcerie du Val-de-Marne",
        summary="Le réemploi des encombrants.",
    )
    attach(
        ressourcerie,
        "Délibération ressourcerie",
        "deliberation",
        b"Deliberation en texte brut: photovoltaique.",
        "deliberation.txt",
    )
    adaptation = practice(
        territory_a,
        title="Légumerie du Val-de-Marne",
        summary="Inspirée de la Gironde.",
    )
    PracticeInspiration.objects.create(page=adaptation, source=original)
    draft = practice(territory_a, live=False, title="Ressourcerie en projet")
    PracticeInspiration.objects.create(page=draft, source=ressourcerie)
    plain = practice(territory_a, title="Achats responsables")
    return Catalogue(original, ressourcerie, adaptation, draft, plain)
