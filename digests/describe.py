"""Subscriptions in words, for the pages and the e-mails ("Theme: Insertion")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from search.facets import FACET_TITLES, facet_labels

from .kinds import FOLLOWED


def describe(item) -> str:
    """What a subscription (or target) follows, in words: "Theme: Insertion"."""
    if item.kind in FOLLOWED:
        return FOLLOWED[item.kind].phrase("described", item)
    return describe_search(item.query, item.filters)


def describe_search(query: str, filters: dict) -> str:
    """A saved search in words: its text and the labels of its filters."""
    labels = facet_labels({k: set(v) for k, v in filters.items()})
    parts = []
    for facet, values in filters.items():
        if facet not in FACET_TITLES:
            continue
        names = [str(labels.get(facet, {}).get(v, v)) for v in values]
        parts.append(
            _("%(facet)s: %(values)s")
            % {"facet": FACET_TITLES[facet], "values": ", ".join(names)}
        )
    if query:
        parts.insert(0, _("“%(text)s”") % {"text": query})
    if not parts:
        return _("Search: all practices")
    return _("Search: %(criteria)s") % {"criteria": " ; ".join(parts)}
