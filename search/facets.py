"""Labels for facet values, and the facet groups a search page shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.utils.translation import gettext_lazy as _

from practices.models import Audience, Lever, PracticePage, Theme
from territories.models import NOT_REGIONS_OR_DEPARTEMENTS, Territory

from .analysis import fold
from .engines.base import FACETS, FacetCount, SearchQuery, SearchResults

FACET_TITLES = {
    "theme": _("Theme"),
    "lever": _("Lever of public action"),
    "audience": _("Target audience"),
    "territory_kind": _("Kind of territory"),
    "region": _("Region"),
    "departement": _("Department"),
    "territory": _("Member territory"),
    "status": _("Status"),
    "start_year": _("Start year"),
}

TAXONOMIES = {"theme": Theme, "lever": Lever, "audience": Audience}
ASCII_ID = re.compile(r"[0-9]{1,9}")
YEAR = re.compile(r"[0-9]{4}")
KIND_ORDER = {
    value: rank for rank, (value, _label) in enumerate(Territory.facet_kind_choices())
}
CONTENT_LABELLED = frozenset({*TAXONOMIES, "region", "departement", "territory"})


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

    @property
    def selected_count(self) -> int:
        return sum(1 for v in self.values if v.selected)


def facet_labels(values: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """Labels of the given facet values; a value with no label is unknown.

    At most one query per taxonomy and two for the territories, none for a facet
    without values.
    """
    labels: dict[str, dict[str, str]] = {}
    for name, model in TAXONOMIES.items():
        slugs = values.get(name)
        labels[name] = (
            dict(model.objects.filter(slug__in=slugs).values_list("slug", "name"))
            if slugs
            else {}
        )
    codes = values.get("region", set()) | values.get("departement", set())
    codes -= NOT_REGIONS_OR_DEPARTEMENTS
    places = (
        Territory.objects.filter(
            kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT],
            code__in=codes,
        ).values_list("kind", "code", "name")
        if codes
        else []
    )
    labels["region"] = {code: name for kind, code, name in places if kind == "region"}
    labels["departement"] = {
        code: f"{name} ({code})" for kind, code, name in places if kind == "departement"
    }
    # str.isdigit() accepts "²", which int() refuses: ASCII digits only.
    members = [v for v in values.get("territory", ()) if ASCII_ID.fullmatch(v)]
    labels["territory"] = (
        {
            str(pk): name
            for pk, name in Territory.objects.filter(pk__in=members).values_list(
                "pk", "name"
            )
        }
        if members
        else {}
    )
    labels["territory_kind"] = {
        value: str(label) for value, label in Territory.facet_kind_choices()
    }
    labels["status"] = {k: str(v) for k, v in PracticePage.Status.choices}
    labels["start_year"] = {
        v: v for v in values.get("start_year", ()) if YEAR.fullmatch(v)
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
        elif name == "territory_kind":
            values.sort(key=lambda f: KIND_ORDER.get(f.value, len(KIND_ORDER)))
        elif name in ("region", "departement", "territory"):
            values.sort(key=lambda f: fold(f.label))  # "Île-de-France" among the I
        groups.append(
            FacetGroup(name=name, title=str(FACET_TITLES[name]), values=values)
        )
    return groups
