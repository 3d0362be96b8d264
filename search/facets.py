"""Labels for facet values, and the facet groups a search page shows."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from practices.models import Audience, Lever, PracticePage, Theme
from territories.models import Territory

from .engines.base import FACETS, FacetCount, SearchQuery, SearchResults

FACET_TITLES = {
    "theme": _("Theme"),
    "lever": _("Lever of public action"),
    "audience": _("Target audience"),
    "territory_kind": _("Kind of territory"),
    "region": _("Region"),
    "departement": _("Department"),
    "status": _("Status"),
    "start_year": _("Start year"),
}

TAXONOMIES = {"theme": Theme, "lever": Lever, "audience": Audience}
CONTENT_LABELLED = frozenset({*TAXONOMIES, "region", "departement"})


def territory_kind_labels() -> dict[str, str]:
    labels = {
        kind.value: kind.label for kind in Territory.Kind if kind != Territory.Kind.EPCI
    }
    labels |= {f"epci-{t.value}": t.label for t in Territory.EpciType}
    return labels


@dataclass
class FacetGroup:
    name: str
    title: str
    values: list[FacetCount]

    @property
    def labels_are_content(self) -> bool:
        """Labels written by editors or the official dataset (French), not the UI."""
        return self.name in CONTENT_LABELLED

    @property
    def has_selection(self) -> bool:
        return any(v.selected for v in self.values)


def facet_labels(values: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """Labels of the given facet values; a value with no label is unknown.

    A fixed number of queries: one per taxonomy and one for the territories.
    """
    labels: dict[str, dict[str, str]] = {
        name: dict(
            model.objects.filter(slug__in=values.get(name, ())).values_list(
                "slug", "name"
            )
        )
        for name, model in TAXONOMIES.items()
    }
    codes = values.get("region", set()) | values.get("departement", set())
    places = Territory.objects.filter(
        kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT], code__in=codes
    ).values_list("kind", "code", "name")
    labels["region"] = {code: name for kind, code, name in places if kind == "region"}
    labels["departement"] = {
        code: f"{name} ({code})" for kind, code, name in places if kind == "departement"
    }
    labels["territory_kind"] = territory_kind_labels()
    labels["status"] = {k: str(v) for k, v in PracticePage.Status.choices}
    labels["start_year"] = {
        v: v for v in values.get("start_year", ()) if v.isdigit() and len(v) == 4
    }
    return labels


def known_filters(query: SearchQuery) -> SearchQuery:
    """The query without the selected values that name nothing (unknown slugs...)."""
    labels = facet_labels({k: set(v) for k, v in query.filters.items()})
    filters = {
        facet: kept
        for facet, values in query.filters.items()
        if (kept := tuple(v for v in values if v in labels[facet]))
    }
    return replace(query, filters=filters)


def labelled_facets(results: SearchResults) -> list[FacetGroup]:
    """The facet groups of a results page, each value with its label."""
    labels = facet_labels(
        {name: {f.value for f in counts} for name, counts in results.facets.items()}
    )
    groups = []
    for name in FACETS:
        values = []
        for facet in results.facets.get(name, []):
            facet.label = labels[name].get(facet.value, "")
            if facet.label:
                values.append(facet)
        if name == "start_year":
            values.sort(key=lambda f: f.value, reverse=True)
        elif name in ("region", "departement", "territory_kind"):
            values.sort(key=lambda f: f.label)
        groups.append(
            FacetGroup(name=name, title=str(FACET_TITLES[name]), values=values)
        )
    return groups
