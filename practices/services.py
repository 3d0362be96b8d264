"""Work on practices that spans models: territory sync, listings, related practices."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import QueryDict
from wagtail.models import Page

from territories.models import Territory, TerritoryPage

from .models import Audience, Lever, PracticePage, Theme


def sync_territory(practice: PracticePage) -> None:
    """Copy the territory of the parent TerritoryPage onto the practice."""
    if not practice.path:
        return  # not in the tree yet; `add_child` saves again once placed
    parent = TerritoryPage.objects.filter(
        path=practice.path[: -practice.steplen]
    ).values_list("territory_id", flat=True)
    practice.territory_id = parent.first()


PUBLIC_PREFETCH = (Prefetch("themes", queryset=Theme.objects.order_by("name")),)


def public_practices() -> QuerySet[PracticePage]:
    """Live, public practices, with what listings show in constant queries."""
    return (
        PracticePage.objects.live()
        .public()
        .select_related("territory", "territory__region", "image")
        .prefetch_related(*PUBLIC_PREFETCH)
        .order_by("-first_published_at", "-pk")
    )


# Filter values are checked against these shapes before they reach the database:
# a NUL byte or a 10,000-character value must never turn into a 500.
_SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")
_REGION_CODE = re.compile(r"[0-9A-Za-z]{1,9}")
MAX_VALUES_PER_FILTER = 50


def territory_kind_choices() -> list[tuple[str, str]]:
    """Territory kinds offered by the catalogue; EPCI are split by their type."""
    return [
        (Territory.Kind.REGION.value, Territory.Kind.REGION.label),
        (Territory.Kind.DEPARTEMENT.value, Territory.Kind.DEPARTEMENT.label),
        *[(f"epci-{value}", label) for value, label in Territory.EpciType.choices],
        (Territory.Kind.COMMUNE.value, Territory.Kind.COMMUNE.label),
    ]


def _known_kinds() -> set[str]:
    return {value for value, _label in territory_kind_choices()} | {"epci"}


# Query-string parameter → attribute of CatalogFilters.
FILTER_PARAMS = {
    "theme": "themes",
    "lever": "levers",
    "audience": "audiences",
    "kind": "kinds",
    "region": "regions",
}
ATTRIBUTES = tuple(FILTER_PARAMS.values())


@dataclass
class CatalogFilters:
    """The simple filters of the catalogue listing, read from a query string."""

    themes: list[str] = field(default_factory=list)
    levers: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)

    @classmethod
    def from_query(cls, query: QueryDict) -> CatalogFilters:
        """Read the filters; unknown or malformed values are ignored, never an error."""

        def values(name: str, valid) -> list[str]:
            seen: list[str] = []
            for value in query.getlist(name)[:MAX_VALUES_PER_FILTER]:
                value = value.strip()
                if valid(value) and value not in seen:
                    seen.append(value)
            return seen

        kinds = _known_kinds()
        return cls(
            themes=values("theme", _SLUG.fullmatch),
            levers=values("lever", _SLUG.fullmatch),
            audiences=values("audience", _SLUG.fullmatch),
            kinds=values("kind", kinds.__contains__),
            regions=values("region", _REGION_CODE.fullmatch),
        )

    @property
    def active(self) -> bool:
        return bool(
            self.themes or self.levers or self.audiences or self.kinds or self.regions
        )

    def restricted_to(self, choices: dict) -> CatalogFilters:
        """The same filters without the values that match no offered choice."""
        known_themes = {theme.slug for theme in choices["themes"]}
        known_levers = {lever.slug for lever in choices["levers"]}
        known_audiences = {audience.slug for audience in choices["audiences"]}
        known_regions = {region.code for region in choices["regions"]}
        return CatalogFilters(
            themes=[slug for slug in self.themes if slug in known_themes],
            levers=[slug for slug in self.levers if slug in known_levers],
            audiences=[slug for slug in self.audiences if slug in known_audiences],
            kinds=list(self.kinds),
            regions=[code for code in self.regions if code in known_regions],
        )

    def without(self, param: str, value: str) -> CatalogFilters:
        """A copy of the filters with one selected value removed."""
        attribute = FILTER_PARAMS[param]
        copy = CatalogFilters(
            **{name: list(getattr(self, name)) for name in ATTRIBUTES}
        )
        getattr(copy, attribute).remove(value)
        return copy

    def as_query(self) -> str:
        """The filters as a query string (``theme=a&kind=b``), for pagination links."""
        query = QueryDict(mutable=True)
        query.setlist("theme", self.themes)
        query.setlist("lever", self.levers)
        query.setlist("audience", self.audiences)
        query.setlist("kind", self.kinds)
        query.setlist("region", self.regions)
        return query.urlencode()


@dataclass
class SelectedFilter:
    """A selected filter value, with the query string that removes it."""

    label: str
    remove_query: str


def selected_filters(filters: CatalogFilters, choices: dict) -> list[SelectedFilter]:
    """The selected values with their labels, in the order of the form."""
    labels = {
        "theme": {theme.slug: theme.name for theme in choices["themes"]},
        "lever": {lever.slug: lever.name for lever in choices["levers"]},
        "audience": {a.slug: a.name for a in choices["audiences"]},
        "kind": {value: str(label) for value, label in choices["kinds"]}
        | {"epci": str(Territory.Kind.EPCI.label)},
        "region": {region.code: region.name for region in choices["regions"]},
    }
    return [
        SelectedFilter(
            labels[param].get(value, value), filters.without(param, value).as_query()
        )
        for param, attribute in FILTER_PARAMS.items()
        for value in getattr(filters, attribute)
    ]


def filter_practices(filters: CatalogFilters) -> QuerySet[PracticePage]:
    """Public practices matching every selected filter (any value within a filter)."""
    practices = public_practices()
    # Subqueries on the link tables rather than joins: no duplicate rows, no DISTINCT.
    if filters.themes:
        practices = practices.filter(
            pk__in=PracticePage.themes.through.objects.filter(
                theme__slug__in=filters.themes
            ).values("practicepage_id")
        )
    if filters.levers:
        practices = practices.filter(
            pk__in=PracticePage.levers.through.objects.filter(
                lever__slug__in=filters.levers
            ).values("practicepage_id")
        )
    if filters.audiences:
        practices = practices.filter(
            pk__in=PracticePage.audiences.through.objects.filter(
                audience__slug__in=filters.audiences
            ).values("practicepage_id")
        )
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
    return practices


def related_practices(practice: PracticePage, limit: int = 4) -> list[PracticePage]:
    """The practices the search engine finds most like this one.

    Falls back to the practices sharing the most themes when the engine cannot
    answer (unreachable, or this practice not indexed yet) and in previews.
    """
    from search.engines import get_engine
    from search.engines.base import SearchError

    if practice.pk and practice.live:
        try:
            ids = [hit.page_id for hit in get_engine().related(practice.pk, limit)]
        except SearchError:
            ids = []
        if ids:
            pages = public_practices().in_bulk(ids)
            return [pages[pk] for pk in ids if pk in pages]
    return practices_sharing_themes(practice, limit)


def practices_sharing_themes(practice: PracticePage, limit: int) -> list[PracticePage]:
    """Other public practices, most themes shared with this one first."""
    # `.all()` rather than `values_list`: in a preview the themes live in memory.
    theme_ids = [theme.pk for theme in practice.themes.all()]
    if not theme_ids:
        return []
    shared = (
        PracticePage.themes.through.objects.filter(
            practicepage_id=OuterRef("pk"), theme_id__in=theme_ids
        )
        .order_by()
        .values("practicepage_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        public_practices()
        .exclude(pk=practice.pk)
        .annotate(shared=Subquery(shared))
        .filter(shared__gt=0)
        .order_by("-shared", "-first_published_at", "-pk")[:limit]
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
            )
            .filter(practice_count__gt=0)
            .order_by("-practice_count", "name")
        ),
        "member_count": TerritoryPage.objects.live().public().count(),
        "practice_count": PracticePage.objects.live().public().count(),
    }


def catalog_choices() -> dict:
    """The values offered by the catalogue's filters."""
    return {
        "themes": list(Theme.objects.order_by("name")),
        "levers": list(Lever.objects.order_by("name")),
        "audiences": list(Audience.objects.order_by("name")),
        "kinds": territory_kind_choices(),
        "regions": list(
            Territory.objects.filter(kind=Territory.Kind.REGION).order_by("name")
        ),
    }


@dataclass
class TerritoryGroup:
    """Member territories of one kind, for the territories list."""

    kind: str
    label: str
    pages: list[TerritoryPage]


def member_territories(index: Page | None = None) -> list[TerritoryGroup]:
    """Live member territories grouped by kind, each with its number of practices."""
    pages = (
        TerritoryPage.objects.live()
        .public()
        .select_related("territory", "territory__region", "logo")
    )
    if index is not None:
        pages = pages.child_of(index)
    counts = dict(
        PracticePage.objects.live()
        .public()
        .order_by()
        .values_list("territory_id")
        .annotate(n=Count("pk"))
    )
    # EPCI without a known type go just before the communes.
    kinds = territory_kind_choices()
    kinds.insert(-1, ("epci", Territory.Kind.EPCI.label))
    groups = {kind: TerritoryGroup(kind, str(label), []) for kind, label in kinds}
    for page in pages.order_by("title"):
        page.practice_count = counts.get(page.territory_id, 0)
        groups.get(page.territory.facet_kind, groups["epci"]).pages.append(page)
    return [group for group in groups.values() if group.pages]


def territory_practices(page: TerritoryPage) -> list[PracticePage]:
    """The live, public practices of a member territory, newest first."""
    return list(public_practices().child_of(page))
