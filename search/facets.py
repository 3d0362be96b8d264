"""Labels for facet values, and the facet groups a search page shows."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from practices.models import Audience, Lever, PracticeDocument, PracticePage, Theme
from territories.models import NOT_REGIONS_OR_DEPARTEMENTS, Territory, TerritoryPage

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
    "document_type": _("Available documents"),
    "adapted": _("Practices taken up elsewhere"),
}
ADAPTED_LABELS = {"yes": _("Adapted by other territories")}

TAXONOMIES = {"theme": Theme, "lever": Lever, "audience": Audience}
# An id typed in a URL: ASCII digits (str.isdigit() accepts "²", which int() refuses).
ASCII_ID = re.compile(r"[0-9]{1,9}")
LABEL_TABLES_KEY = "rtes:search:facet-labels"
LABEL_TABLES_TIMEOUT = 300  # seconds
YEAR = re.compile(r"[0-9]{4}")
DOCUMENT_KINDS = list(PracticeDocument.Kind.values)
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


# Folding a hundred labels per page is half a millisecond; the labels are few.
sort_key = functools.lru_cache(maxsize=4096)(fold)


def label_tables() -> dict[str, dict[str, str]]:
    """The labels of every taxonomy term, région, département and member
    territory, from the cache (one read) or the database (five queries).

    Saving or deleting any of them empties the cache (`connect_signals`); the
    timeout bounds the staleness where the cache is local to a process (locmem)
    and the change happened in another one.
    """
    tables = cache.get(LABEL_TABLES_KEY)
    if tables is not None:
        return tables
    tables = {
        name: dict(model.objects.values_list("slug", "name"))
        for name, model in TAXONOMIES.items()
    }
    places = (
        Territory.objects.filter(
            kind__in=[Territory.Kind.REGION, Territory.Kind.DEPARTEMENT]
        )
        .exclude(code__in=NOT_REGIONS_OR_DEPARTEMENTS)
        .values_list("kind", "code", "name")
    )
    tables["region"] = {code: name for kind, code, name in places if kind == "region"}
    tables["departement"] = {
        code: f"{name} ({code})" for kind, code, name in places if kind == "departement"
    }
    tables["territory"] = {
        str(pk): name
        for pk, name in Territory.objects.filter(member_page__isnull=False).values_list(
            "pk", "name"
        )
    }
    cache.set(LABEL_TABLES_KEY, tables, LABEL_TABLES_TIMEOUT)
    return tables


def forget_label_tables(**kwargs) -> None:
    """Empty the cached label tables (signal receiver): now, and again after the
    commit, since a request served in between may cache the tables as they were."""
    cache.delete(LABEL_TABLES_KEY)
    transaction.on_commit(lambda: cache.delete(LABEL_TABLES_KEY))


def connect_signals() -> None:
    for model in (*TAXONOMIES.values(), Territory, TerritoryPage):
        post_save.connect(
            forget_label_tables, sender=model, dispatch_uid=f"labels-{model.__name__}"
        )
        post_delete.connect(
            forget_label_tables,
            sender=model,
            dispatch_uid=f"labels-del-{model.__name__}",
        )


def facet_labels(values: dict[str, set[str]]) -> dict[str, dict[str, str]]:
    """Labels of the given facet values; a value with no label is unknown."""
    tables = label_tables()
    labels: dict[str, dict[str, str]] = {
        name: {v: tables[name][v] for v in values.get(name, ()) if v in tables[name]}
        for name in (*TAXONOMIES, "region", "departement", "territory")
    }
    labels["territory_kind"] = {
        value: str(label) for value, label in Territory.facet_kind_choices()
    }
    labels["status"] = {k: str(v) for k, v in PracticePage.Status.choices}
    labels["document_type"] = {k: str(v) for k, v in PracticeDocument.Kind.choices}
    labels["adapted"] = {k: str(v) for k, v in ADAPTED_LABELS.items()}
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
        elif name == "document_type":
            values.sort(key=lambda f: DOCUMENT_KINDS.index(f.value))
        elif name in ("region", "departement", "territory"):
            values.sort(key=lambda f: sort_key(f.label))  # "Île-de-France" among the I
        groups.append(
            FacetGroup(name=name, title=str(FACET_TITLES[name]), values=values)
        )
    return groups
