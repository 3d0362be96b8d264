"""Follow links for the public pages (catalogue, territory, search)."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from territories.models import Territory

register = template.Library()


@register.simple_tag
def catalogue_follow_link(filters) -> dict | None:
    """The link that follows what the catalogue shows: {"url", "label"}.

    One theme, lever or région alone is followed as such (a "theme page"); any
    other combination becomes a saved search, since the catalogue's filters add
    up (AND) while separate subscriptions do not.
    """
    if filters is None or not filters.active:
        return {
            "url": reverse("digests:subscribe"),
            "label": _("Receive the new practices by e-mail every week"),
        }
    single = [
        (name, values[0], label)
        for name, values, label in (
            ("theme", filters.themes, _("Follow this theme by e-mail")),
            ("lever", filters.levers, _("Follow this lever by e-mail")),
            ("region", filters.regions, _("Follow this region by e-mail")),
        )
        if len(values) == 1
    ]
    others = len(filters.themes) + len(filters.levers) + len(filters.regions)
    if len(single) == 1 and others == 1 and not (filters.audiences or filters.kinds):
        name, value, label = single[0]
        if name == "region":
            region = Territory.objects.filter(kind="region", code=value).first()
            if region is None:
                return None
            name, value = "territory", region.pk
        url = reverse("digests:subscribe") + "?" + urlencode({name: value})
        return {"url": url, "label": label}
    kinds = []
    for kind in filters.kinds:
        if kind == "epci":
            kinds += [f"epci-{t}" for t in Territory.EpciType.values]
        else:
            kinds.append(kind)
    params = [
        *[("theme", v) for v in filters.themes],
        *[("lever", v) for v in filters.levers],
        *[("audience", v) for v in filters.audiences],
        *[("territory_kind", v) for v in kinds],
        *[("region", v) for v in filters.regions],
    ]
    return {
        "url": reverse("digests:follow_search") + "?" + urlencode(params),
        "label": _("Follow this selection by e-mail"),
    }
