"""Work on practices that spans models: territory sync, listings, related practices."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import QueryDict

from territories.models import Territory, TerritoryPage

from .models import Lever, PracticePage, Theme


def sync_territory(practice: PracticePage) -> None:
    """Copy the territory of the parent TerritoryPage onto the practice."""
    if not practice.path:
        return  # not in the tree yet; `add_child` saves again once placed
    parent = TerritoryPage.objects.filter(
        path=practice.path[: -practice.steplen]
    ).values_list("territory_id", flat=True)
    practice.territory_id = parent.first()


def public_practices() -> QuerySet[PracticePage]:
    """Live, public practices, with what listings show in constant queries."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("territory", "territory__region", "image")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("name")))
        .order_by("-first_published_at", "-pk")
    )


@dataclass
class CatalogFilters:
    """The simple filters of the catalogue listing, read from a query string."""

    themes: list[str] = field(default_factory=list)
    levers: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: QueryDict) -> CatalogFilters:
        """Read the filters; unknown or malformed values are ignored, never an error."""

        def values(name: str, max_length: int = 120) -> list[str]:
            return [v for v in query.getlist(name)[:50] if 0 < len(v) <= max_length]

        return cls(
            themes=values("theme"),
            levers=values("lever"),
            kinds=values("kind", 20),
            regions=values("region", 9),
        )

    @property
    def active(self) -> bool:
        return bool(self.themes or self.levers or self.kinds or self.regions)


def filter_practices(filters: CatalogFilters) -> QuerySet[PracticePage]:
    """Public practices matching every selected filter (any value within a filter)."""
    practices = public_practices()
    if filters.themes:
        practices = practices.filter(themes__slug__in=filters.themes)
    if filters.levers:
        practices = practices.filter(levers__slug__in=filters.levers)
    if filters.kinds:
        kind_match = Q()
        for kind in filters.kinds:
            if kind.startswith("epci-"):
                kind_match |= Q(territory__kind="epci", territory__epci_type=kind[5:])
            else:
                kind_match |= Q(territory__kind=kind)
        practices = practices.filter(kind_match)
    if filters.regions:
        practices = practices.filter(
            Q(territory__region__code__in=filters.regions)
            | Q(territory__kind="region", territory__code__in=filters.regions)
        )
    return practices.distinct()


def related_practices(practice: PracticePage, limit: int = 4) -> list[PracticePage]:
    """Other public practices, most themes shared with this one first."""
    theme_ids = list(practice.themes.values_list("pk", flat=True))
    if not theme_ids:
        return []
    return list(
        public_practices()
        .exclude(pk=practice.pk)
        .filter(themes__in=theme_ids)
        .annotate(shared=Count("themes", filter=Q(themes__in=theme_ids)))
        .order_by("-shared", "-first_published_at")[:limit]
    )


def home_page_figures(latest: int = 6) -> dict:
    """Latest practices and practice counts by theme for the home page."""
    live_ids = PracticePage.objects.live().public().values("pk")
    return {
        "latest_practices": list(public_practices()[:latest]),
        "themes_with_counts": list(
            Theme.objects.annotate(
                practice_count=Count(
                    "practicepage", filter=Q(practicepage__in=live_ids), distinct=True
                )
            ).order_by("-practice_count", "name")
        ),
        "member_count": TerritoryPage.objects.live().count(),
        "practice_count": PracticePage.objects.live().public().count(),
    }


def catalog_choices() -> dict:
    """The values offered by the catalogue's filters."""
    return {
        "themes": list(Theme.objects.all()),
        "levers": list(Lever.objects.all()),
        "regions": list(
            Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")
        ),
    }
