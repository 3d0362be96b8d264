"""Follow links for the public pages (the search page, a territory's page)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from search.params import query_string

from ..kinds import BY_FACET

register = template.Library()


@register.simple_tag
def follow_link(query) -> dict | None:
    """The link that follows what a search shows: {"url", "label"}.

    Nothing selected: the subscription page. One theme, lever, région or member
    territory alone, without words: that subscription. Anything else: the search
    saved as it is (its filters add up, separate subscriptions would not).
    """
    if not query.text and not query.filters:
        return {
            "url": reverse("digests:subscribe"),
            "label": _("Receive the new practices by e-mail every week"),
        }
    selected = [(name, values) for name, values in query.filters.items() if values]
    if not query.text and len(selected) == 1 and len(selected[0][1]) == 1:
        (facet, (value,)) = selected[0]
        followed = BY_FACET.get(facet)
        obj = followed.lookup(facet, value) if followed else None
        if obj is not None:
            # The subscribe page ticks the box of `?<field>=<pk or slug>`.
            param = followed.subscribe_param(obj)
            url = reverse("digests:subscribe") + "?" + urlencode([param])
            return {"url": url, "label": str(followed.facets[facet])}
    return {
        "url": reverse("digests:follow_search") + "?" + query_string(query),
        "label": _("Follow this search by e-mail"),
    }
