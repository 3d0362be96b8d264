"""Lineage between demo practices: which practice inspired which, and what the
adaptation changed ("inspirée de").

Declared as an editor would, on the adaptation, in a published revision.
Idempotent: a link already published is left alone; a second run creates nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from practices.models import PracticeInspiration, PracticePage


@dataclass(frozen=True)
class DemoLineage:
    adaptation: str  # external ids
    source: str
    note: str


DEMO_LINEAGE = (
    DemoLineage(
        "demo-cd93-clauses-renovation-colleges",
        "demo-cd94-achats-responsables",
        "Nous avons repris l'équipe de facilitateurs et le suivi des heures "
        "d'insertion du Val-de-Marne, appliqués aux seuls chantiers de rénovation "
        "des collèges, avec un objectif d'heures par chantier.",
    ),
    DemoLineage(
        "demo-plaine-commune-clauses-grands-chantiers",
        "demo-cd94-achats-responsables",
        "La clause type et le guichet unique pour les entreprises viennent du "
        "Val-de-Marne ; nous les avons étendus aux maîtres d'ouvrage privés par "
        "une charte signée avec les aménageurs.",
    ),
    DemoLineage(
        "demo-cd44-pat-restauration-colleges",
        "demo-grenoble-restauration-scolaire-bio",
        "Les critères d'approvisionnement bio et local et l'allotissement des "
        "marchés de Grenoble, adaptés aux collèges : une légumerie départementale "
        "remplace la cuisine centrale.",
    ),
    DemoLineage(
        "demo-cd35-mobilite-insertion",
        "demo-occitanie-mobilite-solidaire-rurale",
        "Le modèle de plateforme de mobilité et de garage solidaire, réservé ici "
        "aux allocataires du RSA et financé par le programme départemental "
        "d'insertion.",
    ),
)


@transaction.atomic
def load_demo_lineage() -> int:
    """Publish the demo's lineage links that are missing; how many were added."""
    ids = {link.adaptation for link in DEMO_LINEAGE} | {
        link.source for link in DEMO_LINEAGE
    }
    pages = {
        page.external_id: page
        for page in PracticePage.objects.live().filter(external_id__in=ids)
    }
    added = 0
    for adaptation_id in dict.fromkeys(link.adaptation for link in DEMO_LINEAGE):
        page = pages.get(adaptation_id)
        if page is None:
            continue
        declared = set(page.inspirations.values_list("source_id", flat=True))
        missing = [
            link
            for link in DEMO_LINEAGE
            if link.adaptation == adaptation_id
            and link.source in pages
            and pages[link.source].pk not in declared
        ]
        if not missing:
            continue
        links = list(page.inspirations.all())
        links += [
            PracticeInspiration(source=pages[link.source], note=link.note)
            for link in missing
        ]
        page.inspirations = links
        page.save_revision().publish()
        added += len(missing)
    return added
