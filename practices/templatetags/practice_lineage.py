"""Lineage on the public pages (see `practices.lineage`).

{% load practice_lineage %}
{% practice_lineage page as lineage %}        sources, adaptations, territory_count
{% spread_practices territory_id as spread %}  how many were adapted elsewhere
"""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from practices import lineage
from practices.models import PracticePage

register = template.Library()


@dataclass(frozen=True)
class PageLineage:
    sources: list[lineage.Link]  # "Inspirée de"
    adaptations: list[lineage.Link]  # "Adaptée par"
    territory_count: int  # distinct territories of the adaptations


@register.simple_tag
def practice_lineage(page) -> PageLineage | None:
    """The public lineage of a practice, in at most three queries."""
    if not isinstance(page, PracticePage):
        return None
    adaptations = lineage.adaptations_of(page)
    return PageLineage(
        sources=lineage.sources_of(page),
        adaptations=adaptations,
        territory_count=lineage.territory_count(adaptations),
    )


@register.simple_tag
def spread_practices(territory_id) -> int:
    """How many of a territory's practices another territory adapted (one query)."""
    return lineage.spread_count(territory_id) if territory_id else 0
