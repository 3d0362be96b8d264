"""Subscriptions in words, for the pages and the e-mails ("Theme: Insertion")."""

from __future__ import annotations

from django.utils.translation import gettext as _

from territories.models import Territory

from .models import Subscription

Kind = Subscription.Kind


def describe(item) -> str:
    """What a subscription (or target) follows, in words: "Theme: Insertion"."""
    if item.kind == Kind.THEME:
        return _("Theme: %(name)s") % {"name": item.theme.name}
    if item.kind == Kind.LEVER:
        return _("Lever: %(name)s") % {"name": item.lever.name}
    if item.kind == Kind.TERRITORY:
        if item.territory.kind == Territory.Kind.REGION:
            return _("Region: %(name)s") % {"name": item.territory.name}
        return _("Territory: %(name)s") % {"name": item.territory.name}
    return describe_search(item.query, item.filters)


def describe_search(query: str, filters: dict) -> str:
    """A saved search in words: its text and the labels of its filters."""
    from search.facets import FACET_TITLES, facet_labels

    labels = facet_labels({k: set(v) for k, v in filters.items()})
    parts = []
    for facet, values in filters.items():
        if facet not in FACET_TITLES:
            continue
        names = [labels.get(facet, {}).get(v, v) for v in values]
        parts.append(
            _("%(facet)s: %(values)s")
            % {"facet": FACET_TITLES[facet], "values": ", ".join(names)}
        )
    if query:
        parts.insert(0, _("“%(text)s”") % {"text": query})
    if not parts:
        return _("Search: all practices")
    return _("Search: %(criteria)s") % {"criteria": " ; ".join(parts)}
